"""The campaigns' report form and section, registered in ``ready()``.

The form counts the cases tagged to a campaign (``Case.campaign``, declared in the cases
app above this one, so the records are named by "app_label.Model" and their fields by
lookup paths); the section adds, per campaign of the year, the cases against its target
(``selectors.campaign_figures`` reads the same records).
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from ipoffice.campaigns.models import Campaign
from ipoffice.campaigns.selectors import FOUND
from ipoffice.common.periods import Period
from ipoffice.common.statistics import (
    BY_OFFICE,
    PAGE,
    PDF,
    XLSX,
    Chart,
    Column,
    Figure,
    ReportForm,
    Section,
    Sentence,
    Tile,
    form_register,
    section_register,
)

TAGGED = Q(campaign__isnull=False)


def _accepted(p: Period) -> Q:
    return TAGGED & Q(accepted_on__range=(p.start, p.end))


def _concluded(p: Period, **extra: Any) -> Q:
    return TAGGED & Q(concluded_on__range=(p.start, p.end), **extra)


CAMPAIGNS = ReportForm(
    "campaigns",
    _("Special campaigns"),
    model="cases.Case",
    permission="cases.view_case",
    office_field="office",
    figures=(
        Figure("campaign_cases", _("Campaign cases accepted"), _accepted),
        Figure("campaign_concluded", _("Campaign cases concluded"), _concluded),
        Figure(
            "campaign_found",
            _("Campaign cases with infringement found or a penalty"),
            lambda p: _concluded(p, outcome__in=FOUND),
        ),
    ),
    columns=(
        Column("id", attrgetter("pk")),
        Column("case_number", attrgetter("case_number"), attrgetter("case_number"), "case-detail"),
        Column("office", attrgetter("office.code"), attrgetter("office.name")),
        Column("campaign", attrgetter("campaign.name_zh"), attrgetter("campaign.name")),
        Column("accepted_on", attrgetter("accepted_on")),
        Column("concluded_on", attrgetter("concluded_on")),
        Column("outcome", attrgetter("outcome")),
    ),
    base="campaign_cases",
)


def campaigns_of_year(office: Any, period: Period) -> list[tuple[Campaign, int]]:
    """The campaigns of the period's year with cases in the office's subtree: (campaign,
    cases tagged to it in the subtree), most cases first."""
    found = (
        Campaign.objects.filter(year=period.start.year)
        .annotate(
            n=Count("cases", filter=Q(cases__office__path__startswith=office.path), distinct=True)
        )
        .filter(n__gt=0)
        .order_by("-n", "name_zh")
    )
    return [(c, c.n) for c in found]  # type: ignore[attr-defined]


def _facts(office: Any, period: Period) -> dict[str, Any]:
    parts = []
    for campaign, n in campaigns_of_year(office, period):
        if campaign.target_cases:
            parts.append(
                _g("%(name)s: %(n)s cases (target %(target)s)")
                % {"name": campaign.name, "n": f"{n:,}", "target": f"{campaign.target_cases:,}"}
            )
        else:
            parts.append(_g("%(name)s: %(n)s cases") % {"name": campaign.name, "n": f"{n:,}"})
    return {"campaign_list": _g("; ").join(parts) if parts else _g("none")}


CAMPAIGNS_SECTION = Section(
    "campaigns",
    CAMPAIGNS.code,
    _("Special campaigns"),
    paragraph=(
        Sentence(
            _(
                "In special campaigns, %(office)s accepted %(campaign_cases)s cases, "
                "%(campaign_cases__trend)s by %(campaign_cases__change)s compared with the "
                "previous year, and concluded %(campaign_concluded)s. By campaign: "
                "%(campaign_list)s."
            ),
            national=_(
                "In special campaigns, %(campaign_cases)s cases were accepted, "
                "%(campaign_cases__trend)s by %(campaign_cases__change)s compared with the "
                "previous year, and %(campaign_concluded)s concluded. By campaign: "
                "%(campaign_list)s."
            ),
        ),
    ),
    table=("campaign_cases", "campaign_concluded", "campaign_found"),
    tiles=(Tile("campaign_cases"),),
    charts=(
        Chart(
            "campaign_offices",
            _("Campaign cases accepted by office below"),
            BY_OFFICE,
            ("campaign_cases",),
            heading=_("Campaign cases by office"),
            shown=frozenset({PAGE, XLSX, PDF}),  # the dashboard has its tile
        ),
    ),
    yearly_facts=_facts,
    order=50,
)


def statistics_register() -> None:
    """Called once from ``CampaignsConfig.ready()``."""
    form_register(CAMPAIGNS)
    section_register(CAMPAIGNS_SECTION)
