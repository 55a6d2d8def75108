"""The 12330 complaints report form and section, registered in ``ready()``.

Cohort figures: every figure counts among the complaints received in the period, as their
records stand now, in the subtree of the unit now responsible. The counts endpoint
(``selectors.complaint_counts``) reads these same figures. Counting rules:
docs/counting-rules.md#complaints-form-complaints-over-complaintscomplaint.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from operator import attrgetter
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ipoffice.common.identifiers import mask_identifier
from ipoffice.common.periods import Period
from ipoffice.common.statistics import (
    Column,
    Figure,
    ReportForm,
    Section,
    Sentence,
    Tile,
    form_register,
    section_register,
)
from ipoffice.complaints.enums import Channel, ComplaintKind, ComplaintStatus, Satisfaction
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.selectors import assistance_coverage, overdue_complaints

KINDS = tuple(ComplaintKind.values)
F_REVIEW_DUE = F("review_due_on")  # review and transfer: 5 working days from receipt


def received_in(p: Period, **extra: Any) -> Q:
    """The cohort every figure of the form counts in: received in the period."""
    return Q(received_on__range=(p.start, p.end), **extra)


def _received_where(**extra: Any) -> Callable[[Period], Q]:
    return lambda p: received_in(p, **extra)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


KIND_LABELS = {
    ComplaintKind.CONSULTATION: _("Consultations"),
    ComplaintKind.INFRINGEMENT_COMPLAINT: _("Complaints of infringement"),
    ComplaintKind.PASSING_OFF_REPORT: _("Reports of passing off"),
    ComplaintKind.ASSISTANCE_REQUEST: _("Requests for assistance"),
    ComplaintKind.TAKEDOWN_REQUEST: _("Takedown requests"),
}
CHANNEL_LABELS = {
    Channel.PHONE: _("By telephone"),
    Channel.WEB: _("By internet"),
    Channel.WALK_IN: _("In person"),
    Channel.LETTER: _("By letter"),
    Channel.EMAIL: _("By e-mail"),
    Channel.E_COMMERCE: _("From platforms"),
    Channel.WORK_STATION: _("At work stations"),
}

SATISFACTION_LABELS = {
    Satisfaction.RESOLVED: _("Answered: resolved"),
    Satisfaction.PARTLY: _("Answered: partly resolved"),
    Satisfaction.NOT_RESOLVED: _("Answered: not resolved"),
}

COMPLAINTS = ReportForm(
    "complaints",
    _("12330 complaints and assistance"),
    "complaints.Complaint",
    permission="complaints.view_complaint",
    office_field="center",
    figures=(
        Figure("complaints_received", _("Complaints received"), received_in),
        *(
            Figure(f"received_{kind}", label, _received_where(kind=kind))
            for kind, label in KIND_LABELS.items()
        ),
        *(
            Figure(f"channel_{channel}", label, _received_where(channel=channel))
            for channel, label in CHANNEL_LABELS.items()
        ),
        Figure("reviewed", _("Reviewed"), _received_where(reviewed_on__isnull=False)),
        Figure(
            "reviewed_on_time",
            _("Reviewed within 5 working days"),
            lambda p: received_in(p) & Q(reviewed_on__lte=F_REVIEW_DUE),
        ),
        Figure(
            "transferred",
            _("Transferred"),
            _received_where(transferred_on__isnull=False, case__isnull=True),
        ),
        Figure(
            "transferred_on_time",
            _("Transferred within 5 working days"),
            lambda p: received_in(p, case__isnull=True) & Q(transferred_on__lte=F_REVIEW_DUE),
        ),
        Figure(
            "converted_to_cases",
            _("Converted to enforcement cases"),
            _received_where(case__isnull=False),
        ),
        Figure(
            "results_returned",
            _("Results returned to complainants"),
            lambda p: received_in(p, closed_on__isnull=False) & ~Q(reply=""),
        ),
        Figure("ratings", _("Satisfaction ratings given"), _received_where(rating__isnull=False)),
        Figure(
            "rating_points",
            _("Satisfaction points (sum of ratings)"),
            _received_where(rating__isnull=False),
            measure="sum:rating",
        ),
        Figure(
            "told_on_time",
            _("Told the result within 5 working days"),
            lambda p: (
                received_in(p, notified_on__isnull=False) & Q(notified_on__lte=F("notify_due_on"))
            ),
        ),
        Figure(
            "satisfaction_answers",
            _("Answers to the satisfaction request"),
            lambda p: received_in(p) & ~Q(satisfaction=""),
        ),
        *(
            Figure(f"satisfaction_{answer}", label, _received_where(satisfaction=answer))
            for answer, label in SATISFACTION_LABELS.items()
        ),
        Figure(
            "reopened",
            _("Reopened by the complainant"),
            _received_where(reopened__gt=0),
        ),
        Figure(
            "merged",
            _("Merged into another complaint"),
            _received_where(status=ComplaintStatus.MERGED),
        ),
        Figure("escalated", _("Escalated"), _received_where(escalated=True)),
    ),
    columns=(
        Column("id", attrgetter("pk")),
        Column(
            "tracking_number",
            attrgetter("tracking_number"),
            attrgetter("tracking_number"),
            "complaint-detail",
        ),
        Column("center", attrgetter("center.code"), attrgetter("center.name")),
        Column("kind", attrgetter("kind"), lambda c: c.get_kind_display()),
        Column("channel", attrgetter("channel")),
        Column("received_on", attrgetter("received_on"), lambda c: _day(c.received_on)),
        Column("status", attrgetter("status"), lambda c: c.get_status_display()),
        Column("respondent_code", lambda c: mask_identifier(c.respondent_code)),
    ),
    base="complaints_received",
    parts=(
        *(f"received_{k}" for k in KINDS),
        *(f"channel_{c}" for c in Channel.values),
        "converted_to_cases",
    ),
)


def _overdue_now(office: Any, today: date) -> int:
    return int(overdue_complaints(Complaint.objects.in_subtree(office), today).count())


COMPLAINTS_SECTION = Section(
    "complaints",
    COMPLAINTS.code,
    _("12330 complaints and assistance"),
    paragraph=(
        Sentence(
            _(
                "%(centers)s IP enforcement assistance centers in %(provinces)s provinces ran "
                "the 12330 hotline and took %(complaints_received)s complaints, reports and "
                "requests for help in the year; %(converted_to_cases)s became enforcement "
                "cases and %(results_returned)s complainants were told the result."
            )
        ),
    ),
    table=(
        "complaints_received",
        *(f"received_{k}" for k in KINDS),
        *(f"channel_{c}" for c in Channel.values),
        "reviewed_on_time",
        "transferred",
        "transferred_on_time",
        "converted_to_cases",
        "results_returned",
        "told_on_time",
        "satisfaction_answers",
        *(f"satisfaction_{a}" for a in Satisfaction.values),
        "reopened",
    ),
    tiles=(
        Tile(
            label=_("Overdue complaints now"),
            now=_overdue_now,
            url="complaint-list",
            query="overdue=1",
        ),
    ),
    facts=assistance_coverage,
    order=20,
)


def statistics_register() -> None:
    """Called once from ``ComplaintsConfig.ready()``."""
    form_register(COMPLAINTS)
    section_register(COMPLAINTS_SECTION)
