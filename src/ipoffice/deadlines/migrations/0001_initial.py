from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="CalendarDay",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(unique=True, verbose_name="date")),
                ("kind", models.CharField(choices=[("holiday", "Statutory holiday"), ("makeup_workday", "Make-up working day")], max_length=20, verbose_name="kind")),
                ("name_zh", models.CharField(max_length=100, verbose_name="name (Chinese)")),
                ("name_en", models.CharField(max_length=100, verbose_name="name (English)")),
            ],
            options={"verbose_name": "calendar day", "verbose_name_plural": "calendar days", "ordering": ["date"]},
        ),
    ]
