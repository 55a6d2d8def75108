"""Reads of campaigns, always scoped with ``visible_to``; and which campaigns an office
takes part in (the names its cases may be tagged with)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from ipoffice.campaigns.models import Campaign
from ipoffice.common.scoping import user_office
from ipoffice.offices.models import Office


def campaign_list(*, user: Any) -> QuerySet[Campaign]:
    return Campaign.objects.visible_to(user).select_related("organiser")


def _ancestor_paths(office: Office) -> list[str]:
    parts = [p for p in office.path.split("/") if p]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def campaigns_open_to(office: Office) -> QuerySet[Campaign]:
    """The campaigns ``office`` takes part in: organised by it or an office above it, and
    naming it or an office above it among those taking part (none named: all below the
    organiser)."""
    above = _ancestor_paths(office)
    return (
        Campaign.objects.filter(organiser__path__in=above)
        .filter(Q(offices=None) | Q(offices__path__in=above))
        .distinct()
        .order_by("-year", "name_zh")
    )


def campaign_named(*, name: str, office: Office) -> Campaign | None:
    """The campaign of that name (Chinese or English) that ``office`` takes part in."""
    open_to = campaigns_open_to(office)
    return open_to.filter(name_zh=name).first() or open_to.filter(name_en=name).first()


@dataclass(frozen=True)
class OfficeFigures:
    office: Office
    cases: int
    concluded: int
    found: int  # infringement found or a penalty


@dataclass(frozen=True)
class CampaignFigures:
    rows: list[OfficeFigures]
    total: int
    target: int | None

    @property
    def share_of_target(self) -> float | None:
        return round(100 * self.total / self.target, 1) if self.target else None


# What the case's outcome is when an infringement was found or a penalty imposed (the
# values of cases.enums.PUBLISHED_OUTCOMES, which this lower layer may not import).
FOUND = ("infringement_found", "penalty_imposed")


def campaign_figures(*, campaign: Campaign, user: Any) -> CampaignFigures:
    """The campaign's tagged cases in the user's subtree against its target, per office
    directly below the user's (each with its subtree) and the user's own. Read through
    the campaign's reverse relation (``Case.campaign``, declared above)."""
    office = user_office(user)
    if office is None:
        return CampaignFigures([], 0, campaign.target_cases)
    counted = (
        Campaign.objects.filter(pk=campaign.pk, cases__office__path__startswith=office.path)
        .values("cases__office__path")
        .annotate(
            n=Count("cases", distinct=True),
            concluded=Count("cases", filter=~Q(cases__concluded_on=None), distinct=True),
            found=Count("cases", filter=Q(cases__outcome__in=FOUND), distinct=True),
        )
    )
    sums: dict[str, list[int]] = {}
    for c in counted:
        below = c["cases__office__path"][len(office.path) :]
        code = below.split("/")[0] if below else office.code
        total = sums.setdefault(code, [0, 0, 0])
        for i, key in enumerate(("n", "concluded", "found")):
            total[i] += c[key]
    offices = Office.objects.in_bulk(list(sums), field_name="code")
    rows = sorted(
        (OfficeFigures(offices[code], *values) for code, values in sums.items()),
        key=lambda r: r.office.path,
    )
    return CampaignFigures(rows, sum(r.cases for r in rows), campaign.target_cases)
