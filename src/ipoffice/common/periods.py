"""Reporting periods: a year (2013), a quarter (2013-Q2), a month (2013-06), or any run of
days (2013-03-05..2013-03-17, for counts asked between two dates).

A leaf of the statistics: the apps that declare report forms (common/statistics.py) and
reporting, which computes them, both read periods."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    code: str
    start: date
    end: date  # inclusive
    kind: str  # "year" | "quarter" | "month" | "range"

    @property
    def previous_year(self) -> Period:
        """The same period one year earlier (for year-on-year change)."""
        if self.kind == "range":
            return period_between(_year_before(self.start), _year_before(self.end))
        year = int(self.code[:4]) - 1
        return period_parse(f"{year}{self.code[4:]}")

    def __str__(self) -> str:
        return self.code


def _year_before(day: date) -> date:
    if (day.month, day.day) == (2, 29):
        day = day.replace(day=28)  # no 29 February a year earlier: the 28th stands in
    return day.replace(year=day.year - 1)


_QUARTER_WORDS = {"一": "1", "二": "2", "三": "3", "四": "4"}
# As people type periods in Chinese: 2013年, 2013年度, 2013年5月, 2013年第二季度.
_CHINESE_PERIODS = (
    (re.compile(r"([0-9]{4})\s*年度?"), lambda m: m.group(1)),
    (
        re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月份?"),
        lambda m: f"{m.group(1)}-{int(m.group(2)):02d}",
    ),
    (
        re.compile(r"([0-9]{4})\s*年\s*第?\s*([1-4一二三四])\s*季度"),
        lambda m: f"{m.group(1)}-Q{_QUARTER_WORDS.get(m.group(2), m.group(2))}",
    ),
)


def _as_typed(text: str) -> str:
    """``text`` in the canonical spelling: full-width digits and letters made plain (NFKC),
    the Chinese forms above written as YYYY, YYYY-MM or YYYY-Qn."""
    text = unicodedata.normalize("NFKC", text).strip().upper()
    for pattern, canonical in _CHINESE_PERIODS:
        if m := pattern.fullmatch(text):
            return canonical(m)
    if m := re.fullmatch(r"([0-9]{4})-([0-9])", text):  # 2013-5
        return f"{m.group(1)}-0{m.group(2)}"
    return text


def period_parse(text: str) -> Period:
    typed, text = text, _as_typed(text)
    if m := re.fullmatch(r"([0-9]{4})", text):
        year = int(m.group(1))
        return Period(text, date(year, 1, 1), date(year, 12, 31), "year")
    if m := re.fullmatch(r"([0-9]{4})-Q([1-4])", text):
        year, quarter = int(m.group(1)), int(m.group(2))
        first = 3 * quarter - 2
        last_day = calendar.monthrange(year, first + 2)[1]
        return Period(text, date(year, first, 1), date(year, first + 2, last_day), "quarter")
    if m := re.fullmatch(r"([0-9]{4})-([0-9]{2})", text):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            last_day = calendar.monthrange(year, month)[1]
            return Period(text, date(year, month, 1), date(year, month, last_day), "month")
    raise ValueError(
        _("%(text)s is not a period: use YYYY, YYYY-Qn or YYYY-MM") % {"text": typed.strip()}
    )


def year_parse(text: str) -> int:
    """A year as people type it (2013, 2013年, in full-width digits), between 1985 and 2100."""
    try:
        period = period_parse(text)
    except ValueError:
        period = None
    if period is None or period.kind != "year" or not 1985 <= period.start.year <= 2100:
        raise ValueError(
            _("%(text)s is not a year: type it as 2013 or 2013年 (1985 to 2100).")
            % {"text": text.strip()}
        )
    return period.start.year


def period_between(start: date, end: date) -> Period:
    """The days from ``start`` to ``end``, both included: the year, quarter or month they
    make up exactly, else a range."""
    if start.year == end.year and start.day == 1:
        last_day = calendar.monthrange(end.year, end.month)[1]
        if end.day == last_day:
            months = (start.month, end.month)
            if months == (1, 12):
                return period_parse(f"{start.year}")
            if start.month == end.month:
                return period_parse(f"{start.year}-{start.month:02d}")
            if start.month % 3 == 1 and end.month == start.month + 2:
                return period_parse(f"{start.year}-Q{(start.month + 2) // 3}")
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end, "range")
