"""Trigram indexes for "contains" search on PostgreSQL (pg_trgm); nothing on SQLite.

Search uses ``icontains`` (``UPPER(col) LIKE UPPER('%text%')``): a GIN trigram index on
``UPPER(col)`` answers it without reading the table. pg_trgm ships with PostgreSQL and is
a trusted extension, so the database owner may create it.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def trigram_indexes(*indexes: tuple[str, str, str]) -> migrations.RunPython:
    """A migration step creating ``(index name, table, column)`` GIN trigram indexes."""

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in indexes:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f'USING gin (UPPER("{column}") gin_trgm_ops)'
            )

    def backward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _table, _column in indexes:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forward, backward, elidable=False)
