"""The coordination pages' forms: the request (from its declared input) and one form per
action, each keeping what was typed when the service refuses it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from ipoffice.common.declared import DeclaredForm
from ipoffice.common.errors import ApplicationError, InvalidInput
from ipoffice.common.inputs import NOTE_MAX_LENGTH, too_long_message
from ipoffice.coordination.inputs import REQUEST
from ipoffice.coordination.workflow import ANSWER_MAX_LENGTH


def _text(
    label: Any, *, limit: int = NOTE_MAX_LENGTH, required: bool = True, rows: int = 3
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        error_messages={"max_length": lazy(too_long_message, str)(limit)},
        widget=forms.Textarea(attrs={"rows": rows}) if rows > 1 else forms.TextInput(),
    )


class Refusing:
    def refuse(self, error: ApplicationError) -> None:
        errors = (
            error.errors
            if isinstance(error, InvalidInput)
            else {error.field or "": [error.message]}
        )
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, str(message))  # type: ignore[attr-defined]

    def labelled_errors(self) -> list[str]:
        found = [str(e) for e in self.non_field_errors()]  # type: ignore[attr-defined]
        for name, errors in self.errors.items():  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                label = str(self.fields[name].label or name)  # type: ignore[attr-defined]
                found += [f"{label[:1].upper()}{label[1:]}: {e}" for e in errors]
        return found


class RequestForm(Refusing, DeclaredForm):
    declared = REQUEST

    def __init__(self, *args: Any, offices: Any = (), authorities: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receiving_office"].widget = forms.Select(
            choices=[("", "—"), *((o.code, f"{o.code} {o.name}") for o in offices)]
        )
        self.fields["authority"].widget = forms.Select(
            choices=[
                ("", "—"),
                *((str(a.pk), f"{a.name} ({a.get_kind_display()})") for a in authorities),
            ]
        )
        # The API takes a code and a number; the page chooses from lists.
        self.fields["receiving_office"].help_text = self.fields["authority"].help_text = ""
        self.fields["details"].widget = forms.Textarea(attrs={"rows": 5, "maxlength": "5000"})


def _on() -> forms.DateField:
    return forms.DateField(
        label=_("date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )


class ActionForm(Refusing, forms.Form):
    """One action on a request; which fields it has depends on the action."""

    def __init__(self, *args: Any, name: str, **kwargs: Any) -> None:
        kwargs["prefix"] = name
        super().__init__(*args, **kwargs)
        if name == "answer":
            self.fields["answer"] = _text(_("answer"), limit=ANSWER_MAX_LENGTH, rows=5)
        if name in ("refuse", "withdraw"):
            self.fields["reason"] = _text(_("reason"))
        self.fields["on"] = _on()

    def service_kwargs(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class AuthorityForm(Refusing, forms.Form):
    """What the person at the outside authority fills in on the public page."""

    name = _text(_("your name and position"), limit=200, rows=1)

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if action == "answer":
            self.fields["answer"] = _text(_("answer"), limit=ANSWER_MAX_LENGTH, rows=6)
        if action == "refuse":
            self.fields["reason"] = _text(_("reason"))
