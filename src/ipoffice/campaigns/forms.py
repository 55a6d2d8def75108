from __future__ import annotations

from ipoffice.campaigns.inputs import CAMPAIGN_INPUT
from ipoffice.common.declared import DeclaredForm


class CampaignForm(DeclaredForm):
    declared = CAMPAIGN_INPUT.fields
