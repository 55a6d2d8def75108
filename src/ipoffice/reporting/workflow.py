"""The reporting workflow per office, form and period, as an explicit table."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ipoffice.reporting.enums import ReportStatus as S

SUBMIT, REVIEW = "reporting.submit_report", "reporting.review_report"
OWN, PARENT, NATIONAL = "own", "parent", "national"  # whose office may act


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: tuple[str, ...]
    target: str
    permission: str
    by: str  # OWN: the reporting office; PARENT: the office above; NATIONAL: 100000
    reason_required: bool = False
    freezes: bool = False  # takes a snapshot of the figures


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", _("Submit"), (S.DRAFT, S.RETURNED), S.SUBMITTED, SUBMIT, OWN),
        Transition(
            "return",
            _("Return with a reason"),
            (S.SUBMITTED, S.APPROVED),
            S.RETURNED,
            REVIEW,
            PARENT,
            reason_required=True,
        ),
        Transition(
            "approve", _("Approve"), (S.SUBMITTED,), S.APPROVED, REVIEW, PARENT, freezes=True
        ),
        Transition(
            "accept",
            _("Accept (national office)"),
            (S.SUBMITTED, S.APPROVED),
            S.ACCEPTED,
            REVIEW,
            NATIONAL,
            freezes=True,
        ),
        Transition(
            "correct",
            _("Open a correction (new version)"),
            (S.APPROVED, S.ACCEPTED),
            S.DRAFT,
            SUBMIT,
            OWN,
            reason_required=True,
        ),
    )
}
