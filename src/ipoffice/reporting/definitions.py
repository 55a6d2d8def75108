"""Report forms as data: each figure is a filter over records plus a way to count them.

The same definition computes the figure and lists the records behind it (drill-down),
so a figure can always be traced to its records. Counting rules: docs/counting-rules.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ipoffice.reporting.periods import Period

DISPUTES = ("infringement_dispute", "other_dispute")


@dataclass(frozen=True)
class Figure:
    code: str
    label: Promise
    # Which records count, for a period: a Q over the form's model.
    where: Callable[[Period], Q] | None = None
    # "count" the records, or "sum:<field>" them.
    measure: str = "count"
    manual: bool = False  # entered per report: no record holds it
    # A stock (open at the start of the period) is not a sum over months; the roll-up
    # keeps the flows in and out per month, and the stock at a date is in minus out
    # over every earlier month. ``where`` stays the definition for live counts and
    # drill-down; tests check both agree.
    inflow: Callable[[Period], Q] | None = None
    outflow: Callable[[Period], Q] | None = None


@dataclass(frozen=True)
class ReportForm:
    code: str
    label: Promise
    model: str  # "cases.Case" or "complaints.Complaint"
    figures: tuple[Figure, ...] = field(default_factory=tuple)
    base: str = ""  # the figure others are a share of ("disputes were 31.2% of cases")
    parts: tuple[str, ...] = ()  # the figures that are subsets of the base

    def figure(self, code: str) -> Figure:
        for item in self.figures:
            if item.code == code:
                return item
        raise KeyError(code)


def _accepted(p: Period, **extra: Any) -> Q:
    return Q(accepted_on__range=(p.start, p.end), **extra)


def _concluded(p: Period, **extra: Any) -> Q:
    return Q(concluded_on__range=(p.start, p.end), **extra)


def _received(p: Period, **extra: Any) -> Q:
    return Q(received_on__range=(p.start, p.end), **extra)


ENFORCEMENT = ReportForm(
    "enforcement",
    _("Patent administrative enforcement"),
    "cases.Case",
    (
        Figure("cases_accepted", _("Cases accepted"), _accepted),
        Figure(
            "disputes_accepted",
            _("Disputes accepted"),
            lambda p: _accepted(p, case_type__in=DISPUTES),
        ),
        Figure(
            "infringement_disputes_accepted",
            _("Infringement disputes accepted"),
            lambda p: _accepted(p, case_type="infringement_dispute"),
        ),
        Figure(
            "other_disputes_accepted",
            _("Other disputes accepted"),
            lambda p: _accepted(p, case_type="other_dispute"),
        ),
        Figure(
            "passing_off_accepted",
            _("Passing-off cases accepted"),
            lambda p: _accepted(p, case_type="passing_off"),
        ),
        Figure(
            "e_commerce_accepted",
            _("E-commerce cases accepted"),
            lambda p: _accepted(p) & (Q(e_commerce=True) | Q(source="e_commerce")),
        ),
        Figure(
            "exhibition_accepted",
            _("Exhibition cases accepted"),
            lambda p: _accepted(p) & (Q(source="exhibition") | Q(industry="exhibitions")),
        ),
        Figure(
            "foreign_related_accepted",
            _("Foreign-related cases accepted"),
            lambda p: _accepted(p, foreign_related=True),
        ),
        Figure(
            "open_at_start",
            _("Cases open at the start of the period"),
            lambda p: (
                Q(accepted_on__lt=p.start)
                & (Q(concluded_on__isnull=True) | Q(concluded_on__gte=p.start))
            ),
            inflow=_accepted,
            outflow=lambda p: _concluded(p, accepted_on__isnull=False),
        ),
        Figure("cases_closed", _("Cases concluded"), _concluded),
        Figure(
            "closed_within_time_limit",
            _("Concluded within the statutory time limit"),
            lambda p: _concluded(p, concluded_within_limit=True),
        ),
        Figure(
            "cases_transferred",
            _("Cases transferred"),
            lambda p: _concluded(p, outcome="transferred"),
        ),
        Figure(
            "infringement_found",
            _("Decisions finding infringement"),
            lambda p: _concluded(p, outcome="infringement_found"),
        ),
        Figure(
            "mediated", _("Concluded by mediation"), lambda p: _concluded(p, outcome="mediated")
        ),
        Figure(
            "penalty_decisions",
            _("Penalty decisions"),
            lambda p: _concluded(p, outcome="penalty_imposed"),
        ),
        Figure(
            "fines_total",
            _("Fines imposed (RMB)"),
            lambda p: _concluded(p, outcome="penalty_imposed"),
            measure="sum:fine_amount",
        ),
        Figure("enforcement_staff", _("Enforcement staff"), manual=True),
        Figure("premises_inspected", _("Premises inspected"), manual=True),
        Figure("training_sessions", _("Training sessions"), manual=True),
    ),
    base="cases_accepted",
    parts=(
        "disputes_accepted",
        "infringement_disputes_accepted",
        "other_disputes_accepted",
        "passing_off_accepted",
        "e_commerce_accepted",
        "exhibition_accepted",
        "foreign_related_accepted",
    ),
)


def _received_where(**extra: Any) -> Callable[[Period], Q]:
    return lambda p: _received(p, **extra)


F_REVIEW_DUE = F("review_due_on")  # review and transfer: 5 working days from receipt

COMPLAINTS = ReportForm(
    "complaints",
    _("12330 complaints and assistance"),
    "complaints.Complaint",
    (
        Figure("complaints_received", _("Complaints received"), _received),
        *(
            Figure(f"received_{kind}", label, _received_where(kind=kind))
            for kind, label in (
                ("consultation", _("Consultations")),
                ("infringement_complaint", _("Complaints of infringement")),
                ("passing_off_report", _("Reports of passing off")),
                ("assistance_request", _("Requests for assistance")),
                ("takedown_request", _("Takedown requests")),
            )
        ),
        *(
            Figure(f"channel_{channel}", label, _received_where(channel=channel))
            for channel, label in (
                ("phone", _("By telephone")),
                ("web", _("By internet")),
                ("walk_in", _("In person")),
                ("letter", _("By letter")),
                ("email", _("By e-mail")),
                ("e_commerce", _("From platforms")),
                ("work_station", _("At work stations")),
            )
        ),
        Figure(
            "reviewed_on_time",
            _("Reviewed within 5 working days"),
            lambda p: _received(p) & Q(reviewed_on__lte=F_REVIEW_DUE),
        ),
        Figure(
            "transferred",
            _("Transferred"),
            lambda p: _received(p, transferred_on__isnull=False, case__isnull=True),
        ),
        Figure(
            "transferred_on_time",
            _("Transferred within 5 working days"),
            lambda p: _received(p, case__isnull=True) & Q(transferred_on__lte=F_REVIEW_DUE),
        ),
        Figure(
            "converted_to_cases",
            _("Converted to enforcement cases"),
            lambda p: _received(p, case__isnull=False),
        ),
        Figure(
            "results_returned",
            _("Results returned to complainants"),
            lambda p: _received(p, closed_on__isnull=False) & ~Q(reply=""),
        ),
        Figure(
            "ratings", _("Satisfaction ratings given"), lambda p: _received(p, rating__isnull=False)
        ),
        Figure(
            "rating_points",
            _("Satisfaction points (sum of ratings)"),
            lambda p: _received(p, rating__isnull=False),
            measure="sum:rating",
        ),
    ),
    base="complaints_received",
    parts=tuple(
        f"received_{k}"
        for k in (
            "consultation",
            "infringement_complaint",
            "passing_off_report",
            "assistance_request",
            "takedown_request",
        )
    )
    + tuple(
        f"channel_{c}"
        for c in ("phone", "web", "walk_in", "letter", "email", "e_commerce", "work_station")
    )
    + ("converted_to_cases",),
)

FORMS: dict[str, ReportForm] = {form.code: form for form in (ENFORCEMENT, COMPLAINTS)}
