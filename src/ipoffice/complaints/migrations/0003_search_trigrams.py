from django.db import migrations

from ipoffice.common.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_list_indexes")]

    operations = [
        trigram_indexes(
            ("complaint_tracking_trgm", "complaints_complaint", "tracking_number"),
            ("complaint_subject_trgm", "complaints_complaint", "subject"),
            ("complaint_respondent_trgm", "complaints_complaint", "respondent_name"),
        )
    ]
