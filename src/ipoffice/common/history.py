"""One history: the event base every history table shares, and the one helper that appends.

An entry says who acted, when it was recorded, the legal date of the act (an acceptance
may be recorded days after the date it bears), the action, the reason, each changed field
with its value before and after, and whether the public sees it. Entries are never
changed or deleted (``AppendOnlyModel``; on PostgreSQL also triggers, ``append_only()``),
and each carries a hash chained to the record's previous entry (``common/chain.py``).
Cases, complaints and reports each have their own table (scoped through the record they
belong to); the audit trail is one more table of the same shape
for everything else (offices, people).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, ClassVar

import pgtrigger
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ipoffice.common.chain import Break, chain_seal, chain_verify
from ipoffice.common.models import AppendOnlyModel

Changes = dict[str, list[Any]]
CHAIN_FIELDS = (
    "at",
    "on",
    "actor",
    "action",
    "from_status",
    "to_status",
    "changes",
    "reason",
    "public",
)


def append_only() -> pgtrigger.Protect:
    """The database refuses UPDATE and DELETE of a history table (PostgreSQL)."""
    return pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)


class Event(AppendOnlyModel):
    """Abstract base of every history table."""

    # The field naming the record the entry belongs to ("case", "complaint", "report").
    subject_field: ClassVar[str] = ""
    # What the hash covers (common/chain.py), frozen: see there before changing it.
    chain_fields: ClassVar[tuple[str, ...]] = CHAIN_FIELDS
    # The fields naming the record whose chain an entry joins; default (subject_field,).
    chain_key: ClassVar[tuple[str, ...]] = ()

    # Set when the entry is built (not on insert): the hash covers it.
    at = models.DateTimeField(_("recorded at"), default=timezone.now, db_index=True, editable=False)
    on = models.DateField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=50)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("reason"), blank=True)
    public = models.BooleanField(_("public"), default=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["at", "id"]
        # Every history table, present and future, refuses UPDATE and DELETE.
        triggers = [append_only()]

    @classmethod
    def chain_by(cls) -> tuple[str, ...]:
        return cls.chain_key or (cls.subject_field,)

    def seal(self, *, first: bool = False) -> None:
        """Chain this entry, about to be inserted, to its record's last one."""
        chain_seal(
            self, fields=(*self.chain_fields, *self.chain_by()), key=self.chain_by(), first=first
        )


def history_seal_first(entries: Iterable[Event]) -> None:
    """Seal entries that each begin their record's history (bulk writers of new records:
    import, demo); call before ``bulk_create``."""
    for entry in entries:
        entry.seal(first=True)


