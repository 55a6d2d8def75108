"""The dashboard of an office's subtree: key figures, trend, breakdowns, overdue work and
reporting completeness, all read live from the records."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ipoffice.cases.models import Case
from ipoffice.complaints.enums import OPEN_COMPLAINT_STATUSES
from ipoffice.complaints.models import Complaint
from ipoffice.offices.models import REPORTING_LEVELS, Office
from ipoffice.reporting.annual import build
from ipoffice.reporting.render import bars
from ipoffice.reporting.selectors import completeness

KEY_FIGURES = [
    "cases_accepted",
    "disputes_accepted",
    "infringement_disputes_accepted",
    "passing_off_accepted",
    "cases_closed",
    "closed_within_time_limit",
]


def dashboard(office: Office, year: int, language: str) -> dict[str, Any]:
    report = build(office, year, language)
    today = timezone.localdate()
    types = [
        (report.labels[c], report.enforcement[c]["value"])
        for c in (
            "infringement_disputes_accepted",
            "other_disputes_accepted",
            "passing_off_accepted",
        )
    ]
    return {
        "report": report,
        "key": [(code, report.labels[code], report.enforcement[code]) for code in KEY_FIGURES],
        "months": bars([(str(m), n) for m, n in report.months]),
        "types": bars(types),
        "offices": bars([(o.name, n) for o, n in report.by_office[:15]]),
        # The same rule as the case list's "overdue" filter (publication included).
        "overdue_cases": Case.objects.in_subtree(office).filter(due_on__lt=today).count(),
        "overdue_complaints": Complaint.objects.in_subtree(office)
        .filter(due_on__lt=today, status__in=OPEN_COMPLAINT_STATUSES)
        .count(),
        "completeness": completeness(office=office, form="enforcement", period=str(year))
        if office.children.filter(level__in=REPORTING_LEVELS).exists()
        else None,
    }
