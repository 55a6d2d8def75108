"""Every fresh database gets the national, provincial and municipal offices."""

from django.db import migrations

from ipoffice.offices.reference import reference_offices_load


def load(apps, schema_editor):
    reference_offices_load(apps.get_model("offices", "Office"))


class Migration(migrations.Migration):
    dependencies = [("offices", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
