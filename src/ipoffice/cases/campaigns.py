"""Tagging cases to special campaigns: a case names its campaign by name (the input, the
API, the import and the export speak names), stored as ``Case.campaign``, the campaign
record of ``ipoffice.campaigns`` that the case's office takes part in."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ipoffice.campaigns.models import Campaign
from ipoffice.campaigns.selectors import campaign_named
from ipoffice.common.errors import ApplicationError
from ipoffice.offices.models import Office


def unknown_campaign_message(name: str) -> str:
    return _("No special campaign named %(name)s that this office takes part in.") % {"name": name}


def campaign_for(name: str, office: Office) -> Campaign | None:
    """The campaign a case of ``office`` is tagged with by ``name`` ("" for none)."""
    if not name:
        return None
    found = campaign_named(name=name, office=office)
    if found is None:
        raise ApplicationError(unknown_campaign_message(name), field="campaign")
    return found


def campaign_name(case_campaign: Campaign | None) -> str:
    """How a case shows its campaign in its input (the Chinese name, which the import
    and the API read back)."""
    return case_campaign.name_zh if case_campaign is not None else ""


class CampaignNames:
    """The import's look-up, once per office and name."""

    def __init__(self) -> None:
        self._found: dict[tuple[int, str], int | None] = {}

    def find(self, name: str, office: Office) -> int | None:
        key = (office.pk, name)
        if key not in self._found:
            found = campaign_named(name=name, office=office)
            self._found[key] = found.pk if found else None
        return self._found[key]
