"""The reports' sections of the home page's work queue (common/workqueue.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext

from ipoffice.common import workqueue as q
from ipoffice.common.scoping import user_office
from ipoffice.reporting import selectors
from ipoffice.reporting.definitions import FORMS
from ipoffice.reporting.enums import ReportStatus
from ipoffice.reporting.models import Report, ReportEvent


def _row(report: Report, note: str = "") -> q.QueueRow:
    form = FORMS.get(report.form)
    return q.QueueRow(
        kind=pgettext("statistical report", "Report"),
        label=f"{report.office.name} · {report.period}",
        url=reverse("report-detail", args=[report.pk]),
        title=str(form.label) if form else report.form,
        status=report.get_status_display(),
        due_on=report.due_on,
        note=note,
    )


def _returned_row(report: Report) -> q.QueueRow:
    """A returned report, with the reason the office above gave."""
    last = ReportEvent.objects.filter(report=report, action="return").order_by("-at", "-id").first()
    return _row(report, last.reason if last else "")


def _to_review(user: Any, today: date) -> Any:
    return selectors.worklist(user=user).order_by("due_on", "id")


def _returned(user: Any, today: date) -> Any:
    return (
        Report.objects.visible_to(user)
        .filter(office=user_office(user), status=ReportStatus.RETURNED)
        .select_related("office")
        .order_by("due_on", "id")
    )


def queue_register() -> None:
    q.queue_register(
        q.QueueSection(
            "reporting.to_review",
            q.APPROVAL,
            lambda user: user.has_perm("reporting.review_report"),
            _to_review,
            _row,
        )
    )
    q.queue_register(
        q.QueueSection(
            "reporting.returned",
            q.RETURNED,
            lambda user: user.has_perm("reporting.submit_report"),
            _returned,
            _returned_row,
        )
    )
