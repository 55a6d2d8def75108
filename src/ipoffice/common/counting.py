"""Counted records: models whose changes a higher app (the statistics roll-up) keeps count of.

Cases and complaints sit below reporting in the layer order, so they cannot call it. The
counter registers here for a model in ``ready()`` (reporting/apps.py); a service that
changes a counted record saves it through ``counted_save``, which compares the counted
fields before and after in memory (the services lock and read the row first, so memory is
the stored row) and tells the counter only when one of them changed. Nothing happens in
``Model.save()``. A bulk ``update()`` of a counted field raises, since it would pass by
the counter; bulk writers recount what they touched instead (``rollup rebuild``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, Protocol, TypeVar

from django.db import models, router, transaction

from ipoffice.common.scoping import ScopedQuerySet

M = TypeVar("M", bound=models.Model)
Row = dict[str, Any]


class Counter(Protocol):
    """What a counting app registers for a model."""

    def fields(self) -> tuple[str, ...]:
        """The attribute names (``office_id``, not ``office``) the count reads."""
        ...

    def change(self, before: Row | None, after: Row | None, *, using: str) -> None:
        """A record went from ``before`` to ``after`` (None: it did not exist / is gone)."""
        ...

    def recount(self, *, office_ids: Collection[int], years: Collection[int]) -> None:
        """Records of these offices and years were written in bulk: count them anew."""
        ...


_COUNTERS: dict[type[models.Model], list[Counter]] = {}
_SEEN = "_counted_state"


def counter_register(model: type[models.Model], counter: Counter) -> None:
    registered = _COUNTERS.setdefault(model, [])
    if any(type(c) is type(counter) and vars(c) == vars(counter) for c in registered):
        raise ValueError(f"{counter!r} already counts {model.__name__}: it would count twice")
    registered.append(counter)


def counters_for(model: type[models.Model]) -> tuple[Counter, ...]:
    return tuple(_COUNTERS.get(model, ()))


def counted_fields(model: type[models.Model]) -> frozenset[str]:
    """Attribute names any counter of ``model`` reads."""
    return frozenset(name for c in counters_for(model) for name in c.fields())


def _state(record: models.Model, counter: Counter) -> Row:
    return {name: getattr(record, name) for name in counter.fields()}


def counted_save(record: M, *, update_fields: Iterable[str] | None = None) -> M:
    """Save ``record`` and, in the same transaction, tell its counters what changed.

    The record must hold its stored values as read inside this transaction (the services
    lock and read the row first); a new record counts from nothing."""
    counters = counters_for(type(record))
    using = router.db_for_write(type(record), instance=record)
    adding = record._state.adding
    with transaction.atomic(using=using, savepoint=False):
        before = None if adding else getattr(record, _SEEN, None)
        if before is None and not adding and counters:
            before = _stored(record, counters)
        record.save(update_fields=update_fields)
        for counter in counters:
            after = _state(record, counter)
            old = None if before is None else {n: before[n] for n in counter.fields()}
            if old != after:
                counter.change(old, after, using=using)
        if counters:
            setattr(record, _SEEN, {n: v for c in counters for n, v in _state(record, c).items()})
    return record


def counted_seen(record: M) -> M:
    """Remember ``record``'s counted fields as stored (call right after reading it)."""
    counters = counters_for(type(record))
    if counters:
        setattr(record, _SEEN, {n: v for c in counters for n, v in _state(record, c).items()})
    return record


def counted_bulk_written(
    model: type[models.Model], *, office_ids: Collection[int], years: Collection[int]
) -> None:
    """Bulk writers (import, demo) call this after writing records past ``counted_save``."""
    for counter in counters_for(model):
        counter.recount(office_ids=office_ids, years=years)


def _stored(record: models.Model, counters: Iterable[Counter]) -> Row | None:
    names = sorted({n for c in counters for n in c.fields()})
    manager = type(record)._base_manager
    return manager.filter(pk=record.pk).values(*names).first()


class CountedQuerySet(ScopedQuerySet[M]):
    """Refuses a bulk ``update()`` of a counted field: it would bypass the counters."""

    def update(self, **kwargs: Any) -> int:
        fields = counted_fields(self.model)
        touched = sorted(name for name in kwargs if name in fields or f"{name}_id" in fields)
        if touched:
            raise ValueError(f"bulk update of {', '.join(touched)} would bypass the statistics")
        return super().update(**kwargs)
