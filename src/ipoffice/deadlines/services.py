"""Due dates from time limits and the working-day calendar."""

from __future__ import annotations

from datetime import date, timedelta

from ipoffice.deadlines.calendar import WorkingCalendar, add_months
from ipoffice.deadlines.rules import TimeLimit, Unit


def _add(calendar: WorkingCalendar, start: date, amount: int, unit: str) -> date:
    if unit == Unit.WORKING_DAYS:
        return calendar.add_working_days(start, amount)
    if unit == Unit.MONTHS:
        return add_months(start, amount)
    return start + timedelta(days=amount)


def due_date(
    *,
    calendar: WorkingCalendar,
    limit: TimeLimit,
    start: date,
    extended: bool = False,
    paused_days: int = 0,
) -> date:
    """Last day to act. A limit in calendar days or months that ends on a rest day moves
    to the next working day; an approved extension adds the rule's extension; time the
    case was suspended (``paused_days``) is not counted."""
    due = _add(calendar, start, limit.amount, limit.unit)
    if extended and limit.extension:
        due = _add(calendar, due, limit.extension, limit.extension_unit)
    due += timedelta(days=paused_days)
    return calendar.roll_forward(due)
