"""Reads of cases, always scoped to the asking user's office subtree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from ipoffice.accounts.models import User
from ipoffice.accounts.selectors import people_with_permission
from ipoffice.cases.enums import ExtensionStatus
from ipoffice.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    CasePatent,
    Consultation,
    ExtensionRequest,
    Mediation,
    Party,
    Suspension,
    TakedownNotice,
)
from ipoffice.common.files import attachment_get
from ipoffice.common.identifiers import patent_number_normalize
from ipoffice.common.scoping import get_visible_or_404, subtree_filter, user_office


@dataclass(frozen=True)
class CaseFilters:
    """What a case list is narrowed to; parsed from a query by ``cases.filters.CaseFilter``."""

    case_type: str = ""
    status: str = ""
    overdue: bool = False
    office: str = ""  # an office code: that office and the offices below it
    year: int | None = None
    campaign: str = ""
    q: str = ""  # case number, party name or patent number


def case_list(*, user: Any, filters: CaseFilters | None = None, today: date | None = None) -> Any:
    qs = Case.objects.visible_to(user).select_related("office", "handler", "campaign")
    return cases_filtered(qs, filters or CaseFilters(), today=today)


def cases_filtered(qs: Any, f: CaseFilters, *, today: date | None = None) -> Any:
    """``qs`` (already scoped to the reader) narrowed to what ``f`` asks for."""
    if f.case_type:
        qs = qs.filter(case_type=f.case_type)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.overdue:
        qs = qs.filter(overdue_q(today))
    if f.office:
        qs = qs.filter(subtree_filter("office", f.office))
    if f.year:
        qs = qs.filter(year=f.year)
    if f.campaign:
        qs = qs.filter(Q(campaign__name_zh=f.campaign) | Q(campaign__name_en=f.campaign))
    if f.q:
        qs = qs.filter(_search(f.q))
    return qs


def overdue_q(today: date | None = None) -> Q:
    """Cases past their due date: the "overdue" rule of the case list.

    ``due_on`` is set only while the case waits on a step (publication included)."""
    return Q(due_on__lt=today or timezone.localdate())


def overdue_cases(cases: Any, today: date) -> Any:
    """The cases past the last day of the step they wait on (``overdue_q``), for the
    list, the dashboard and the API."""
    return cases.filter(overdue_q(today))


def case_is_overdue(case: Case, today: date) -> bool:
    """The same rule for one case in hand."""
    return case.due_on is not None and case.due_on < today


def _search(text: str) -> Q:
    """Cases whose number, title or a party's name contains ``text``, or that name the
    patent.

    One ``id IN (… UNION ALL …)``: each part is answered by its own index (trigram on
    PostgreSQL), where an OR of EXISTS would test every case of the list."""
    matching = Case.objects.filter(case_number__icontains=text).values("id").order_by()
    parts: list[Any] = [
        Case.objects.filter(title__icontains=text).values("id").order_by(),
        Party.objects.filter(name__icontains=text).values("case_id").order_by(),
    ]
    if canonical := _as_patent_number(text):
        patents = CasePatent.objects.filter(application_number=canonical)
        parts.append(patents.values("case_id").order_by())
    return Q(pk__in=matching.union(*parts, all=True))


def _as_patent_number(text: str) -> str:
    """The canonical application number ``text`` spells, or "" when it is none."""
    try:
        return patent_number_normalize(text).canonical
    except ValueError:
        return ""


def case_get(*, user: Any, pk: int) -> Case:
    return get_visible_or_404(
        Case.objects.select_related(
            "office", "created_by", "handler__office", "campaign"
        ).prefetch_related("parties", "patents"),
        user,
        pk=pk,
    )


def case_attachment_get(*, user: Any, case_pk: int, pk: int) -> Attachment:
    """A file of a case the user may see (404 for anyone else)."""
    return attachment_get(
        Attachment.objects.filter(case_id=case_pk), user, permission="cases.view_case", pk=pk
    )


def case_history(*, user: Any, case: Case) -> Any:
    """In the order of the legal date, then of entry (an act may be recorded late)."""
    return (
        CaseEvent.objects.visible_to(user)
        .filter(case=case)
        .select_related("actor")
        .order_by("on", "at", "id")
    )


def case_extension_requests(*, user: Any, case: Case) -> Any:
    """The case's extension requests waiting for a decision."""
    return (
        ExtensionRequest.objects.visible_to(user)
        .filter(case=case, status=ExtensionStatus.PENDING)
        .select_related("requested_by")
    )


