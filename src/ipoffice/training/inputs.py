"""A training's input, declared once (ADR 0021)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ipoffice.common.inputs import Declaration, InputField, Kind
from ipoffice.training.models import Training

TRAINING_INPUT = Declaration(
    InputField("course", Kind.TEXT, Training, required=True),
    InputField("starts_on", Kind.DATE, Training, required=True),
    InputField("ends_on", Kind.DATE, Training, required=True),
    InputField("hours", Kind.COUNT, Training, required=True),
    InputField("rotating", Kind.FLAG, Training),
    InputField(
        "participants",
        Kind.LIST,
        required=True,
        label=_("participants by office"),
        help_text=_("One office a line: its code and how many took part, e.g. 320100 12."),
        widget=forms.Textarea(attrs={"rows": 4}),
    ),
    InputField("description", Kind.TEXT, Training, max_length=5000),
)
