"""Demo notices to staff: a waiting extension request per demo office (its head hears of
it), and today's run of the reminder and overdue jobs over the recent cases and
complaints, so that the notification list and the header's count are not empty."""

from __future__ import annotations

from django.db import transaction

from ipoffice.accounts.models import User
from ipoffice.cases.enums import CaseStatus
from ipoffice.cases.models import Case
from ipoffice.cases.notices import cases_remind_due, cases_remind_overdue
from ipoffice.cases.services import extension_request
from ipoffice.common.errors import ApplicationError
from ipoffice.complaints.notices import complaints_remind_due, complaints_remind_overdue
from ipoffice.demo.cases import CASE_OFFICES
from ipoffice.notifications.models import Notification


@transaction.atomic
def demo_notifications_load() -> int:
    """Unless there are notices already; returns how many there are."""
    if Notification.objects.exists():
        return 0
    for prefix in CASE_OFFICES:
        officer = User.objects.select_related("office").get(username=f"{prefix}_officer")
        waiting = Case.objects.filter(
            handler=officer, status=CaseStatus.INVESTIGATION, extension_approved=False
        ).order_by("due_on", "pk")
        for case in waiting[:5]:
            try:
                extension_request(actor=officer, case=case, days=15, reason="需补充技术比对意见")
            except ApplicationError:
                continue  # no extension provided for this case, or one already waits
            break
    cases_remind_due()
    cases_remind_overdue()
    complaints_remind_due()
    complaints_remind_overdue()
    return Notification.objects.count()
