"""Writing many rows at once: PostgreSQL COPY where available, bulk inserts elsewhere.

COPY skips the per-row INSERT statement (parsing, planning, RETURNING); ``bulk_create``
costs ~25 µs of Python per object before the database sees it. Objects written this way
bypass ``save()``: the caller recounts what ``save()`` would have kept (the statistics
roll-up) itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.utils import timezone


def copy_rows(model: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows (values in ``columns`` order) into the model's table; returns how many."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(
            f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _getter(field: Any, now: Any) -> Callable[[models.Model], Any]:
    """How to read one column's value off an object, decided once per field."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: now
    if isinstance(field, models.JSONField):
        encoder = field.encoder or DjangoJSONEncoder
        name = field.attname
        return lambda obj: json.dumps(getattr(obj, name), cls=encoder, ensure_ascii=False)
    return attrgetter(field.attname)


def write_objects(model: Any, objects: Sequence[models.Model], *, with_pk: bool = False) -> None:
    """Insert unsaved objects: COPY on PostgreSQL (primary keys assigned by the database
    unless ``with_pk``), ``bulk_create`` elsewhere."""
    if not objects:
        return
    if connection.vendor == "sqlite":
        _insert_many(model, objects, with_pk=with_pk)
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=2000)
        return
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    now = timezone.now()
    getters = [_getter(f, now) for f in fields]
    copy_rows(
        model,
        [f.column for f in fields],
        ([get(obj) for get in getters] for obj in objects),
    )


def _insert_many(model: Any, objects: Sequence[models.Model], *, with_pk: bool) -> None:
    """SQLite: one prepared INSERT run for every row (``executemany``), without the
    per-object SQL that ``bulk_create`` compiles; the sqlite3 adapters Django registers
    store dates, datetimes and decimals as its own saves do."""
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    now = connection.ops.adapt_datetimefield_value(timezone.now())  # as the ORM stores it
    getters = [_getter(f, now) for f in fields]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join("%s" for _f in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            # Table and column names are the model's own, quoted; values are parameters.
            f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})",  # noqa: S608
            [[get(obj) for get in getters] for obj in objects],
        )


def allocate_ids(model: Any, count: int) -> list[int]:
    """``count`` primary keys from the table's sequence (PostgreSQL), for rows that other
    rows written in the same COPY batch point to."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk, count],
        )
        return [row[0] for row in cursor.fetchall()]
