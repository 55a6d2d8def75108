from django.db import migrations


class Migration(migrations.Migration):
    """One history: the complaint's handling note is the event's reason, as elsewhere."""

    dependencies = [("complaints", "0003_search_trigrams")]

    operations = [migrations.RenameField("complaintevent", "note", "reason")]
