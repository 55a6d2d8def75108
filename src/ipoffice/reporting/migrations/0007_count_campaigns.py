from django.db import migrations


def recount(apps, schema_editor):
    """The campaigns form (registered by ipoffice.campaigns) is new: count it from the
    cases already tagged (nothing to do on a new database)."""
    if not apps.get_model("cases", "Case").objects.exclude(campaign=None).exists():
        return
    from ipoffice.reporting import rollup
    from ipoffice.reporting.definitions import FORMS

    rollup.rebuild(FORMS["campaigns"])


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_history_hash_chain"),
        ("cases", "0013_campaign_records"),
    ]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
