"""The request input, declared once: the page (``forms.RequestForm``) and the API
(``api.RequestCreateSerializer``) read it; the service checks it again."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ipoffice.common.inputs import Declaration, InputField, Kind
from ipoffice.coordination.models import CoordinationRequest

R = CoordinationRequest
REQUEST = (
    InputField("kind", Kind.CHOICE, R, required=True),
    InputField("assistance", Kind.CHOICE, R),
    InputField(
        "receiving_office",
        Kind.CODE,
        label=_("receiving office"),
        help_text=_("For a request to an office: the office's code."),
        max_length=12,
    ),
    InputField(
        "authority",
        Kind.CODE,
        label=_("outside authority"),
        help_text=_("For a transfer: the authority's number in your office's register."),
        max_length=12,
    ),
    InputField("subject", Kind.TEXT, R, required=True),
    InputField("details", Kind.TEXT, R, required=True, max_length=5000),
)
REQUEST_INPUT = Declaration(*REQUEST)
