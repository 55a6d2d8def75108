"""Every write of coordination requests: sending one (``request_create``), each
transition (``request_transition``), an authority's act through its signed link or
webhook (``request_act_by_link``), and the reminder job (``requests_remind``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ipoffice.cases.enums import OPEN_CASE_STATUSES
from ipoffice.cases.models import Case
from ipoffice.common.counting import counted_save
from ipoffice.common.errors import ApplicationError, InvalidInput, PermissionDeniedError
from ipoffice.common.history import history_append
from ipoffice.common.inputs import NOTE_MAX_LENGTH, too_long_message
from ipoffice.common.scoping import user_office
from ipoffice.common.workflow import transition_perform
from ipoffice.complaints.models import Complaint
from ipoffice.coordination import messages
from ipoffice.coordination.deadlines import request_due_dates, request_due_on
from ipoffice.coordination.enums import OPEN_STATUSES, TO_OFFICE, AssistanceKind, RequestKind
from ipoffice.coordination.links import link_read
from ipoffice.coordination.models import Authority, CoordinationRequest
from ipoffice.coordination.workflow import REQUEST_WORKFLOW, SEND, AuthorityActor
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.offices.models import REPORTING_LEVELS, Office
from ipoffice.outbox.enums import Language

DETAILS_MAX_LENGTH = 5000


def province_of(office: Office) -> str:
    """The province an office belongs to (its path's second code); the national office is
    a region of its own."""
    parts = office.path.strip("/").split("/")
    return parts[1] if len(parts) > 1 else parts[0]


def request_destinations(office: Office) -> Any:
    """The offices a request may go to: any other provincial or municipal office."""
    return Office.objects.filter(level__in=REPORTING_LEVELS, is_active=True).exclude(pk=office.pk)


def request_authorities(office: Office) -> Any:
    """The authorities of the office's register and of the registers above it."""
    ancestors = [p for p in office.path.strip("/").split("/") if p]
    return Authority.objects.filter(office__code__in=ancestors, is_active=True)


def _problems(
    *,
    office: Office,
    case: Case,
    kind: str,
    assistance: str,
    receiving_office: Office | None,
    authority: Authority | None,
    subject: str,
    details: str,
    complaint: Complaint | None,
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if kind not in RequestKind.values:
        add("kind", gettext("Choose what is sent from the list."))
    if kind == RequestKind.ASSISTANCE and assistance not in AssistanceKind.values:
        add("assistance", gettext("Choose the assistance asked for."))
    if kind != RequestKind.ASSISTANCE and assistance:
        add("assistance", gettext("Only a request for assistance asks for a kind of assistance."))
    if kind in TO_OFFICE:
        if receiving_office is None:
            add("receiving_office", gettext("Choose the office the request goes to."))
        elif not request_destinations(office).filter(pk=receiving_office.pk).exists():
            add(
                "receiving_office",
                gettext("A request goes to another provincial or municipal office."),
            )
        if authority is not None:
            add("authority", gettext("A request to an office names no outside authority."))
    elif kind == RequestKind.TRANSFER:
        if authority is None:
            add("authority", gettext("Choose the authority the matter is transferred to."))
        elif not request_authorities(office).filter(pk=authority.pk).exists():
            add("authority", gettext("Choose an authority of your office's register."))
        if receiving_office is not None:
            add("receiving_office", gettext("A transfer to an authority names no office."))
    if not subject.strip():
        add("subject", gettext("This field is required."))
    elif len(subject) > 200:
        add("subject", too_long_message(200))
    if not details.strip():
        add("details", gettext("This field is required."))
    elif len(details) > DETAILS_MAX_LENGTH:
        add(
            "details",
            too_long_message(DETAILS_MAX_LENGTH),
        )
    if case.status not in OPEN_CASE_STATUSES:
        add("case", gettext("The case is no longer open."))
    if complaint is not None and complaint.case_id != case.pk:
        add("complaint", gettext("The complaint is not one behind this case."))
    return problems


@transaction.atomic
def request_create(
    *,
    actor: Any,
    case: Case,
    kind: str,
    subject: str,
    details: str,
    assistance: str = "",
    receiving_office: Office | None = None,
    authority: Authority | None = None,
    complaint: Complaint | None = None,
    on: date | None = None,
) -> CoordinationRequest:
    """Send a request for assistance or a referral to another office, or a transfer to an
    outside authority, about a case of the actor's own office."""
    office = user_office(actor)
    if office is None or not actor.has_perm(SEND) or office.pk != case.office_id:
        raise PermissionDeniedError(
            gettext("Only people of the case's office may send requests about it.")
        )
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    problems = _problems(
        office=office,
        case=case,
        kind=kind,
        assistance=assistance,
        receiving_office=receiving_office,
        authority=authority,
        subject=subject,
        details=details,
        complaint=complaint,
    )
    if problems:
        raise InvalidInput(problems)
    sent_on = on or timezone.localdate()
    if sent_on > timezone.localdate():
        raise ApplicationError(gettext("The date cannot be in the future."), field="on")
    request = CoordinationRequest(
        kind=kind,
        assistance=assistance,
        requesting_office=office,
        case=case,
        complaint=complaint,
        receiving_office=receiving_office,
        authority=authority,
        subject=subject.strip(),
        details=details.strip(),
        sent_on=sent_on,
        created_by=actor,
    )
    request.acknowledge_due_on, request.answer_due_on = request_due_dates(
        request, WorkingCalendar.from_db()
    )
    request.due_on = request_due_on(request)
    if receiving_office is not None and province_of(receiving_office) != province_of(office):
        request.cross_region = True
        request.first_cross_region = not CoordinationRequest.objects.filter(
            case=case, cross_region=True
        ).exists()
    counted_save(request)
    history_append(
        request,
        actor=actor,
        action="create",
        on=sent_on,
        from_status="",
        changes={
            **({"receiving_office": [None, receiving_office.pk]} if receiving_office else {}),
            **({"authority": [None, authority.pk]} if authority else {}),
            "acknowledge_due_on": [None, request.acknowledge_due_on],
            "answer_due_on": [None, request.answer_due_on],
        },
    )
    if authority is not None:
        sent = messages.transfer_send(request)
        if sent:
            history_append(request, actor=actor, action="message", on=sent_on)
    return request


@transaction.atomic
def request_transition(
    *,
    actor: Any,
    request: CoordinationRequest,
    name: str,
    on: date | None = None,
    reason: str = "",
    answer: str = "",
) -> CoordinationRequest:
    """Acknowledge, answer, refuse (the receiver) or withdraw (the requester)."""
    if len(reason) > NOTE_MAX_LENGTH:
        raise ApplicationError(
            too_long_message(NOTE_MAX_LENGTH),
            field="reason",
        )
    return transition_perform(
        REQUEST_WORKFLOW,
        record=request,
        name=name,
        actor=actor,
        on=on,
        reason=reason,
        answer=answer,
    )


def request_by_link(token: str) -> CoordinationRequest:
    """The request a signed link names (a refusal saying why, if the link is not good)."""
    signed = link_read(token)
    found = (
        CoordinationRequest.objects.select_related("requesting_office", "authority", "case")
        .filter(pk=signed.request_id, authority_id=signed.authority_id)
        .first()
    )
    if found is None:
        raise PermissionDeniedError(gettext("This link is not valid."))
    return found


@transaction.atomic
def request_act_by_link(
    *, token: str, name: str, person: str, answer: str = "", reason: str = ""
) -> CoordinationRequest:
    """An outside authority acknowledges, answers or refuses through its signed link (the
    public page) or its webhook: no account, the token is the authority."""
    request = request_by_link(token)
    actor = AuthorityActor(
        request_id=request.pk, authority_id=request.authority_id or 0, name=person
    )
    return request_transition(actor=actor, request=request, name=name, reason=reason, answer=answer)


def _reminder_recipients(request: CoordinationRequest) -> list[tuple[str, str]]:
    """Who a reminder goes to: the authority's e-mail, or the people of the receiving
    office who answer requests (those with an address)."""
    if request.authority_id:
        email = request.authority.email if request.authority else ""
        return [(email, messages.AUTHORITY_LANGUAGE)] if email else []
    from django.contrib.auth import get_user_model

    people = (
        get_user_model()
        .objects.filter(office=request.receiving_office, is_active=True)
        .exclude(email="")
    )
    return [
        (p.email, p.language or Language.ZH_HANS)
        for p in people.order_by("pk")
        if p.has_perm("coordination.answer_request")
    ]


def requests_remind(*, today: date | None = None) -> int:
    """The daily job: one reminder per overdue request and due date. A second run for the
    same date sends nothing (``reminded_for``, and the messages' idempotency keys)."""
    today = today or timezone.localdate()
    reminded = 0
    due = CoordinationRequest.objects.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    for pk in due.values_list("pk", flat=True):
        reminded += _remind_one(pk, today)
    return reminded


@transaction.atomic
def _remind_one(pk: int, today: date) -> int:
    request = (
        CoordinationRequest.objects.select_for_update(of=("self",))
        .select_related("requesting_office", "receiving_office", "authority", "case")
        .get(pk=pk)
    )
    if request.due_on is None or request.due_on >= today or request.reminded_for == request.due_on:
        return 0
    recipients = _reminder_recipients(request)
    messages.reminder_send(request, recipients)
    before = request.reminded_for
    request.reminded_for = request.due_on
    counted_save(request, update_fields=["reminded_for", "updated_at"])
    history_append(
        request,
        actor=None,
        action="remind",
        on=today,
        changes={
            "reminded_for": [before, request.reminded_for],
            "recipients": [None, len(recipients)],
        },
    )
    return 1


AUTHORITY_FIELDS = ("office", "name", "kind", "email", "webhook_url", "is_active")


@transaction.atomic
def authority_save(*, actor: Any, authority: Authority, before: dict[str, Any] | None) -> Authority:
    """Add an authority to an office's register, or change it (the admin page): only for
    an office in the actor's subtree, with the permission; audited."""
    from ipoffice.audit.services import audit_record
    from ipoffice.common.scoping import office_within

    own = user_office(actor)
    adding = authority.pk is None
    needed = "coordination.add_authority" if adding else "coordination.change_authority"
    if own is None or not actor.has_perm(needed) or not office_within(authority.office, own):
        raise PermissionDeniedError(gettext("You may not change the register of that office."))
    authority.save()
    after = {f: getattr(authority, f) for f in AUTHORITY_FIELDS}
    from ipoffice.common.history import history_changes

    audit_record(
        actor=actor,
        target=authority,
        office=authority.office,
        action="authority_create" if adding else "authority_update",
        changes=history_changes(before or {}, after),
    )
    return authority
