"""Case.campaign was free text; it becomes the campaign record (ipoffice.campaigns).

Each distinct text becomes one campaign, organised by the national office for the whole
tree: its year the first year written in the name (护航2013), else the earliest year of
its cases; its period that calendar year; no target. Offices correct them afterwards."""

import re
from datetime import date

import django.db.models.deletion
from django.db import migrations, models


def _year(text, cases):
    for found in re.findall(r"(19[89]\d|20\d\d)", text):
        return int(found)
    return min(cases.values_list("year", flat=True))


def text_to_records(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Campaign = apps.get_model("campaigns", "Campaign")
    Office = apps.get_model("offices", "Office")
    names = Case.objects.exclude(campaign_text="").values_list("campaign_text", flat=True)
    names = sorted(set(names))
    if not names:
        return
    root = Office.objects.filter(parent=None).order_by("path").first()
    for name in names:
        tagged = Case.objects.filter(campaign_text=name)
        year = _year(name, tagged)
        campaign = Campaign.objects.create(
            name_zh=name[:100],
            year=year,
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            organiser=root,
        )
        tagged.update(campaign=campaign)


def records_to_text(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.exclude(campaign=None).select_related("campaign"):
        Case.objects.filter(pk=case.pk).update(campaign_text=case.campaign.name_zh)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_alter_case_transferred_authority"),
        ("campaigns", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("case", "campaign", "campaign_text"),
        migrations.AddField(
            model_name="case",
            name="campaign",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="campaigns.campaign",
                verbose_name="special campaign",
            ),
        ),
        migrations.RunPython(text_to_records, records_to_text),
        migrations.RemoveField("case", "campaign_text"),
    ]
