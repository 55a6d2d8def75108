"""The case pages' forms. ``CaseForm`` is built from the case input's declaration
(``inputs.REGISTRATION``) and checks as the API and the import do; each transition has a
form with its own fields (``transition_form``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from ipoffice.cases.enums import (
    OUTCOMES,
    AttachmentKind,
    CaseType,
    ConsultationKind,
    Outcome,
    Performance,
    SuspensionGround,
    TakedownAnswer,
    TransferAuthority,
)
from ipoffice.cases.inputs import CASE_INPUT, REGISTRATION
from ipoffice.cases.models import Case
from ipoffice.cases.rules import maximum_fine, penalty_limit_on
from ipoffice.cases.validation import clean_case
from ipoffice.cases.workflow import STEPS, mediation_units, transfer_destinations
from ipoffice.common.declared import DeclaredForm
from ipoffice.common.errors import ApplicationError, InvalidInput
from ipoffice.common.inputs import NOTE_MAX_LENGTH, too_long_message
from ipoffice.common.workflow import Transition


def _note(label: Any, *, required: bool = True, rows: int = 2) -> forms.CharField:
    """A reason or note: as long as a history row takes, said as the other inputs say it."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX_LENGTH,
        error_messages={"max_length": lazy(too_long_message, str)(NOTE_MAX_LENGTH)},
        widget=forms.Textarea(attrs={"rows": rows}) if rows > 1 else forms.TextInput(),
    )


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


