"""The complaint pages' forms. ``SubmitForm`` is built from the complaint input's
declaration (``inputs.COMPLAINT_INPUT``) and checks as the API does."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ipoffice.common.declared import DeclaredForm
from ipoffice.common.inputs import NOTE_MAX_LENGTH
from ipoffice.complaints.enums import Authority, Channel
from ipoffice.complaints.inputs import COMPLAINT_INPUT
from ipoffice.complaints.intake import CHANNELS_FOR_AGENTS, clean_complaint
from ipoffice.offices.models import Office, OfficeLevel


def _provinces() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (o.code, o.name)
        for o in Office.objects.filter(level=OfficeLevel.PROVINCIAL).order_by("code")
    ]


def _cities() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (o.code, f"{o.parent.name if o.parent else ''} {o.name}")
        for o in Office.objects.filter(level=OfficeLevel.MUNICIPAL)
        .select_related("parent")
        .order_by("code")
    ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's FileField cleans one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        one = super().clean
        if isinstance(data, list):
            return [one(item, initial) for item in data]
        return one(data, initial)


class SubmitForm(DeclaredForm):
    declared = COMPLAINT_INPUT.fields
    evidence = MultipleFileField(
        label=_("Evidence files (PDF, images, Office documents; up to 5)"), required=False
    )
    # Left empty by people (the field is hidden); bots fill every field they find.
    website = forms.CharField(required=False, max_length=200, label=_("Leave this empty"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province_code"].widget.choices = _provinces()
        self.fields["city_code"].widget.choices = _cities()

    def check(self, data: dict[str, Any]) -> object:
        return clean_complaint(data)


class AgentSubmitForm(SubmitForm):
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c, label) for c, label in Channel.choices if c in CHANNELS_FOR_AGENTS],
    )
    received_on = forms.DateField(
        label=_("Received on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class TrackForm(forms.Form):
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=20)
    code = forms.CharField(label=_("Verification code"), max_length=20)


class ActionForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    transferred_to = forms.CharField(
        label=_("Office code (to transfer to an office)"), required=False, max_length=12
    )
    authority = forms.ChoiceField(
        label=_("or another authority"), required=False, choices=[("", "—"), *Authority.choices]
    )
    authority_name = forms.CharField(
        label=_("Name of that authority"), required=False, max_length=200
    )
    complex_matter = forms.BooleanField(label=_("Complex matter (120 days)"), required=False)
