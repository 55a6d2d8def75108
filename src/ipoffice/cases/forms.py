"""The case pages' forms. ``CaseForm`` is built from the case input's declaration
(``inputs.REGISTRATION``) and checks as the API and the import do."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ipoffice.cases.enums import AttachmentKind, Outcome
from ipoffice.cases.inputs import REGISTRATION
from ipoffice.cases.validation import clean_case
from ipoffice.cases.workflow import STEPS
from ipoffice.common.declared import DeclaredForm
from ipoffice.common.inputs import NOTE_MAX_LENGTH


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class CaseForm(DeclaredForm):
    declared = REGISTRATION

    def check(self, data: dict[str, Any]) -> object:
        return clean_case(data)


class TransitionForm(forms.Form):
    on = forms.DateField(
        label=_("date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    outcome = forms.ChoiceField(label=_("outcome"), choices=_blank(Outcome.choices), required=False)
    fine_amount = forms.DecimalField(label=_("fine (RMB)"), required=False, decimal_places=2)
    illegal_gains = forms.DecimalField(
        label=_("illegal gains (RMB)"), required=False, decimal_places=2
    )


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("step"), choices=list(STEPS.items()))
    on = forms.DateField(
        label=_("date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("note"), required=False, max_length=NOTE_MAX_LENGTH)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("file"))
