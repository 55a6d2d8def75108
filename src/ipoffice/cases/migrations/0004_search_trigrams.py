from django.db import migrations

from ipoffice.common.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_list_indexes")]

    operations = [
        trigram_indexes(
            ("case_number_trgm", "cases_case", "case_number"),
            ("party_name_trgm", "cases_party", "name"),
        )
    ]
