"""Reporting periods: a year (2013), a quarter (2013-Q2) or a month (2013-06)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    code: str
    start: date
    end: date  # inclusive
    kind: str  # "year" | "quarter" | "month"

    @property
    def previous_year(self) -> Period:
        """The same period one year earlier (for year-on-year change)."""
        year = int(self.code[:4]) - 1
        return period_parse(f"{year}{self.code[4:]}")

    def __str__(self) -> str:
        return self.code


def period_parse(text: str) -> Period:
    text = text.strip().upper()
    if m := re.fullmatch(r"(\d{4})", text):
        year = int(m.group(1))
        return Period(text, date(year, 1, 1), date(year, 12, 31), "year")
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        year, quarter = int(m.group(1)), int(m.group(2))
        first = 3 * quarter - 2
        last_day = calendar.monthrange(year, first + 2)[1]
        return Period(text, date(year, first, 1), date(year, first + 2, last_day), "quarter")
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            last_day = calendar.monthrange(year, month)[1]
            return Period(text, date(year, month, 1), date(year, month, last_day), "month")
    raise ValueError(_("%(text)s is not a period: use YYYY, YYYY-Qn or YYYY-MM") % {"text": text})
