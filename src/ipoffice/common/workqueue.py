"""The work queue on the home page: sections that each app declares and registers.

The home page (accounts) sits below the apps whose records fill the queue, so each app
registers its sections from ``ready()`` (as the dashboard sections of
``common/statistics.py``): a section says in which part of the queue it shows, whom it
concerns and which rows it holds, always read through ``visible_to``. The home page
gathers the parts; a new kind of work (e.g. extension requests) is one more section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ROWS_SHOWN = 20  # per section; the count says how many there are in all

# The parts of the queue, in the order the home page shows them.
OVERDUE, DUE_SOON, APPROVAL, RETURNED, NEW, MINE = (
    "overdue",
    "due_soon",
    "approval",
    "returned",
    "new",
    "mine",
)
PARTS: dict[str, Promise] = {
    OVERDUE: _("Overdue"),
    DUE_SOON: _("Due within 5 working days"),
    APPROVAL: _("Waiting for your approval"),
    RETURNED: _("Returned to you"),
    NEW: _("New, not yet taken on"),
    MINE: _("Your cases and complaints, by due date"),
}
SOON_WORKING_DAYS = 5


@dataclass(frozen=True)
class QueueRow:
    kind: str  # what the record is, translated ("Case")
    label: str  # its number
    url: str  # its page
    title: str = ""  # its title, subject or parties
    status: str = ""  # translated
    due_on: date | None = None
    note: str = ""  # e.g. the reason a report was returned


@dataclass(frozen=True)
class QueueSection:
    code: str
    part: str  # one of PARTS
    # Whether the section concerns this user at all (their role, their office).
    applies: Callable[[Any], bool]
    # The user's records of this section, scoped, in order: a queryset or a list.
    records: Callable[[Any, date], Any]
    row: Callable[[Any], QueueRow]
    # The full list behind the section, when there is one: its name and URL (with filters).
    more: Callable[[Any], tuple[str, str]] | None = None


@dataclass(frozen=True)
class QueuePart:
    code: str
    title: Promise
    count: int
    rows: list[QueueRow]
    more: list[tuple[str, str]]


_sections: dict[str, QueueSection] = {}


def queue_register(section: QueueSection) -> QueueSection:
    if section.part not in PARTS:
        raise ValueError(f"unknown queue part {section.part}")
    if section.code in _sections:
        raise ValueError(f"queue section {section.code} is already registered")
    _sections[section.code] = section
    return section


def registered_queue() -> tuple[QueueSection, ...]:
    return tuple(_sections.values())


def work_queue(user: Any, today: date) -> list[QueuePart]:
    """The parts of ``user``'s queue that hold something, each with its count and first
    rows (sorted by due date, undated last)."""
    parts = []
    for code, title in PARTS.items():
        count, rows, more = 0, [], []
        for section in _sections.values():
            if section.part != code or not section.applies(user):
                continue
            records = section.records(user, today)
            count += len(records) if isinstance(records, list) else records.count()
            rows += [section.row(r) for r in records[:ROWS_SHOWN]]
            if section.more is not None:
                more.append(section.more(user))
        if count:
            rows.sort(key=lambda r: (r.due_on is None, r.due_on or today))
            parts.append(QueuePart(code, title, count, rows[:ROWS_SHOWN], more))
    return parts
