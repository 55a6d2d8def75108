"""Tamper evidence for history: every entry carries a hash chained to the previous entry of
the same record, and ``chain_verify`` walks the chains.

An entry's hash is SHA-256 (hex) of the UTF-8 bytes of one canonical JSON document::

    {"entry": {<field>: <value>, ...}, "prev": <previous entry's hash or "">,
     "table": <app_label.model>, "v": 1}

keys sorted at every level, no spaces (separators ``,`` and ``:``), non-ASCII characters
as themselves. The fields are the table's ``chain_fields`` (``common.history.Event``:
``at on actor action from_status to_status changes reason public`` and the record's
key, plus each table's own), under their column names (``actor_id``); values as JSON:
the recorded time in UTC with microseconds (``2025-03-01T08:00:00.123456+00:00``), dates
as ``YYYY-MM-DD``, ``changes`` as the JSON the database keeps. The chain of a record is
its entries in id order (entries are appended under a lock on the chain, so ids follow
the order of appending); the first has ``prev`` "". The list of fields is frozen per
table: a field added later stays out of the hash unless the scheme version ``v`` changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models

SCHEME = 1


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    # What a JSON column gives back: Decimal and lazy strings as strings, tuples as lists.
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def chain_hash(table: str, prev: str, values: Mapping[str, Any]) -> str:
    document = {
        "entry": {name: _plain(value) for name, value in values.items()},
        "prev": prev,
        "table": table,
        "v": SCHEME,
    }
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).attname for name in fields]  # type: ignore[union-attr]


def chain_lock(model: type[models.Model], key: Sequence[Any]) -> None:
    """Serialise appends to one chain until the transaction ends. The workflow engine
    already holds the record's row lock; this makes it hold for every caller (an audited
    object has no row the audit trail locks). SQLite serialises writers itself."""
    if connection.vendor == "postgresql":
        name = ":".join([model._meta.label_lower, *map(str, key)])
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [name])


def chain_seal(
    entry: models.Model, *, fields: Sequence[str], key: Sequence[str], first: bool = False
) -> None:
    """Set ``prev_hash`` and ``hash`` of an entry about to be inserted. ``first``: the
    entry begins its record's chain (bulk writers of new records), nothing is read."""
    model = type(entry)
    # The foreign key ids from the related objects, as save() would take them.
    entry._prepare_related_fields_for_save(operation_name="seal")  # type: ignore[attr-defined]
    key_values = [getattr(entry, column) for column in _columns(model, key)]
    prev = ""
    if not first:
        chain_lock(model, key_values)
        filters = dict(zip(_columns(model, key), key_values, strict=True))
        prev = (
            model._base_manager.filter(**filters)
            .order_by("-pk")
            .values_list("hash", flat=True)
            .first()
        ) or ""
    values = {column: getattr(entry, column) for column in _columns(model, fields)}
    entry.prev_hash = prev  # type: ignore[attr-defined]
    entry.hash = chain_hash(model._meta.label_lower, prev, values)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Break:
    """The first broken link of one chain."""

    table: str
    record: str
    entry_id: int | None
    problem: str

    def __str__(self) -> str:
        at = f" entry {self.entry_id}" if self.entry_id is not None else ""
        return f"{self.table} {self.record}:{at} {self.problem}"


def _chains(
    model: type[models.Model], fields: Sequence[str], key: Sequence[str]
) -> Iterator[tuple[tuple[Any, ...], list[dict[str, Any]]]]:
    keys, columns = _columns(model, key), _columns(model, fields)
    rows = (
        model._base_manager.order_by(*keys, "pk")
        .values("pk", "prev_hash", "hash", *dict.fromkeys([*keys, *columns]))
        .iterator(chunk_size=5000)
    )
    current: tuple[Any, ...] | None = None
    chain: list[dict[str, Any]] = []
    for row in rows:
        row_key = tuple(row[k] for k in keys)
        if row_key != current and chain:
            yield current, chain  # type: ignore[misc]
            chain = []
        current = row_key
        chain.append(row)
    if chain:
        yield current, chain  # type: ignore[misc]


def _first_break(
    table: str, columns: Sequence[str], chain: Iterable[dict[str, Any]]
) -> tuple[int | None, str] | None:
    before: dict[str, Any] | None = None
    for row in chain:
        expected = before["hash"] if before else ""
        if not row["hash"]:
            return row["pk"], "has no hash (never sealed)"
        recomputed = chain_hash(table, row["prev_hash"], {c: row[c] for c in columns})
        if recomputed != row["hash"]:
            return row["pk"], (
                f"content changed: stored hash {row['hash'][:12]}…, "
                f"its content hashes to {recomputed[:12]}…"
            )
        if row["prev_hash"] != expected:
            if before is None:
                return row["pk"], (
                    f"entries before it are missing: it follows {row['prev_hash'][:12]}…, "
                    "but it is the first entry of the record"
                )
            return row["pk"], (
                f"an entry between {before['pk']} and {row['pk']} is missing or was replaced: "
                f"it follows {row['prev_hash'][:12]}…, the entry before it ends "
                f"{before['hash'][:12]}…"
            )
        before = row
    return None


def chain_verify(
    model: type[models.Model], *, fields: Sequence[str], key: Sequence[str]
) -> Iterator[Break | tuple[int, int, str]]:
    """Yield the first broken link of every broken chain, then one tuple
    (chains, entries, digest of the chain heads)."""
    table, columns = model._meta.label_lower, _columns(model, fields)
    chains = entries = 0
    heads = hashlib.sha256()
    for record, chain in _chains(model, fields, key):
        chains, entries = chains + 1, entries + len(chain)
        heads.update(f"{record}:{chain[-1]['hash']}\n".encode())
        if (found := _first_break(table, columns, chain)) is not None:
            name = ",".join(f"{k}={v}" for k, v in zip(key, record, strict=True))
            yield Break(model._meta.db_table, name, *found)
    yield chains, entries, heads.hexdigest()


def chain_seal_table(
    model: type[models.Model], *, fields: Sequence[str], key: Sequence[str]
) -> int:
    """Compute every chain of a table from scratch (the migration that introduced the
    hashes; never on a protected table)."""
    table, columns = model._meta.label_lower, _columns(model, fields)
    sealed: list[models.Model] = []
    for _record, chain in _chains(model, fields, key):
        prev = ""
        for row in chain:
            digest = chain_hash(table, prev, {c: row[c] for c in columns})
            sealed.append(model(pk=row["pk"], prev_hash=prev, hash=digest))
            prev = digest
    model._base_manager.bulk_update(sealed, ["prev_hash", "hash"], batch_size=2000)
    return len(sealed)


def seal_existing(
    app_label: str, model_name: str, *, fields: Sequence[str], key: Sequence[str]
) -> Any:
    """A migration step that hashes a table's rows written before the chain existed. The
    field lists are given literally by the migration (frozen, like the scheme)."""

    def run(apps: Any, schema_editor: Any) -> None:
        chain_seal_table(apps.get_model(app_label, model_name), fields=fields, key=key)

    return run
