"""One declaration per input, from which its form, its API serializer and its check follow.

An input (a new case, a complaint) is declared once, as a ``Declaration`` of
``InputField``: each field's kind, whether it is required, the model field it is stored
in, its label and help. Limits come from that model field (``max_length``,
``max_digits``, ``decimal_places``, choices), never from a second table.

``InputField.value`` turns what arrived (text from an import file, typed values from a
form or the API) into the field's value or refuses it with a message. ``Declaration.check``
does so for every field; the app's own check (``clean_case``, ``clean_complaint``) adds the
rules across fields. ``common.declared`` builds the forms and serializers of a declaration,
whose fields convert through the same ``value``: a page, the API and the import refuse a
value with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cached_property
from typing import Any

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

# "on" and "off" as an HTML checkbox sends them.
TRUE_WORDS = frozenset({"true", "1", "yes", "y", "on", "是"})
FALSE_WORDS = frozenset({"false", "0", "no", "n", "off", "否", ""})


class Kind(StrEnum):
    TEXT = "text"  # kept as typed (trimmed), at most the column's max_length
    CODE = "code"  # an identifier the app normalises and checks itself: no length check here
    CHOICE = "choice"  # one of the model field's choices
    DATE = "date"  # YYYY-MM-DD
    FLAG = "flag"  # true or false
    AMOUNT = "amount"  # RMB, within the column's digits and decimal places
    LIST = "list"  # several values: a list, or text separated by ; or new lines
    COUNT = "count"  # a whole number, zero or more (at most COUNT_MAX)


def required_message() -> str:
    return _("This field is required.")


def too_long_message(limit: int) -> str:
    return _("At most %(n)s characters.") % {"n": limit}


def too_many_message(limit: int) -> str:
    return _("At most %(n)s entries.") % {"n": limit}


ITEM_MAX_LENGTH = 500  # a web address or a patent number, with room
# A code as typed (spaces, "ZL", dashes) before the app normalises and checks it exactly.
CODE_MAX_LENGTH = 64
# A reason or note kept in a history row (a text column): a limit of what we take in.
NOTE_MAX_LENGTH = 2000
COUNT_MAX = 2_147_483_647  # what an integer column holds


class Problem(ValueError):
    """A value its field refuses; the message says why, in the user's language."""


