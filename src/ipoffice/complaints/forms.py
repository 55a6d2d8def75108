"""Forms that render and carry complaint input; the service does the checking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ipoffice.complaints.enums import Authority, Channel, ComplaintKind
from ipoffice.complaints.intake import CHANNELS_FOR_AGENTS
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


class SubmitForm(forms.Form):
    kind = forms.ChoiceField(label=_("What are you filing?"), choices=ComplaintKind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5})
    )
    province_code = forms.ChoiceField(label=_("Province where it happened"), choices=())
    city_code = forms.ChoiceField(label=_("City"), choices=(), required=False)
    patent_numbers = forms.CharField(
        label=_("Patent numbers"),
        required=False,
        help_text=_("e.g. ZL201310123456.2; separate several with ;"),
    )
    respondent_name = forms.CharField(label=_("Who infringes (name)"), required=False)
    respondent_code = forms.CharField(
        label=_("Their unified social credit code, if known"), required=False
    )
    listing_urls = forms.CharField(
        label=_("Online listing addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line"),
    )
    anonymous = forms.BooleanField(
        label=_("File anonymously (reports of passing off only)"), required=False
    )
    name = forms.CharField(label=_("Your name"), required=False)
    phone = forms.CharField(label=_("Telephone"), required=False)
    email = forms.CharField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), required=False)
    evidence = forms.FileField(
        label=_("Evidence files (PDF, images, Office documents; up to 5)"),
        required=False,
        widget=MultipleFileInput(),
    )
    # Left empty by people (the field is hidden); bots fill every field they find.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province_code"].choices = _provinces()  # type: ignore[attr-defined]
        self.fields["city_code"].choices = _cities()  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: self.data.get(name, "") for name in self.fields}
        data["anonymous"] = self.data.get("anonymous") in ("on", "true", "1")
        return data


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
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    transferred_to = forms.CharField(
        label=_("Office code (to transfer to an office)"), required=False
    )
    authority = forms.ChoiceField(
        label=_("or another authority"), required=False, choices=[("", "—"), *Authority.choices]
    )
    authority_name = forms.CharField(label=_("Name of that authority"), required=False)
    complex_matter = forms.BooleanField(label=_("Complex matter (120 days)"), required=False)
