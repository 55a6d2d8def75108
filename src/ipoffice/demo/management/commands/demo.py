from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ipoffice.demo.assessment import demo_assessment_load
from ipoffice.demo.cases import demo_cases_load
from ipoffice.demo.centers import demo_centers_78_load, demo_complaints_history_load
from ipoffice.demo.complaints import demo_complaints_load
from ipoffice.demo.coordination import demo_coordination_load
from ipoffice.demo.history import demo_history_load
from ipoffice.demo.mechanisms import demo_mechanisms_load
from ipoffice.demo.notifications import demo_notifications_load
from ipoffice.demo.people import DEMO_PASSWORD, demo_people_load
from ipoffice.demo.programmes import demo_campaigns_load, demo_trainings_load


class Command(BaseCommand):
    help = (
        "Load demo people (one per role in offices at each level), the 2012-2013 records and "
        "a hundred recent cases (--recent-cases 60 for three hundred), "
        "the published 2012-2013 performance assessment, "
        "and print the logins. Running it again adds nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        # The 2012-2013 records stay whole (the annual report reproduces them); the recent
        # cases run through the services one by one, so their number sets the load time.
        parser.add_argument(
            "--recent-cases",
            type=int,
            default=20,
            help="recent cases per demo office (5 offices; default 20, the larger set 60)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_people_load()
        demo_campaigns_load()
        history = demo_history_load(progress=lambda line: self.stderr.write(f"  {line}"))
        centers = demo_centers_78_load()
        past_complaints = demo_complaints_history_load()
        self.stdout.write(
            f"{history} cases and {past_complaints} complaints for 2012 and "
            f"2013 created; {centers} assistance centers"
        )
        cases = demo_cases_load(per_office=options["recent_cases"])
        complaints = demo_complaints_load()
        cases += demo_mechanisms_load()
        trainings = demo_trainings_load()
        self.stdout.write(
            f"{cases} demo cases, {complaints} complaints and {trainings} trainings created"
        )
        notices = demo_notifications_load()
        self.stdout.write(f"{notices} notifications to staff created")
        requests = demo_coordination_load()
        self.stdout.write(f"{requests} coordination requests between the demo offices")
        assessed = demo_assessment_load()
        self.stdout.write(
            f"{assessed} assessments of 2012 and 2013 (provinces, cities, centers) reviewed, "
            "confirmed and published"
        )
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for login in logins:
            office = login.office
            self.stdout.write(
                f"  {login.username:<20} {office.code} {office.name_en:<44} {login.role}"
            )