@dataclass(frozen=True)
class InputField:
    name: str
    kind: Kind
    model: type[models.Model] | None = None
    column: str = ""  # the model field, where its name differs (requester_name: Party.name)
    required: bool = False
    label: StrOrPromise = ""  # default: the model field's verbose name
    help_text: StrOrPromise = ""
    # Only for text stored in a column without a size (a TextField): a limit of the input.
    max_length: int | None = None
    # For a list: at most this many entries (default IPOFFICE_MAX_LIST_ITEMS), each at most
    # ITEM_MAX_LENGTH characters.
    max_items: int | None = None
    widget: type[forms.Widget] | forms.Widget | None = None  # on pages; default by kind

    def __deepcopy__(self, memo: dict[int, Any]) -> InputField:
        return self  # never changed; DRF copies its fields' arguments

    @cached_property
    def model_field(self) -> Any:
        return self.model._meta.get_field(self.column or self.name) if self.model else None

    @cached_property
    def limit(self) -> int | None:
        if self.kind == Kind.CODE:
            return self.max_length or CODE_MAX_LENGTH
        if self.kind != Kind.TEXT:
            return None
        return self.max_length or getattr(self.model_field, "max_length", None)

    @property
    def items_limit(self) -> int:
        return self.max_items or settings.IPOFFICE_MAX_LIST_ITEMS

    @cached_property
    def choices(self) -> list[tuple[str, Any]]:
        return list(self.model_field.choices or []) if self.model_field else []

    @cached_property
    def _values(self) -> frozenset[str]:
        return frozenset(value for value, _label in self.choices)

    @property
    def blank(self) -> bool:
        """Whether the column takes "" (an optional choice may then be left empty)."""
        return bool(getattr(self.model_field, "blank", not self.required))

    @property
    def nullable(self) -> bool:
        return bool(getattr(self.model_field, "null", False))

    @property
    def shown_label(self) -> StrOrPromise:
        return self.label or getattr(self.model_field, "verbose_name", self.name)

    @property
    def empty(self) -> Any:
        """The value of a field left empty."""
        if self.kind == Kind.LIST:
            return []
        return {Kind.DATE: None, Kind.AMOUNT: None, Kind.COUNT: None, Kind.FLAG: False}.get(
            self.kind, ""
        )

    def value(self, raw: Any) -> Any:
        """``raw`` checked and converted, or ``Problem``."""
        return self._convert(raw)

    @cached_property
    def _convert(self) -> Callable[[Any], Any]:
        # Chosen once per field: the import converts every field of a million rows.
        return {
            Kind.TEXT: self._as_text,
            Kind.CODE: self._as_text,
            Kind.CHOICE: self._as_choice,
            Kind.DATE: self._as_date,
            Kind.FLAG: _flag,
            Kind.AMOUNT: self._as_amount,
            Kind.LIST: self._as_list,
            Kind.COUNT: self._as_count,
        }[self.kind]

    def _text(self, raw: Any) -> str:
        text = "" if raw is None else str(raw).strip()
        if not text and self.required:
            raise Problem(required_message())
        return text

    def _as_text(self, raw: Any) -> str:
        text = self._text(raw)
        if self.limit is not None and len(text) > self.limit:
            raise Problem(too_long_message(self.limit))
        return text

    def _as_choice(self, raw: Any) -> str:
        text = self._text(raw)
        if text and text not in self._values:
            choices = ", ".join(value for value, _label in self.choices)
            raise Problem(
                _("%(value)s is not one of: %(choices)s") % {"value": text, "choices": choices}
            )
        return text

    def _as_date(self, raw: Any) -> date | None:
        if isinstance(raw, date):
            return raw
        text = self._text(raw)
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise Problem(
                _("%(value)s is not a date in the form YYYY-MM-DD") % {"value": text}
            ) from None

    def _as_amount(self, raw: Any) -> Decimal | None:
        text = self._text(raw)
        if not text:
            return None
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite():
            raise Problem(_("%(value)s is not an amount in RMB") % {"value": text})
        places = self.model_field.decimal_places
        whole = self.model_field.max_digits - places
        if amount >= 10**whole:  # before quantize, which fails on very large numbers
            raise Problem(_("At most %(n)s digits before the decimal point.") % {"n": whole})
        if amount < 0 or amount != amount.quantize(Decimal(1).scaleb(-places)):
            raise Problem(_("An amount is zero or more, in yuan and fen."))
        return amount

    def _as_count(self, raw: Any) -> int | None:
        text = self._text(str(raw) if isinstance(raw, int) else raw)  # True: not a number
        if not text:
            return None
        if not re.fullmatch(r"\d{1,10}", text) or int(text) > COUNT_MAX:
            raise Problem(_("%(value)s is not a whole number of zero or more") % {"value": text})
        return int(text)

    def _as_list(self, raw: Any) -> list[str]:
        if raw is None:
            return []
        items = re.split(r"[;\n]", raw) if isinstance(raw, str) else raw
        if not isinstance(items, list | tuple):
            items = [items]
        if len(items) > self.items_limit * 2:  # before looking at each: many blanks, too
            raise Problem(too_many_message(self.items_limit))
        found = [str(item).strip() for item in items if str(item).strip()]
        if self.required and not found:
            raise Problem(required_message())
        if len(found) > self.items_limit:
            raise Problem(too_many_message(self.items_limit))
        if any(len(item) > ITEM_MAX_LENGTH for item in found):
            raise Problem(_("Each entry at most %(n)s characters.") % {"n": ITEM_MAX_LENGTH})
        return found


def _flag(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = "" if raw is None else str(raw).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text not in FALSE_WORDS:
        raise Problem(_("%(value)s is not true or false") % {"value": text})
    return False


class Declaration:
    """The fields of one input, in the order pages show them."""

    def __init__(self, *fields: InputField) -> None:
        self.fields = fields
        self._by_name = {f.name: f for f in fields}

    def __getitem__(self, name: str) -> InputField:
        return self._by_name[name]

    def only(self, *names: str) -> tuple[InputField, ...]:
        return tuple(self._by_name[name] for name in names)

    def check(self, data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
        """Every field's value (its empty value where refused) and the problems by field."""
        values: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        for field in self.fields:
            try:
                values[field.name] = field.value(data.get(field.name))
            except Problem as problem:
                values[field.name] = field.empty
                errors[field.name] = [str(problem)]
        return values, errors