def history_value(value: Any) -> Any:
    """A value as the history keeps it: JSON-safe, model rows by their string, sets sorted."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        items = [history_value(v) for v in value]
        return sorted(items, key=str) if not isinstance(value, list | tuple) else items
    return value


def history_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    """{field: [before, after]} for every field whose value differs."""
    found: Changes = {}
    for name in dict.fromkeys([*before, *after]):
        old, new = history_value(before.get(name)), history_value(after.get(name))
        if old != new:
            found[name] = [old, new]
    return found


@cache
def _event_models() -> dict[type[models.Model], type[Event]]:
    found: dict[type[models.Model], type[Event]] = {}
    for model in apps.get_models():
        if issubclass(model, Event) and model.subject_field:
            subject = model._meta.get_field(model.subject_field).related_model
            found[subject] = model  # type: ignore[index]
    return found


def event_model_for(subject: type[models.Model]) -> type[Event]:
    return _event_models()[subject]


def history_append(
    subject: models.Model,
    *,
    actor: Any,
    action: str,
    on: date | None = None,
    reason: str = "",
    changes: Mapping[str, Iterable[Any]] | None = None,
    public: bool = False,
    from_status: str | None = None,
    **extra: Any,
) -> Event:
    """Append one entry to ``subject``'s history; call inside the transaction that acts.

    ``from_status`` defaults to the subject's status (an act that leaves it unchanged);
    ``to_status`` is always the status the subject has now."""
    model = event_model_for(type(subject))
    status = str(getattr(subject, "status", "") or "")
    entry = model(
        **{model.subject_field: subject},
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        on=on or timezone.localdate(),
        reason=reason,
        changes={k: [history_value(v) for v in pair] for k, pair in (changes or {}).items()},
        public=public,
        from_status=status if from_status is None else from_status,
        to_status=status,
        **extra,
    )
    entry.seal()
    entry.save(force_insert=True)
    return entry


def history_tables() -> list[type[Event]]:
    """Every concrete history table (the audit trail included)."""
    return [m for m in apps.get_models() if issubclass(m, Event)]


def history_verify(model: type[Event]) -> Iterator[Break | tuple[int, int, str]]:
    """Walk every chain of one table: the first broken link of each broken chain, then
    (chains, entries, digest of the chain heads)."""
    return chain_verify(
        model, fields=(*model.chain_fields, *model.chain_by()), key=model.chain_by()
    )


# -- the timeline as a reader sees it: labels for fields and values, never codes --------


@dataclass(frozen=True)
class ChangeLine:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class TimelineEntry:
    event: Event
    label: str  # what was done, in the reader's language
    status: str  # the status reached, where the act changed it
    changes: list[ChangeLine]
    reason: str = ""  # why, as the person acting wrote it


def _field_for(model: type[models.Model], name: str, inputs: Mapping[str, Any]) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        declared = inputs.get(name)
        return getattr(declared, "model_field", None)


def _row_name(model: type[models.Model], value: Any) -> str:
    """A row kept by its key or code (a row's words change with the language), named as
    it is now; the stored text where no row answers."""
    rows = model._default_manager.all()
    if isinstance(value, int):
        found = rows.filter(pk=value).first()
    elif any(f.name == "code" and f.unique for f in model._meta.fields):
        found = rows.filter(code=value).first()
    else:
        found = None
    return str(getattr(found, "name", found)) if found is not None else str(value)


def grouped(value: Any, places: int | None = None) -> str:
    """A number with thousands separators (Django's Chinese format has none; offices
    write amounts as 123,456.50)."""
    number = Decimal(str(value))
    return f"{number:,.{places}f}" if places is not None else f"{number:,}"


def value_display(value: Any, field: Any = None) -> str:
    """One stored history value as words: choice labels, local dates and numbers, 是/否."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list | tuple):
        return str(_(", ")).join(value_display(v, field) for v in value)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices and str(value) in {str(k) for k in choices}:
        return str({str(k): v for k, v in choices.items()}[str(value)])
    if isinstance(value, bool) or isinstance(field, models.BooleanField):
        return str(_("yes") if value in (True, "true", "True") else _("no"))
    if isinstance(field, models.ForeignKey):
        return _row_name(field.related_model, value)  # type: ignore[arg-type]
    if isinstance(field, models.DateField) or isinstance(value, date):
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        return formats.date_format(day, "DATE_FORMAT")
    if isinstance(field, models.SmallIntegerField | models.PositiveSmallIntegerField):
        return str(value)  # years, days: no separator
    if isinstance(field, models.DecimalField | models.IntegerField) or isinstance(
        value, int | float | Decimal
    ):
        return grouped(value, getattr(field, "decimal_places", None))
    return str(value)


def changes_display(
    changes: Mapping[str, Any],
    model: type[models.Model],
    *,
    inputs: Mapping[str, Any] | None = None,
    labels: Mapping[str, Any] | None = None,
    hidden: Iterable[str] = (),
    fields: Mapping[str, Any] | None = None,
) -> list[ChangeLine]:
    """Each change with the field's label and its values as words. ``inputs`` are the
    record's declared inputs (their labels and model fields, e.g. ``requester_name``),
    ``labels`` names keys that are neither, ``hidden`` keys stay out (hashes, status),
    ``fields`` gives the model field of a key stored under another name."""
    inputs, labels, skip = inputs or {}, labels or {}, {"status", *hidden}
    fields = fields or {}
    lines = []
    for name, pair in changes.items():
        if name in skip:
            continue
        field = fields.get(name) or _field_for(model, name, inputs)
        label = labels.get(name) or getattr(inputs.get(name), "label", None)
        label = label or getattr(field, "verbose_name", None) or name
        before, after = [*list(pair), None, None][:2]
        lines.append(
            ChangeLine(
                capfirst(str(label)), value_display(before, field), value_display(after, field)
            )
        )
    return lines


def timeline(
    events: Iterable[Event],
    model: type[models.Model],
    *,
    action_label: Any,
    reasonless: Iterable[str] = (),
    **display: Any,
) -> list[TimelineEntry]:
    """A record's history for its page: in the order of the legal date, then of entry.
    ``reasonless`` actions keep their stored reason off the page (text the system wrote,
    not a person)."""
    status_field = model._meta.get_field("status") if hasattr(model, "status") else None
    statuses = dict(getattr(status_field, "flatchoices", None) or ())
    return [
        TimelineEntry(
            event=e,
            label=str(action_label(e.action)),
            status=str(statuses.get(e.to_status, ""))
            if e.to_status and e.to_status != e.from_status
            else "",
            changes=changes_display(e.changes, model, **display),
            reason="" if e.action in reasonless else e.reason,
        )
        for e in sorted(events, key=lambda e: (e.on, e.at, e.pk))
    ]
