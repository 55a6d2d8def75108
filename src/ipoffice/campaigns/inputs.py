"""A campaign's input, declared once (ADR 0021): the page's form and the service's check."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ipoffice.campaigns.models import Campaign
from ipoffice.common.inputs import Declaration, InputField, Kind

CAMPAIGN_INPUT = Declaration(
    InputField("name_zh", Kind.TEXT, Campaign, required=True),
    InputField("name_en", Kind.TEXT, Campaign),
    InputField("starts_on", Kind.DATE, Campaign, required=True),
    InputField("ends_on", Kind.DATE, Campaign, required=True),
    InputField(
        "offices",
        Kind.LIST,
        label=_("offices taking part"),
        help_text=_(
            "Office codes, one a line; each takes part with the offices below it. "
            "Empty: every office below yours."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    ),
    InputField("target_cases", Kind.COUNT, Campaign),
    InputField("description", Kind.TEXT, Campaign, max_length=5000),
)
