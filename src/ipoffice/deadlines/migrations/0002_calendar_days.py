"""Every fresh database knows the statutory holidays and make-up working days since 2004."""

import csv
from datetime import date
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "cn_calendar.csv"


def load(apps, schema_editor):
    CalendarDay = apps.get_model("deadlines", "CalendarDay")
    known = set(CalendarDay.objects.values_list("date", flat=True))
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = [
            CalendarDay(date=date.fromisoformat(r["date"]), kind=r["kind"], name_zh=r["name_zh"],
                        name_en=r["name_en"])
            for r in csv.DictReader(handle) if date.fromisoformat(r["date"]) not in known
        ]
    CalendarDay.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
