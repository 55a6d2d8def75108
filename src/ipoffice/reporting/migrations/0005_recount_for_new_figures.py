from django.db import migrations


def recount(apps, schema_editor):
    """The complaints form gained figures (reviewed, merged, escalated) that the roll-up did
    not keep: recount it from the records (nothing to do on a new database)."""
    if not apps.get_model("complaints", "Complaint").objects.exists():
        return
    from ipoffice.reporting import rollup
    from ipoffice.reporting.definitions import FORMS

    for form in FORMS.values():
        if form.model == "complaints.Complaint":
            rollup.rebuild(form)


class Migration(migrations.Migration):

    dependencies = [
        ("reporting", "0004_status_guard_base_manager"),
        ("cases", "0006_status_guard_base_manager"),
        ("complaints", "0006_status_guard_base_manager"),
    ]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
