"""The assessment pages' forms: each keeps what was typed and shows, beside its field,
why the service refused it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ipoffice.cases.forms import RefusingForm
from ipoffice.common.inputs import NOTE_MAX_LENGTH, too_long_message


def _text(label: Any, *, required: bool = False, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX_LENGTH,
        error_messages={"max_length": lazy(too_long_message, str)(NOTE_MAX_LENGTH)},
        widget=forms.Textarea(attrs={"rows": rows}) if rows > 1 else forms.TextInput(),
    )


def _points(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "inputmode": "decimal"}),
    )


class Prefixed(RefusingForm):
    """One form per indicator on the page: the prefix keeps their fields apart."""

    def __init__(self, *args: Any, indicator: str, **kwargs: Any) -> None:
        kwargs["prefix"] = f"{self.kind}-{indicator}"
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    kind = ""


class ClaimForm(Prefixed):
    kind = "claim"
    points = _points(_("points claimed"))
    note = _text(_("what was done"), rows=3)


class AwardForm(Prefixed):
    kind = "award"
    points = _points(_("points awarded"))
    reason = _text(_("reason (required when other than claimed)"))


class RemarkForm(Prefixed):
    kind = "remark"
    text = _text(_("remark"), required=True)


class EvidenceForm(Prefixed):
    kind = "evidence"
    file = forms.FileField(label=_("file"))
    description = forms.CharField(
        label=pgettext_lazy("assessment", "description"), max_length=300, required=False
    )


class ActionForm(RefusingForm):
    """One workflow action; a reason where the action asks for one."""

    def __init__(self, *args: Any, name: str, reason_required: bool, **kwargs: Any) -> None:
        kwargs["prefix"] = name
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _text(_("reason"), required=reason_required)


class IndicatorForm(RefusingForm):
    """A draft scheme's indicator: its weight and cap (empty: no cap)."""

    weight = forms.DecimalField(label=_("weight"), min_value=0, max_digits=6, decimal_places=2)
    cap = forms.DecimalField(
        label=_("cap"), min_value=0, max_digits=8, decimal_places=2, required=False
    )

    def __init__(self, *args: Any, indicator: str, **kwargs: Any) -> None:
        kwargs["prefix"] = f"indicator-{indicator}"
        super().__init__(*args, **kwargs)
        self.indicator = indicator
