"""Working-day arithmetic on the Chinese calendar (weekends, holidays, make-up days)."""

from __future__ import annotations

import calendar as stdlib_calendar
from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Count, Max

from ipoffice.deadlines.models import CalendarDay, DayKind

_cached: tuple[tuple[object, ...], WorkingCalendar] | None = None


class WorkingCalendar:
    """Answers "is this a working day" from the calendar table, loaded once per use."""

    def __init__(self, holidays: Iterable[date] = (), makeup_workdays: Iterable[date] = ()):
        self.holidays = frozenset(holidays)
        self.makeup_workdays = frozenset(makeup_workdays)

    @classmethod
    def from_db(cls) -> WorkingCalendar:
        """The calendar as stored now. Reloaded only when the table changed (a cheap check),
        so every process sees an administrator's edit on its next use."""
        global _cached
        stamp = CalendarDay.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
        fingerprint = (stamp["n"], stamp["changed"])
        if _cached is None or _cached[0] != fingerprint:
            rows = CalendarDay.objects.values_list("date", "kind")
            calendar = cls(
                holidays=[d for d, kind in rows if kind == DayKind.HOLIDAY],
                makeup_workdays=[d for d, kind in rows if kind == DayKind.MAKEUP_WORKDAY],
            )
            _cached = (fingerprint, calendar)
        return _cached[1]

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself never counts)."""
        day = start
        remaining = count
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def roll_forward(self, day: date) -> date:
        """A time limit that ends on a rest day ends on the next working day instead."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1
            for n in range(1, (end - start).days + 1)
            if self.is_working_day(start + timedelta(days=n))
        )


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the 31st becomes the month's last day where needed."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))