def extension_requests_pending(*, user: Any) -> Any:
    """The extension requests waiting for ``user``'s decision: those of cases of their own
    office, if they may approve extensions (ADR 0008); oldest first."""
    office = user_office(user)
    if office is None or not user.has_perm("cases.approve_extension"):
        return ExtensionRequest.objects.none()
    return (
        ExtensionRequest.objects.visible_to(user)
        .filter(status=ExtensionStatus.PENDING, case__office=office)
        .select_related("case", "requested_by")
        .order_by("requested_on", "id")
    )


CAMPAIGNS_FRESH_FOR = 600  # seconds a renamed campaign may take to reach the filter


def case_campaigns(*, user: Any) -> list[str]:
    """The special campaigns of the user's cases, for the list's filter.

    Finding them reads every case of the subtree (~80 ms nationally at a million cases)
    for a list that seldom changes: kept in the cache under the subtree's newest case,
    so a new case shows its campaign at once and an edited one within ten minutes."""
    cases = Case.objects.visible_to(user)
    newest = cases.order_by("-id").values_list("id", flat=True).first()
    office = user_office(user)
    key = f"case-campaigns:{office.path if office else '-'}:{newest}"

    def find() -> list[str]:
        return list(
            cases.exclude(campaign=None)
            .order_by("campaign__name_zh")
            .values_list("campaign__name_zh", flat=True)
            .distinct()
        )

    found: list[str] = cache.get_or_set(key, find, CAMPAIGNS_FRESH_FOR) or []
    return found


def in_case_office(user: Any, case: Case) -> bool:
    """People of the case's own office act on it; offices above supervise and read."""
    office = user_office(user)
    return office is not None and office.pk == case.office_id


def can_see_identities(user: Any, case: Case) -> bool:
    """Party ID numbers are shown in full only to the case's handlers."""
    return in_case_office(user, case) and user.has_perm("cases.handle_case")


def handler_candidates(*, user: Any, case: Case) -> Any:
    """Whom ``user`` may make the case's handler: the officers of its own office."""
    people = User.objects.visible_to(user).filter(office__pk=case.office_id)
    return people_with_permission(people, "cases.handle_case").order_by("full_name", "username")


# -- the mechanisms of 2013 on the case page ---------------------------------------------


def case_mediations(*, user: Any, case: Case) -> Any:

    return Mediation.objects.visible_to(user).filter(case=case).order_by("started_on", "id")


def case_suspensions(*, user: Any, case: Case) -> Any:

    return (
        Suspension.objects.visible_to(user)
        .filter(case=case)
        .select_related("suspended_by", "resumed_by")
    )


def case_consultations(*, user: Any, case: Case) -> Any:

    return Consultation.objects.visible_to(user).filter(case=case).select_related("requested_by")


def case_takedown_notices(*, user: Any, case: Case) -> Any:

    return TakedownNotice.objects.visible_to(user).filter(case=case).select_related("sent_by")


def shop_q(platform: str, shop_id: str, shop_name: str) -> Q:
    """The same shop: on the same platform, by its ID, or by its name where it has none."""
    if shop_id:
        return Q(platform__iexact=platform, shop_id=shop_id)
    return Q(platform__iexact=platform, shop_name__iexact=shop_name)


def takedown_repeats(*, user: Any, notice: Any) -> int:
    """How many earlier notices the reader may see named the same shop (any case, any
    office of the reader's subtree): 0 for a first sighting."""

    earlier = Q(sent_on__lt=notice.sent_on) | Q(sent_on=notice.sent_on, pk__lt=notice.pk)
    return (
        TakedownNotice.objects.visible_to(user)
        .filter(shop_q(notice.platform, notice.shop_id, notice.shop_name))
        .filter(earlier)
        .exclude(pk=notice.pk)
        .count()
    )
