"""The working-day calendar: statutory holidays and make-up working days, as data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Statutory holiday")
    MAKEUP_WORKDAY = "makeup_workday", _("Make-up working day")


class CalendarDay(models.Model):
    """A day that is not what its weekday says: a holiday, or a weekend day worked.

    Seeded from the State Council notices (data/cn_calendar.csv); each December an
    administrator adds the next year's notice in the admin.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DayKind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    # Lets every process notice an edit (see WorkingCalendar.from_db).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name_zh}"
