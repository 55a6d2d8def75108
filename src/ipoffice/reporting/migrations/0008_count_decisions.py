from django.db import migrations


def recount(apps, schema_editor):
    """The enforcement form gained figures (decisions issued, decisions published) that the
    roll-up did not keep: recount it from the cases (nothing to do on a new database)."""
    if not apps.get_model("cases", "Case").objects.exists():
        return
    from ipoffice.reporting import rollup
    from ipoffice.reporting.definitions import FORMS

    rollup.rebuild(FORMS["enforcement"])


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0007_count_campaigns"),
        ("cases", "0013_campaign_records"),
    ]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
