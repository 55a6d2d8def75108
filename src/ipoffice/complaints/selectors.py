"""Reads of complaints, scoped to the asking user's unit subtree; the public look-up."""

from __future__ import annotations

import difflib
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ipoffice.accounts.models import User
from ipoffice.accounts.selectors import people_with_permission
from ipoffice.common.files import attachment_get
from ipoffice.common.periods import period_between
from ipoffice.common.scoping import (
    get_visible_or_404,
    office_within,
    subtree_filter,
    user_office,
)
from ipoffice.common.statistics import figures_read
from ipoffice.complaints.enums import (
    AWAITING_RESULT_COMPLAINT_STATUSES,
    OPEN_COMPLAINT_STATUSES,
    Channel,
)
from ipoffice.complaints.intake import code_hash, code_matches
from ipoffice.complaints.models import Complaint, ComplaintAttachment, ComplaintEvent
from ipoffice.offices.models import Office, OfficeLevel


@dataclass(frozen=True)
class ComplaintFilters:
    """What a complaint list is narrowed to; parsed from a query by
    ``complaints.filters.ComplaintFilter``."""

    kind: str = ""
    channel: str = ""
    center: str = ""  # a unit code: that unit and those below it
    status: str = ""
    overdue: bool = False
    escalated: bool = False
    q: str = ""  # tracking number, subject, respondent or patent number


def complaint_list(
    *, user: Any, filters: ComplaintFilters | None = None, today: date | None = None
) -> Any:
    qs = Complaint.objects.visible_to(user).select_related("center", "handler")
    return complaints_filtered(qs, filters or ComplaintFilters(), today=today)


def complaints_filtered(qs: Any, f: ComplaintFilters, *, today: date | None = None) -> Any:
    """``qs`` (already scoped to the reader) narrowed to what ``f`` asks for."""
    for name in ("kind", "channel", "status"):
        if value := getattr(f, name):
            qs = qs.filter(**{name: value})
    if f.center:
        qs = qs.filter(subtree_filter("center", f.center))
    if f.overdue:
        qs = qs.filter(overdue_q(today))
    if f.escalated:
        qs = qs.filter(open_q(), escalated=True)
    if f.q:
        qs = qs.filter(
            Q(tracking_number__icontains=f.q)
            | Q(subject__icontains=f.q)
            | Q(respondent_name__icontains=f.q)
            | Q(patents__application_number=f.q)
        ).distinct()
    return qs


def open_q() -> Q:
    """Complaints still being handled: the "open" rule of the lists and counts."""
    return Q(status__in=OPEN_COMPLAINT_STATUSES)


def overdue_q(today: date | None = None) -> Q:
    """Open complaints past their due date: the "overdue" rule of the lists and counts."""
    return open_q() & Q(due_on__lt=today or timezone.localdate())


def overdue_complaints(complaints: Any, today: date) -> Any:
    """The open complaints past their due date (``overdue_q``), for the list, the
    dashboard, the counts and the escalation."""
    return complaints.filter(overdue_q(today))


def complaint_is_overdue(complaint: Complaint, today: date) -> bool:
    """The same rule for one complaint in hand."""
    return complaint.is_open and complaint.due_on is not None and complaint.due_on < today


def complaint_get(*, user: Any, pk: int) -> Complaint:
    return get_visible_or_404(
        Complaint.objects.select_related(
            "center", "handler__office", "complainant", "case", "merged_into", "transferred_to"
        ).prefetch_related("patents"),
        user,
        pk=pk,
    )


def complaint_attachment_get(*, user: Any, complaint_pk: int, pk: int) -> ComplaintAttachment:
    """A file of a complaint the user may see (404 for anyone else)."""
    return attachment_get(
        ComplaintAttachment.objects.filter(complaint_id=complaint_pk),
        user,
        permission="complaints.view_complaint",
        pk=pk,
    )


def complaint_history(*, user: Any, complaint: Complaint) -> Any:
    return (
        ComplaintEvent.objects.visible_to(user).filter(complaint=complaint).select_related("actor")
    )


def can_see_personal_data(user: Any, complaint: Complaint) -> bool:
    """The complainant's identity is for the people handling the complaint: agents of the
    responsible unit or a unit above it, and officers who may turn it into a case."""
    own = user_office(user)
    if own is None or not office_within(complaint.center, own):
        return False
    # Same rule as services.can_handle: the unit and the units above it.
    return user.has_perm("complaints.handle_complaint") or user.has_perm(
        "complaints.convert_complaint"
    )


# -- duplicates ------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    # The first 1,000 characters decide: enough to tell, and bounded in cost.
    return re.sub(r"[\W_]+", "", text.lower())[:1000]


