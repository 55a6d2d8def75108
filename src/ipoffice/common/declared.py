"""The forms and serializers of a declared input (``common.inputs``): their fields are
generated from the declaration and convert through ``InputField.value``, so they refuse a
value as the import does."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from rest_framework import serializers
from rest_framework.fields import empty

from ipoffice.common.errors import ApplicationError, InvalidInput
from ipoffice.common.inputs import (
    COUNT_MAX,
    ITEM_MAX_LENGTH,
    InputField,
    Kind,
    Problem,
    required_message,
)

# Pages


def _widget(spec: InputField) -> forms.Widget:
    if spec.widget is not None:
        return spec.widget() if isinstance(spec.widget, type) else spec.widget
    if spec.kind == Kind.CHOICE:
        blank = [("", "—")] if spec.blank else []
        return forms.Select(choices=[*blank, *spec.choices])
    if spec.kind == Kind.DATE:
        # ISO whatever the language: a date input reads nothing else.
        return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    if spec.kind == Kind.FLAG:
        return forms.CheckboxInput()
    if spec.kind == Kind.AMOUNT:
        return forms.TextInput(attrs={"inputmode": "decimal"})
    if spec.kind == Kind.COUNT:
        return forms.TextInput(attrs={"inputmode": "numeric"})
    if isinstance(spec.model_field, models.TextField):
        return forms.Textarea()
    return forms.TextInput()


class DeclaredFormField(forms.Field):
    """A form field that checks its value as its declaration does (``InputField.value``)."""

    def __init__(self, spec: InputField) -> None:
        self.spec = spec  # before Field.__init__, which asks widget_attrs
        super().__init__(
            required=spec.required,
            label=spec.shown_label,
            help_text=spec.help_text,
            widget=_widget(spec),
        )

    def to_python(self, value: Any) -> Any:
        try:
            return self.spec.value(value)
        except Problem as problem:
            raise forms.ValidationError(str(problem)) from None

    def validate(self, value: Any) -> None:
        """``to_python`` checked everything, required-ness included."""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if self.spec.limit is not None:
            attrs["maxlength"] = str(self.spec.limit)
        return attrs


class DeclaredForm(forms.Form):
    """A form whose first fields come from ``declared``. Its validation runs the fields'
    checks, then ``check`` (the app's whole check), so a page names every problem at once
    and keeps what was typed."""

    declared: ClassVar[tuple[InputField, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {**{f.name: DeclaredFormField(f) for f in self.declared}, **self.fields}

    def check(self, data: dict[str, Any]) -> object:
        """The app's check of the whole input: an object, or problems by field."""
        return None

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        problems = self.check({f.name: self[f.name].data for f in self.declared})
        if isinstance(problems, dict):
            for name, messages in problems.items():
                field = name if name in self.fields else None
                shown = list(self.errors.get(field or NON_FIELD_ERRORS, []))
                for message in messages:
                    if message not in shown:  # the field's own check said it already
                        self.add_error(field, message)
        return cleaned

    def service_data(self) -> dict[str, Any]:
        """The declared fields' checked values, for the service (which checks them again)."""
        return {f.name: self.cleaned_data[f.name] for f in self.declared}

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


# The API


class _Checked:
    def __init__(self, *args: Any, spec: InputField, **kwargs: Any) -> None:
        self.spec = spec
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        try:
            return self.spec.value(data)
        except Problem as problem:
            raise serializers.ValidationError(str(problem)) from None


class _Text(_Checked, serializers.CharField):
    def to_internal_value(self, data: Any) -> Any:
        # DRF first refuses what is not text (a list, an object).
        return super().to_internal_value(serializers.CharField.to_internal_value(self, data))


class _Choice(_Checked, serializers.ChoiceField):
    """A choice checked by its declaration."""


class _Date(_Checked, serializers.DateField):
    """A date checked by its declaration."""


class _Flag(_Checked, serializers.BooleanField):
    """A yes/no checked by its declaration."""


class _Amount(_Checked, serializers.DecimalField):
    """An amount checked by its declaration."""


class _Count(_Checked, serializers.IntegerField):
    """A whole number checked by its declaration."""


class _List(_Checked, serializers.ListField):
    """A list checked by its declaration."""


def api_field(spec: InputField, *, optional_because: str = "", partial: bool = False) -> Any:
    """The serializer field of ``spec``; ``optional_because`` lets an entry point leave out
    a field the input requires (it says who may, in the schema). In a partial update a
    missing flag stays as it is, so it has no default."""
    required = spec.required and not optional_because
    options: dict[str, Any] = {
        "spec": spec,
        "required": required,
        "help_text": optional_because or spec.help_text or None,
        "error_messages": {"required": required_message(), "blank": required_message()},
    }
    if spec.kind in (Kind.TEXT, Kind.CODE):
        limit: dict[str, Any] = {} if spec.limit is None else {"max_length": spec.limit}
        return _Text(allow_blank=not required, **limit, **options)
    if spec.kind == Kind.CHOICE:
        return _Choice(choices=spec.choices, allow_blank=spec.blank and not required, **options)
    if spec.kind == Kind.DATE:
        return _Date(allow_null=spec.nullable, **options)
    if spec.kind == Kind.FLAG:
        default: dict[str, Any] = {} if partial else {"default": False}
        return _Flag(**default, **{**options, "required": False})
    if spec.kind == Kind.AMOUNT:
        column = spec.model_field
        return _Amount(
            max_digits=column.max_digits,
            decimal_places=column.decimal_places,
            allow_null=spec.nullable,
            **options,
        )
    if spec.kind == Kind.COUNT:
        return _Count(min_value=0, max_value=COUNT_MAX, allow_null=not required, **options)
    return _List(
        child=serializers.CharField(max_length=ITEM_MAX_LENGTH),
        max_length=spec.items_limit,
        **options,
    )


class DeclaredSerializer(serializers.Serializer[Any]):
    """A serializer whose first fields come from ``declared``: each refuses a value as the
    form and the import do (too long, not a choice, not a date...). When one does, the
    answer also names what ``check`` (the app's whole check) finds, as the service would
    have; otherwise the service checks."""

    declared: ClassVar[tuple[InputField, ...]] = ()
    # Fields this entry point may leave out though the input requires them, and who may.
    optional: ClassVar[dict[str, str]] = {}

    def get_fields(self) -> dict[str, Any]:
        declared = {
            f.name: api_field(
                f, optional_because=self.optional.get(f.name, ""), partial=self.partial
            )
            for f in self.declared
        }
        return {**declared, **super().get_fields()}

    def check(self, data: dict[str, Any]) -> object:
        """The app's check of the whole input: an object, or problems by field."""
        return None

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as refused:
            if not isinstance(data, Mapping) or not isinstance(refused.detail, dict):
                raise  # not an object at all: nothing to check field by field
            errors = dict(refused.detail)
            raw = {f.name: self.fields[f.name].get_value(data) for f in self.declared}
            problems = self.check({k: None if v is empty else v for k, v in raw.items()})
            for name, messages in problems.items() if isinstance(problems, dict) else ():
                shown = [str(m) for m in errors.get(name, [])]
                more = [m for m in messages if m not in shown]
                if more and name not in self.optional:  # the entry point fills those in
                    errors[name] = [*errors.get(name, []), *more]
            raise serializers.ValidationError(errors) from None
