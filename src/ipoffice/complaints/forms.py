"""The complaint pages' forms. ``SubmitForm`` is built from the complaint input's
declaration (``inputs.COMPLAINT_INPUT``) and checks as the API does."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ipoffice.cases.inputs import CASE_INPUT, REGISTRATION
from ipoffice.common.declared import DeclaredForm
from ipoffice.common.inputs import NOTE_MAX_LENGTH
from ipoffice.complaints.enums import Authority, Channel
from ipoffice.complaints.inputs import COMPLAINT_INPUT
from ipoffice.complaints.intake import CHANNELS_FOR_AGENTS, clean_complaint, filing_language
from ipoffice.offices.models import Office, OfficeLevel


def _provinces() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (o.code, o.place_name)
        for o in Office.objects.filter(level=OfficeLevel.PROVINCIAL).order_by("code")
    ]


class CitySelect(forms.Select):
    """The cities grouped by province: without script the list reads by province; with it
    (static/ipoffice/forms.js) only the chosen province's cities are offered, each option
    saying its province in ``data-province``."""

    def __init__(self) -> None:
        groups: dict[Office, list[tuple[str, str]]] = {}
        self.province_of: dict[str, str] = {}
        for city in (
            Office.objects.filter(level=OfficeLevel.MUNICIPAL, parent__isnull=False)
            .select_related("parent")
            .order_by("parent__code", "code")
        ):
            province: Any = city.parent
            groups.setdefault(province, []).append((city.code, city.place_name))
            self.province_of[city.code] = province.code
        choices = [(p.place_name, cities) for p, cities in groups.items()]
        super().__init__(attrs={"data-follows": "id_province_code"}, choices=[("", "—"), *choices])

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            province = self.province_of.get(str(value), "")
            option["attrs"] = {"data-province": province, **option["attrs"]}
        return option


CASE_FIELDS = frozenset(f.name for f in REGISTRATION)


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

    # Required unless the complaint is anonymous (intake says so): marked like the others.
    marked = frozenset({"name"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province_code"].widget.choices = _provinces()
        self.fields["city_code"].widget = CitySelect()
        self.fields["language"].initial = filing_language()  # the page's, unless changed

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


class ConversionForm(DeclaredForm):
    """The case fields a complaint leaves open (``services.conversion_gaps``), for the
    agent to supply when turning it into a case; checked as the case input checks them."""

    prefix = "convert"  # beside the other action forms of the complaint page

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True  # the case cannot be opened without them

    def overrides(self) -> dict[str, Any]:
        """What was typed, for the service (which checks the whole case)."""
        return {f.name: self.data.get(self.add_prefix(f.name), "") for f in self.declared}


def conversion_form(gaps: Any, data: Any = None) -> ConversionForm:
    names = [name for name in gaps if name in CASE_FIELDS]
    form_class = type("GapsForm", (ConversionForm,), {"declared": CASE_INPUT.only(*names)})
    return form_class(data)