def complaint_duplicates(*, user: Any, complaint: Complaint, limit: int = 200) -> list[Complaint]:
    """Open complaints in the window that look like the same matter: the same patent and
    respondent, or near-identical text (character-level, so Chinese and English alike)."""
    window = timedelta(days=settings.IPOFFICE_DUPLICATE_WINDOW_DAYS)
    candidates = (
        Complaint.objects.visible_to(user)
        .filter(
            received_on__gte=complaint.received_on - window,
            received_on__lte=complaint.received_on + window,
            status__in=AWAITING_RESULT_COMPLAINT_STATUSES,
            province_code=complaint.province_code,
        )
        .exclude(pk=complaint.pk)
        .prefetch_related("patents")
        .order_by("-received_on")[:limit]
    )
    patents = {p.application_number for p in complaint.patents.all()}
    respondent = _normalise(complaint.respondent_name)
    text = _normalise(f"{complaint.subject}{complaint.description}")
    found = []
    for other in candidates:
        same_patent = patents & {p.application_number for p in other.patents.all()}
        if same_patent and respondent and respondent == _normalise(other.respondent_name):
            found.append(other)
            continue
        other_text = _normalise(f"{other.subject}{other.description}")
        matcher = difflib.SequenceMatcher(None, text, other_text, autojunk=False)
        if matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9:
            found.append(other)
    return found


# -- the public look-up ----------------------------------------------------------------------


# The hash of no code anyone holds, of the same form and cost as a stored one.
UNKNOWN_NUMBER_HASH = code_hash(secrets.token_urlsafe(16))


def complaint_lookup(*, tracking_number: str, code: str) -> Complaint | None:
    """The complaint for a tracking number and its code; None for a wrong code exactly as for
    an unknown number, so the answer gives nothing away."""
    complaint = (
        Complaint.objects.select_related("merged_into")
        .filter(tracking_number=tracking_number.strip().upper())
        .first()
    )
    # An unknown number costs the same hash as a known one (against a dummy), so the time
    # of the answer does not tell whether the number exists.
    stored = complaint.code_hash if complaint is not None else UNKNOWN_NUMBER_HASH
    matches = code_matches(code or "", stored)
    return complaint if complaint is not None and matches else None


def public_view(complaint: Complaint) -> Complaint:
    """A merged complaint is followed through the one it was merged into."""
    return complaint.merged_into or complaint


def public_events(complaint: Complaint) -> Any:
    ids = [complaint.pk] + ([complaint.merged_into_id] if complaint.merged_into_id else [])
    return ComplaintEvent.objects.filter(complaint_id__in=ids, public=True).order_by("at", "id")


# -- counts for the reporting system -------------------------------------------------------


def complaint_counts(*, user: Any, start: date, end: date) -> dict[str, Any]:
    """Figures for complaints received from ``start`` to ``end`` (both included) in the
    user's subtree: the complaints report form's figures (complaints/statistics.py), read
    from the app that counts them; "overdue now" by the one overdue rule. No personal data
    plays a part."""
    from ipoffice.complaints.statistics import COMPLAINTS, KINDS, received_in

    period = period_between(start, end)
    office = user_office(user)
    if office is None:
        values: dict[str, Any] = {f.code: 0 for f in COMPLAINTS.figures}
    else:
        values = figures_read(COMPLAINTS, office, period)
    cohort = Complaint.objects.visible_to(user).filter(received_in(period))
    return {
        "received": values["complaints_received"],
        "by_kind": {k: n for k in KINDS if (n := values[f"received_{k}"])},
        "by_channel": {c: n for c in Channel.values if (n := values[f"channel_{c}"])},
        "reviewed": values["reviewed"],
        "transferred": values["transferred"],
        "converted_to_cases": values["converted_to_cases"],
        "results_returned": values["results_returned"],
        "satisfaction_average": values["rating_points"] / values["ratings"]
        if values["ratings"]
        else None,
        "ratings": values["ratings"],
        "overdue_now": overdue_complaints(cohort, timezone.localdate()).count(),
        "merged": values["merged"],
        "escalated": values["escalated"],
        "reviewed_on_time": values["reviewed_on_time"],
        "transferred_on_time": values["transferred_on_time"],
    }


def assistance_coverage(office: Office) -> dict[str, int]:
    """The active assistance centers of the subtree now, and how many provinces they are in
    (first two digits of their codes)."""
    centers = Office.objects.in_subtree(office).filter(
        level=OfficeLevel.ASSISTANCE_CENTER, is_active=True
    )
    codes = list(centers.values_list("code", flat=True))
    return {"centers": len(codes), "provinces": len({c[:2] for c in codes})}


def handler_candidates(*, user: Any, complaint: Complaint) -> Any:
    """Whom ``user`` may make the complaint's handler: the agents of its unit and of the
    units above it that ``user`` sees."""
    units = complaint.center.path.strip("/").split("/")
    people = User.objects.visible_to(user).filter(office__code__in=units)
    return people_with_permission(people, "complaints.handle_complaint").order_by(
        "full_name", "username"
    )
