"""Routing notes were English sentences ("city center for 320100"); they are now a reason
code (``enums.Routing``) that the pages say in the user's language with place names."""

from django.db import migrations

LEGACY = [
    ("city center for ", "city_center"),
    ("no center for ", "provincial_center"),
    ("no center in the province", "provincial_office"),
    ("recorded by this unit", "recorded_here"),
]


def to_codes(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    for prefix, code in LEGACY:
        Complaint._base_manager.filter(routing_note__startswith=prefix).update(routing_note=code)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0006_status_guard_base_manager")]

    operations = [migrations.RunPython(to_codes, migrations.RunPython.noop)]
