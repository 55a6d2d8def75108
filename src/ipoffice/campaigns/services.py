"""Writes of campaigns: keyword-only, checked, audited, in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ipoffice.audit.services import audit_record
from ipoffice.campaigns.inputs import CAMPAIGN_INPUT
from ipoffice.campaigns.models import Campaign
from ipoffice.common.errors import InvalidInput, PermissionDeniedError
from ipoffice.common.scoping import office_within, user_office
from ipoffice.offices.models import Office


def campaign_check(data: dict[str, Any], *, organiser: Office) -> tuple[dict[str, Any], Any]:
    """The input's values and its problems by field (empty when it may be saved)."""
    values, errors = CAMPAIGN_INPUT.check(data)
    starts, ends = values["starts_on"], values["ends_on"]
    if starts and ends and ends < starts:
        errors.setdefault("ends_on", []).append(_("A campaign cannot end before it starts."))
    name = values["name_zh"]
    if name and Campaign.objects.filter(name_zh=name).exists():
        errors.setdefault("name_zh", []).append(
            _("A campaign named %(name)s exists already.") % {"name": name}
        )
    codes = values["offices"]
    found = {o.code: o for o in Office.objects.filter(code__in=codes)}
    for code in codes:
        office = found.get(code)
        if office is None or not office_within(office, organiser):
            errors.setdefault("offices", []).append(
                _("%(code)s is not an office at or below yours.") % {"code": code}
            )
    values["offices"] = [found[c] for c in codes if c in found]
    return values, errors


@transaction.atomic
def campaign_create(*, actor: Any, data: dict[str, Any]) -> Campaign:
    """A campaign organised by the actor's office, with the offices taking part."""
    organiser = user_office(actor)
    if organiser is None or not actor.has_perm("campaigns.add_campaign"):
        raise PermissionDeniedError(_("You may not organise campaigns."))
    values, errors = campaign_check(data, organiser=organiser)
    if errors:
        raise InvalidInput(errors)
    offices = values.pop("offices")
    campaign = Campaign.objects.create(organiser=organiser, year=values["starts_on"].year, **values)
    campaign.offices.set(offices)
    audit_record(
        actor=actor,
        target=campaign,
        office=organiser,
        action="create",
        changes={
            "name_zh": [None, campaign.name_zh],
            "offices": [None, sorted(o.code for o in offices)],
            "target_cases": [None, campaign.target_cases],
        },
    )
    return campaign
