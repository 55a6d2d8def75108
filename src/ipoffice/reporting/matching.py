"""Does one record, held as a dict of field values, satisfy a figure's Q?

The roll-up (rollup.py) keeps each figure per office and month up to date as records
change; to know what a single record contributes it evaluates the figure definitions in
Python rather than with a query per save. Only the lookups the definitions use are
supported, with the ORM's meaning of NULL: a comparison with NULL is false, and a negated
condition is true for NULL (as ``exclude()``). Anything else raises, so a new definition
cannot be miscounted silently; tests compare the result with the SQL computation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import F, Q

LOOKUPS = {"exact", "in", "range", "lt", "lte", "gt", "gte", "isnull"}


def matches(condition: Q, row: Mapping[str, Any]) -> bool:
    results = (
        matches(child, row) if isinstance(child, Q) else _lookup(*child, row)  # type: ignore[misc, call-arg]
        for child in condition.children
    )
    if condition.connector == Q.AND:
        found = all(results)
    elif condition.connector == Q.OR:
        found = any(results)
    else:
        raise ValueError(f"unsupported connector {condition.connector}")
    return not found if condition.negated else found


def _split(key: str) -> tuple[str, str]:
    name, _, lookup = key.partition("__")
    lookup = lookup or "exact"
    if lookup not in LOOKUPS:
        raise ValueError(f"unsupported lookup {key!r} in a figure definition")
    return name, lookup


def _lookup(key: str, expected: Any, row: Mapping[str, Any]) -> bool:
    name, lookup = _split(key)
    value = row[name]
    if lookup == "isnull":
        return (value is None) is bool(expected)
    if isinstance(expected, F):
        expected = row[expected.name]
    if value is None or expected is None:
        return False
    if lookup == "exact":
        return bool(value == expected)
    if lookup == "in":
        return value in expected
    if lookup == "range":
        low, high = expected
        return bool(low <= value <= high)
    return bool(
        {"lt": value < expected, "lte": value <= expected, "gt": value > expected}.get(
            lookup, value >= expected
        )
    )


def field_names(condition: Q) -> Iterator[str]:
    """Every field a condition reads (to know which dates can place a record in a period)."""
    for child in condition.children:
        if isinstance(child, Q):
            yield from field_names(child)
            continue
        key, expected = child  # type: ignore[misc]
        yield _split(key)[0]
        if isinstance(expected, F):
            yield expected.name