def _date_field(label: Any = None) -> forms.DateField:
    return forms.DateField(
        label=label or _("date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )


class RefusingForm(forms.Form):
    def refuse(self, error: ApplicationError) -> None:
        """Show what the service refused beside its field, or above the form."""
        errors = (
            error.errors
            if isinstance(error, InvalidInput)
            else {error.field or "": [error.message]}
        )
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, str(message))

    def labelled_errors(self) -> list[str]:
        """Every problem, each named by its field's label (the panel's summary)."""
        found = [str(e) for e in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name in self.fields:
                label = str(self.fields[name].label or name)
                label = label[:1].upper() + label[1:]
                found += [
                    _("%(field)s: %(message)s") % {"field": label, "message": e} for e in errors
                ]
        return found


class CaseForm(DeclaredForm):
    declared = REGISTRATION

    def check(self, data: dict[str, Any]) -> object:
        return clean_case(data)


# -- one form per transition -----------------------------------------------------------


class ActionForm(RefusingForm):
    """A transition that only carries its date (accept, start investigation, publish ...)."""

    def __init__(self, *args: Any, case: Case, transition: Transition, **kwargs: Any) -> None:
        kwargs["prefix"] = transition.name
        super().__init__(*args, **kwargs)
        self.case, self.transition = case, transition
        self.fields["on"] = _date_field()

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        return {"on": data.pop("on"), "reason": data.pop("reason", ""), **data}


class ReasonForm(ActionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _note(_("reason"))


class OfficeChoiceField(forms.ModelChoiceField):
    """Offices by their name in the reader's language (no code to know)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class TransferForm(ReasonForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = OfficeChoiceField(
            label=_("office it goes to"),
            queryset=transfer_destinations(self.case).order_by("path"),
            required=False,
            empty_label="—",
            help_text=_("Another patent office; or choose an authority below."),
        )
        self.fields = {
            "on": self.fields["on"],
            "destination_office": offices,
            "authority": forms.ChoiceField(
                label=_("or the authority it goes to"),
                choices=_blank(TransferAuthority.choices),
                required=False,
            ),
            "reason": self.fields["reason"],
        }


def fine_hint(case: Case) -> str:
    """The legal maximum, as the officer should see it while deciding."""
    today = timezone.localdate()
    limit = penalty_limit_on(today)
    cap = maximum_fine(day=today, illegal_gains=case.illegal_gains)
    return str(
        _(
            "Legal maximum: %(multiple)s times the illegal gains, or RMB %(cap)s where there "
            "are none; for the gains recorded, RMB %(maximum)s."
        )
    ) % {
        "multiple": limit.gains_multiple,
        "cap": f"{limit.cap_without_gains:,.0f}",
        "maximum": f"{cap:,.2f}",
    }


class DecideForm(ReasonForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = OUTCOMES["decide"].get(self.case.case_type, ())
        fields: dict[str, forms.Field] = {
            "on": self.fields["on"],
            "outcome": forms.ChoiceField(
                label=_("outcome"),
                choices=_blank([(o, Outcome(o).label) for o in allowed]),
            ),
        }
        if self.case.case_type == CaseType.PASSING_OFF:
            fields["fine_amount"] = forms.DecimalField(
                label=_("fine (RMB)"),
                required=False,
                min_value=Decimal(0),
                decimal_places=2,
                help_text=fine_hint(self.case),
            )
            fields["illegal_gains"] = forms.DecimalField(
                label=_("illegal gains (RMB)"),
                required=False,
                min_value=Decimal(0),
                decimal_places=2,
                initial=self.case.illegal_gains,
            )
        fields["reason"] = self.fields["reason"]
        self.fields = fields


class MediationStartForm(ActionForm):
    """Start the mediation: by the office or a fast IPR protection center below it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handling_unit"] = OfficeChoiceField(
            label=_("handling unit"),
            queryset=mediation_units(self.case),
            required=False,
            empty_label=None,
            initial=self.case.office_id,
            help_text=_("The office, or a fast IPR protection center below it."),
        )
        self.fields["complex"] = forms.BooleanField(
            label=_("complex mediation (3 months instead of 2)"), required=False
        )


def _optional_date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: the date of the agreement."),
    )


class SettleForm(ActionForm):
    """The mediation agreement: its date (the act's), terms and the parties' signatures."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("date of the agreement")
        self.fields["terms"] = _note(_("terms of the agreement"), rows=3)
        self.fields["requester_signed_on"] = _optional_date(_("signed by the requester on"))
        self.fields["respondent_signed_on"] = _optional_date(_("signed by the respondent on"))


FORMS: dict[str, type[ActionForm]] = {
    "transfer": TransferForm,
    "decide": DecideForm,
    "start_mediation": MediationStartForm,
    "settle": SettleForm,
}


def transition_form(case: Case, t: Transition, data: Any = None) -> ActionForm:
    form_class = FORMS.get(t.name) or (ReasonForm if t.reason_required else ActionForm)
    return form_class(data, case=case, transition=t)


# -- the other panels -----------------------------------------------------------------


class StepForm(RefusingForm):
    prefix = "step"
    step = forms.ChoiceField(label=_("step"), choices=list(STEPS.items()))
    on = _date_field()
    note = _note(_("note"), required=False, rows=1)


class AttachmentForm(RefusingForm):
    kind = forms.ChoiceField(label=_("kind"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("file"))


class ExtensionRequestForm(RefusingForm):
    prefix = "extension"
    days = forms.IntegerField(label=_("days asked"), min_value=1)
    reason = _note(_("reason"))

    def __init__(self, *args: Any, allowed: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed:
            self.fields["days"].max_value = allowed  # type: ignore[attr-defined]
            self.fields["days"].widget.attrs["max"] = allowed
            self.fields["days"].initial = allowed
            self.fields["days"].help_text = _("At most %(days)s days.") % {"days": allowed}


class ExtensionDecisionForm(RefusingForm):
    reason = _note(_("reason"))
    on = _date_field()

    def __init__(self, *args: Any, pk: int, **kwargs: Any) -> None:
        kwargs["prefix"] = f"decision-{pk}"
        super().__init__(*args, **kwargs)


# -- mediation, suspension, opinions, takedown notices (the mechanisms of 2013) ---------


class MediationComplexForm(RefusingForm):
    prefix = "complex"
    reason = _note(_("why the mediation is complex"))


class PerformanceForm(RefusingForm):
    prefix = "performance"
    performance = forms.ChoiceField(label=_("performance"), choices=_blank(Performance.choices))
    on = _date_field(_("found on"))
    note = _note(_("note"), required=False, rows=1)


class SuspendForm(RefusingForm):
    prefix = "suspend"
    ground = forms.ChoiceField(label=_("ground"), choices=_blank(SuspensionGround.choices))
    on = _date_field(_("suspended from"))
    reason = _note(_("reason"))


class ResumeForm(RefusingForm):
    prefix = "resume"
    on = _date_field(_("resumed on"))
    reason = _note(_("reason for resuming"))


class ConsultationForm(RefusingForm):
    prefix = "consultation"
    kind = forms.ChoiceField(label=_("kind of opinion"), choices=_blank(ConsultationKind.choices))
    experts = forms.CharField(label=_("experts"), max_length=300)
    organisation = forms.CharField(label=_("organisation"), max_length=200, required=False)
    question = _note(_("question"), rows=3)
    on = _date_field(_("requested on"))


class AnswerForm(RefusingForm):
    prefix = "opinion"
    answer = _note(_("opinion"), rows=3)
    on = _date_field(_("opinion given on"))


class TakedownForm(RefusingForm):
    prefix = "takedown"
    platform = forms.CharField(label=_("platform"), max_length=100)
    platform_address = forms.CharField(
        label=_("platform's address for notices"),
        max_length=300,
        help_text=_("An e-mail address, or an https:// address that takes the notice."),
    )
    shop_name = forms.CharField(label=_("shop name"), max_length=200)
    shop_id = forms.CharField(label=_("shop ID"), max_length=100, required=False)
    listing_urls = forms.CharField(
        label=_("listing URLs"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20_000,
        help_text=_("One address per line."),
    )
    on = _date_field(_("sent on"))


class TakedownAnswerForm(RefusingForm):
    answer = forms.ChoiceField(label=_("platform's answer"), choices=_blank(TakedownAnswer.choices))
    note = _note(_("platform's words"), required=False, rows=1)
    on = _date_field(_("answered on"))

    def __init__(self, *args: Any, pk: int, **kwargs: Any) -> None:
        kwargs["prefix"] = f"takedown-{pk}"
        super().__init__(*args, **kwargs)


class CorrectionForm(DeclaredForm, RefusingForm):
    """Correct what was registered: descriptive fields, parties and patents, with a reason."""

    declared = CASE_INPUT.only(
        "title",
        "campaign",
        "industry",
        "e_commerce",
        "foreign_related",
        "illegal_gains",
        "description",
        "patent_numbers",
        *(
            f"{role}_{name}"
            for role in ("requester", "respondent")
            for name in ("kind", "name", "id", "address", "contact")
        ),
    )
    prefix = "correct"
    reason = _note(_("reason for the correction"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in PARTY_LABELS.items():
            self.fields[name].label = label


# Labels the declaration leaves ambiguous (both parties have an address), for the form and
# the timeline.
PARTY_LABELS = {
    "requester_address": _("requester's address"),
    "requester_contact": _("requester's contact"),
    "respondent_address": _("respondent's address"),
    "respondent_contact": _("respondent's contact"),
}
HISTORY_LABELS = {
    **PARTY_LABELS,
    "days": _("days asked"),
    "attachment": _("file"),
}
