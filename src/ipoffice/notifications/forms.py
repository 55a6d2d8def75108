"""The preferences page's form: two boxes per kind of notice, and the e-mails' language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ipoffice.notifications.enums import Delivery, NotificationKind
from ipoffice.notifications.preferences import Choice


def field_name(kind: str, delivery: str) -> str:
    return f"{kind}-{delivery}"


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, choices: dict[str, Choice], language: str, **kwargs: Any):
        initial: dict[str, Any] = {"language": language}
        for kind, choice in choices.items():
            initial[field_name(kind, Delivery.IN_APP)] = choice.in_app
            initial[field_name(kind, Delivery.EMAIL)] = choice.email
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            for delivery in Delivery:
                self.fields[field_name(kind, delivery)] = forms.BooleanField(
                    label=f"{kind.label}: {delivery.label}", required=False
                )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        """(kind's label, in-app box, e-mail box) per kind, for the table."""
        return [
            (
                kind.label,
                self[field_name(kind, Delivery.IN_APP)],
                self[field_name(kind, Delivery.EMAIL)],
            )
            for kind in NotificationKind
        ]

    def choices(self) -> dict[str, Choice]:
        data = self.cleaned_data
        return {
            kind.value: Choice(
                in_app=data[field_name(kind, Delivery.IN_APP)],
                email=data[field_name(kind, Delivery.EMAIL)],
            )
            for kind in NotificationKind
        }
