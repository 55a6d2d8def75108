"""The case form: it only renders fields and carries input; checking is the service's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ipoffice.cases.enums import (
    AttachmentKind,
    CaseSource,
    CaseType,
    DisputeSubtype,
    Industry,
    Outcome,
    PartyKind,
)
from ipoffice.cases.workflow import STEPS


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class CaseForm(forms.Form):
    case_type = forms.ChoiceField(label=_("case type"), choices=_blank(CaseType.choices))
    dispute_subtype = forms.ChoiceField(
        label=_("dispute subtype"), choices=_blank(DisputeSubtype.choices), required=False
    )
    source = forms.ChoiceField(label=_("source"), choices=_blank(CaseSource.choices))
    filed_on = forms.CharField(label=_("filed on"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("title"), required=False)
    campaign = forms.CharField(label=_("special campaign"), required=False)
    industry = forms.ChoiceField(
        label=_("industry or area"), choices=_blank(Industry.choices), required=False
    )
    e_commerce = forms.BooleanField(label=_("e-commerce"), required=False)
    foreign_related = forms.BooleanField(label=_("foreign-related"), required=False)
    patent_numbers = forms.CharField(
        label=_("patent numbers"), required=False, help_text=_("Separate several with ;")
    )
    requester_kind = forms.ChoiceField(label=_("requester is"), choices=PartyKind.choices)
    requester_name = forms.CharField(label=_("requester"), required=False)
    requester_id = forms.CharField(label=_("requester's credit code or ID number"), required=False)
    respondent_kind = forms.ChoiceField(label=_("respondent is"), choices=PartyKind.choices)
    respondent_name = forms.CharField(label=_("respondent"), required=False)
    respondent_id = forms.CharField(
        label=_("respondent's credit code or ID number"), required=False
    )
    illegal_gains = forms.CharField(label=_("illegal gains (RMB)"), required=False)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea)

    def service_data(self) -> dict[str, Any]:
        data = {name: self.data.get(name, "") for name in self.fields}
        for flag in ("e_commerce", "foreign_related"):
            data[flag] = self.data.get(flag) in ("on", "true", "1")
        return data


class TransitionForm(forms.Form):
    on = forms.DateField(
        label=_("date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
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
    note = forms.CharField(label=_("note"), required=False)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("file"))
