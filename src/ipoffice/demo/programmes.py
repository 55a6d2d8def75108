"""The demo's special campaigns (the yearly Convoy campaign, 2012-2013 with the history
and the two recent years) and two enforcement trainings, run through the services where
there is one."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ipoffice.accounts.models import User
from ipoffice.campaigns.models import Campaign
from ipoffice.offices.models import Office
from ipoffice.training.models import Training
from ipoffice.training.services import training_create

# (year, target: cases). The 2013 campaign's published outcome: 16,227 cases handled.
CONVOY_YEARS = ((2012, 8_000), (2013, 5_000), (2025, 120), (2026, 120))


@transaction.atomic
def demo_campaigns_load() -> dict[int, Campaign]:
    """The national Convoy (护航) campaign of each year, for every office (by year)."""
    national = Office.objects.get(code="100000")
    found = {}
    for year, target in CONVOY_YEARS:
        found[year], _new = Campaign.objects.get_or_create(
            name_zh=f"护航{year}",
            defaults={
                "name_en": f"Convoy {year}",
                "year": year,
                "starts_on": date(year, 3, 1),
                "ends_on": date(year, 11, 30),
                "organiser": national,
                "target_cases": target,
                "description": f"{year}年知识产权执法维权“护航”专项行动",
            },
        )
    return found


def demo_trainings_load() -> int:
    """A national rotating training and a provincial one, unless they exist."""
    if Training.objects.exists():
        return 0
    cnipa = User.objects.get(username="cnipa_head")
    training_create(
        actor=cnipa,
        data={
            "course": "专利行政执法能力提升轮训（第一期）",
            "starts_on": "2013-06-17",
            "ends_on": "2013-06-21",
            "hours": "32",
            "rotating": True,
            "participants": "320000 6\n320100 4\n320500 4\n440000 6\n440300 5",
            "description": "全国专利行政执法能力提升轮训，各省、市执法骨干参加。",
        },
    )
    jiangsu = User.objects.get(username="js_head")
    training_create(
        actor=jiangsu,
        data={
            "course": "电子商务领域专利侵权判定实务培训",
            "starts_on": "2025-09-08",
            "ends_on": "2025-09-09",
            "hours": "12",
            "participants": "320000 8\n320100 15\n320500 12",
        },
    )
    return 2
