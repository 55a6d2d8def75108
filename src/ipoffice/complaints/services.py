"""The verbs of complaint handling: submit, transition, reassign, transfer, convert, merge,
rate, escalate. Each locks the complaint row and appends to its history."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipoffice.cases.enums import CaseSource, CaseStatus, CaseType
from ipoffice.cases.services import case_create
from ipoffice.common.counting import counted_save, counted_seen
from ipoffice.common.errors import ApplicationError, InvalidInput, PermissionDeniedError
from ipoffice.common.scoping import office_within, user_office
from ipoffice.common.uploads import check_upload
from ipoffice.complaints.deadlines import complaint_due_on
from ipoffice.complaints.enums import (
    AT_CENTER_COMPLAINT_STATUSES,
    Authority,
    Channel,
    ComplaintKind,
    ComplaintStatus,
)
from ipoffice.complaints.intake import (
    CHANNELS_FOR_AGENTS,
    clean_complaint,
    code_hash,
    new_secret,
    route,
)
from ipoffice.complaints.models import (
    Complainant,
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    ComplaintPatent,
    Platform,
)
from ipoffice.complaints.selectors import overdue_complaints
from ipoffice.complaints.workflow import TRANSITIONS, transition_problem
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.offices.models import ASSISTANCE_LEVELS, Office

MAX_FILES = 5


def _record(
    complaint: Complaint,
    *,
    actor: Any,
    action: str,
    on: date,
    from_status: str = "",
    changes: dict[str, Any] | None = None,
    note: str = "",
    public: bool = False,
) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        on=on,
        from_status=from_status,
        to_status=complaint.status,
        changes=changes or {},
        note=note,
        public=public,
    )


@transaction.atomic
def complaint_submit(
    *,
    channel: str,
    data: dict[str, Any],
    actor: Any = None,
    platform: Platform | None = None,
    files: Iterable[UploadedFile] = (),
    received_on: date | None = None,
) -> tuple[Complaint, str]:
    """File a complaint from any channel. Returns it with its verification code, which is
    shown once and kept only as a hash."""
    if channel not in Channel.values:
        raise ApplicationError(_("Unknown channel."), field="channel")
    if actor is not None and not actor.has_perm("complaints.add_complaint"):
        raise PermissionDeniedError(_("You may not take complaints."))
    cleaned = clean_complaint(data)
    if isinstance(cleaned, dict):
        raise InvalidInput(cleaned)
    files = list(files)
    if len(files) > MAX_FILES:
        raise ApplicationError(_("Attach at most %(n)s files.") % {"n": MAX_FILES}, field="files")
    for upload in files:
        check_upload(upload, field="files")
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field="received_on")
    if actor is not None and channel not in CHANNELS_FOR_AGENTS:
        raise ApplicationError(
            _("Agents record telephone, walk-in, letter, e-mail and work station complaints."),
            field="channel",
        )
    own = user_office(actor) if actor is not None else None
    if own is not None and own.level in ASSISTANCE_LEVELS:
        center, why = own, "recorded by this unit"  # a walk-in stays where it walked in
    else:
        center, why = route(cleaned.province_code, cleaned.city_code)
    code = new_secret(8)
    complaint = Complaint(
        code_hash=code_hash(code),
        kind=cleaned.kind,
        channel=channel,
        center=center,
        routing_note=why,
        subject=cleaned.subject,
        description=cleaned.description,
        province_code=cleaned.province_code,
        city_code=cleaned.city_code,
        respondent_name=cleaned.respondent_name,
        respondent_code=cleaned.respondent_code,
        listing_urls=cleaned.listing_urls,
        anonymous=cleaned.anonymous,
        platform=platform,
        received_on=received_on,
    )
    complaint.due_on = complaint.review_due_on = complaint_due_on(
        complaint, WorkingCalendar.from_db()
    )
    for _attempt in range(5):  # a clash of random tracking numbers is rare; try another
        complaint.tracking_number = f"{received_on:%Y%m%d}-{new_secret(6)}"
        try:
            with transaction.atomic():
                counted_save(complaint)
            break
        except IntegrityError:
            complaint.pk = None
    else:
        raise ApplicationError(_("Please submit again."))
    Complainant.objects.create(
        complaint=complaint,
        name=cleaned.name,
        phone=cleaned.phone,
        email=cleaned.email,
        address=cleaned.address,
    )
    ComplaintPatent.objects.bulk_create(
        [
            ComplaintPatent(
                complaint=complaint, application_number=p.canonical, patent_type=p.patent_type
            )
            for p in cleaned.patents
        ]
    )
    for upload in files:
        _attach(complaint, upload)
    _record(
        complaint,
        actor=actor,
        action="submit",
        on=received_on,
        public=True,
        changes={"channel": [None, channel], "center": [None, center.code]},
        note=why,
    )
    return complaint, code


def _attach(complaint: Complaint, upload: UploadedFile) -> ComplaintAttachment:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    name = (upload.name or "file")[:200]
    attachment = ComplaintAttachment(
        complaint=complaint,
        original_name=name,
        content_type=check_upload(upload, field="files"),
        size=upload.size or 0,
        sha256=digest.hexdigest(),
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


def can_handle(actor: Any, complaint: Complaint, permission: str) -> bool:
    """Agents act on complaints of their own unit and below; officers of the offices
    above convert them into cases."""
    own = user_office(actor)
    return own is not None and office_within(complaint.center, own) and actor.has_perm(permission)


def _locked(complaint: Complaint) -> Complaint:
    locked = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("center")
        .get(pk=complaint.pk)
    )
    return counted_seen(locked)


@transaction.atomic
def complaint_transition(
    *,
    actor: Any,
    complaint: Complaint,
    name: str,
    note: str = "",
    on: date | None = None,
    transferred_to: Office | None = None,
    authority: str = "",
    authority_name: str = "",
    complex_matter: bool | None = None,
) -> Complaint:
    transition = TRANSITIONS.get(name)
    if transition is None or name == "convert_to_case":
        raise ApplicationError(
            _("There is no action called %(name)s.") % {"name": name}, field="transition"
        )
    complaint = _locked(complaint)
    if not can_handle(actor, complaint, transition.permission):
        raise PermissionDeniedError(_("You may not handle this complaint."))
    problem = transition_problem(complaint, transition)
    if problem:
        raise ApplicationError(problem, field="transition")
    if transition.note_required and not note.strip():
        raise ApplicationError(_("Write the note for this step."), field="note")
    on = on or timezone.localdate()
    if on < complaint.received_on or on > timezone.localdate():
        raise ApplicationError(_("The date must lie between receipt and today."), field="on")
    before = complaint.status
    changes: dict[str, Any] = {"status": [before, transition.target]}
    if name == "transfer":
        _transfer_fields(complaint, transferred_to, authority, authority_name, changes)
        complaint.transferred_on = on
    if name == "review":
        complaint.reviewed_on = on
    if name == "record_receipt":
        complaint.receipt_on = on
    if name == "record_result":
        complaint.result, complaint.result_on = note, on
    if name in ("answer", "notify"):
        complaint.reply = note
    if name == "answer":
        complaint.result_on = on  # the answer is the result: the complainant is told next
    if name in ("reject", "notify"):
        complaint.closed_on = on
    if complex_matter is not None and complex_matter != complaint.complex_matter:
        changes["complex_matter"] = [complaint.complex_matter, complex_matter]
        complaint.complex_matter = complex_matter
    complaint.status = transition.target
    complaint.due_on = complaint_due_on(complaint, WorkingCalendar.from_db())
    complaint.escalated = False  # a new step, a new time limit: escalate again if it lapses
    counted_save(complaint)
    _record(
        complaint,
        actor=actor,
        action=name,
        on=on,
        from_status=before,
        changes=changes,
        note=note,
        public=transition.public,
    )
    if complaint.status == ComplaintStatus.CLOSED:
        _close_merged(complaint, actor=actor, on=on)
    return complaint


def _transfer_fields(
    complaint: Complaint, office: Office | None, authority: str, name: str, changes: dict[str, Any]
) -> None:
    if office is None and not authority:
        raise ApplicationError(_("Say where the complaint goes."), field="transferred_to")
    if office is not None and authority:
        raise ApplicationError(
            _("Choose an office or another authority, not both."), field="authority"
        )
    if authority:
        if authority not in Authority.values:
            raise ApplicationError(_("Unknown authority."), field="authority")
        if not name.strip():
            raise ApplicationError(_("Name the receiving authority."), field="authority_name")
        complaint.authority, complaint.authority_name = authority, name.strip()
        changes["recipient"] = [None, f"{authority}: {name.strip()}"]
    else:
        assert office is not None
        if office.level in ASSISTANCE_LEVELS:
            raise ApplicationError(_("Reassign to another center instead."), field="transferred_to")
        complaint.transferred_to = office
        changes["recipient"] = [None, office.code]


def _close_merged(master: Complaint, *, actor: Any, on: date) -> None:
    """Everyone whose complaint was merged into this one hears the same result."""
    for merged in Complaint.objects.select_for_update().filter(merged_into=master):
        counted_seen(merged)
        merged.reply, merged.result, merged.closed_on = master.reply, master.result, on
        counted_save(merged, update_fields=["reply", "result", "closed_on", "updated_at"])
        _record(
            merged,
            actor=actor,
            action="notify",
            on=on,
            note=master.reply,
            public=True,
            from_status=merged.status,
        )


@transaction.atomic
def complaint_reassign(
    *, actor: Any, complaint: Complaint, center: Office, reason: str
) -> Complaint:
    complaint = _locked(complaint)
    if not can_handle(actor, complaint, "complaints.handle_complaint"):
        raise PermissionDeniedError(_("You may not handle this complaint."))
    if complaint.status not in AT_CENTER_COMPLAINT_STATUSES:
        raise ApplicationError(
            _("Only a complaint not yet passed on can be reassigned."), field="center"
        )
    if center.level not in ASSISTANCE_LEVELS or not center.is_active:
        raise ApplicationError(_("Choose an assistance center or work station."), field="center")
    if not reason.strip():
        raise ApplicationError(_("Give the reason for this action."), field="reason")
    before = complaint.center.code
    complaint.center = center
    counted_save(complaint, update_fields=["center", "updated_at"])
    _record(
        complaint,
        actor=actor,
        action="reassign",
        on=timezone.localdate(),
        from_status=complaint.status,
        changes={"center": [before, center.code]},
        note=reason,
    )
    return complaint


@transaction.atomic
def complaint_merge(
    *, actor: Any, duplicate: Complaint, into: Complaint, reason: str = ""
) -> Complaint:
    duplicate, into = _locked(duplicate), _locked(into)
    for complaint in (duplicate, into):
        if not can_handle(actor, complaint, "complaints.handle_complaint"):
            raise PermissionDeniedError(_("You may not handle this complaint."))
    if (
        duplicate.pk == into.pk
        or duplicate.status not in AT_CENTER_COMPLAINT_STATUSES
        or not into.is_open
    ):
        raise ApplicationError(_("These complaints cannot be merged."), field="into")
    if into.merged_into_id:
        raise ApplicationError(
            _("Merge into the complaint that others were merged into."), field="into"
        )
    before = duplicate.status
    duplicate.status, duplicate.merged_into, duplicate.due_on = ComplaintStatus.MERGED, into, None
    counted_save(duplicate, update_fields=["status", "merged_into", "due_on", "updated_at"])
    Complaint.objects.filter(merged_into=duplicate).update(merged_into=into)
    today = timezone.localdate()
    _record(
        duplicate,
        actor=actor,
        action="merge",
        on=today,
        from_status=before,
        public=True,
        changes={"merged_into": [None, into.tracking_number]},
        note=reason,
    )
    _record(
        into,
        actor=actor,
        action="absorb",
        on=today,
        from_status=into.status,
        changes={"merged": [None, duplicate.tracking_number]},
        note=reason,
    )
    return into


@transaction.atomic
def complaint_rate(*, complaint: Complaint, rating: int) -> Complaint:
    """The complainant's satisfaction with a closed complaint (1 to 5), once."""
    complaint = _locked(complaint)
    if complaint.is_open or (
        complaint.status == ComplaintStatus.MERGED and not complaint.closed_on
    ):
        raise ApplicationError(_("You can rate the handling once it is closed."), field="rating")
    if complaint.rating is not None:
        raise ApplicationError(_("You have already rated it."), field="rating")
    if rating not in range(1, 6):
        raise ApplicationError(_("Rate from 1 to 5."), field="rating")
    complaint.rating = rating
    counted_save(complaint, update_fields=["rating", "updated_at"])
    _record(
        complaint,
        actor=None,
        action="rate",
        on=timezone.localdate(),
        from_status=complaint.status,
        changes={"rating": [None, rating]},
    )
    return complaint


@transaction.atomic
def complaints_escalate_overdue(*, today: date | None = None) -> int:
    """Flag every open complaint past its due date for the unit above; return how many."""
    today = today or timezone.localdate()
    late = overdue_complaints(
        Complaint.objects.select_for_update(of=("self",)).select_related("center__parent"), today
    ).filter(escalated=False)
    count = 0
    for complaint in late:
        counted_seen(complaint)
        parent = complaint.center.parent
        complaint.escalated = True
        counted_save(complaint, update_fields=["escalated", "updated_at"])
        _record(
            complaint,
            actor=None,
            action="escalate",
            on=today,
            from_status=complaint.status,
            changes={
                "escalated_to": [None, parent.code if parent else None],
                "due_on": [complaint.due_on, complaint.due_on],
            },
        )
        count += 1
    return count


KIND_TO_CASE: dict[str, tuple[str, str]] = {
    ComplaintKind.INFRINGEMENT_COMPLAINT: (CaseType.INFRINGEMENT_DISPUTE, CaseSource.COMPLAINT),
    ComplaintKind.ASSISTANCE_REQUEST: (CaseType.INFRINGEMENT_DISPUTE, CaseSource.COMPLAINT),
    ComplaintKind.TAKEDOWN_REQUEST: (CaseType.INFRINGEMENT_DISPUTE, CaseSource.E_COMMERCE),
    ComplaintKind.PASSING_OFF_REPORT: (CaseType.PASSING_OFF, CaseSource.REPORT),
}


@transaction.atomic
def complaint_convert_to_case(
    *, actor: Any, complaint: Complaint, overrides: dict[str, Any] | None = None
) -> Any:
    """Open an enforcement case in the actor's office, prefilled from the complaint, and link
    the two both ways. ``overrides`` fills or corrects case fields the complaint lacks."""
    complaint = _locked(complaint)
    transition = TRANSITIONS["convert_to_case"]
    if not can_handle(actor, complaint, transition.permission):
        raise PermissionDeniedError(_("You may not handle this complaint."))
    problem = transition_problem(complaint, transition)
    if problem:
        raise ApplicationError(problem, field="transition")
    case_type, source = KIND_TO_CASE[complaint.kind]
    complainant = getattr(complaint, "complainant", None)
    today = timezone.localdate()
    data = {
        "case_type": case_type,
        "source": source,
        "filed_on": today,
        "title": complaint.subject,
        "description": f"{complaint.description}\n\n12330: {complaint.tracking_number}",
        "e_commerce": complaint.channel == Channel.E_COMMERCE or bool(complaint.listing_urls),
        "patent_numbers": [p.application_number for p in complaint.patents.all()],
        "respondent_name": complaint.respondent_name,
        "respondent_id": complaint.respondent_code,
        "requester_name": complainant.name
        if complainant and case_type != CaseType.PASSING_OFF
        else "",
        **(overrides or {}),
    }
    case = case_create(actor=actor, office=user_office(actor), data=data)
    before = complaint.status
    complaint.case, complaint.status = case, ComplaintStatus.CONVERTED
    complaint.escalated = False  # a new step with its own time limit
    complaint.transferred_to, complaint.transferred_on = case.office, today
    complaint.due_on = complaint_due_on(complaint, WorkingCalendar.from_db())
    counted_save(complaint)
    _record(
        complaint,
        actor=actor,
        action="convert_to_case",
        on=today,
        from_status=before,
        changes={"case": [None, case.case_number]},
        public=True,
    )
    return case


def complaints_follow_case(case: Any, *, actor: Any, on: date) -> None:
    """Receiver of ``cases.hooks.case_concluded``: the complaints behind the case receive
    its result, and their time limit to tell the complainant starts."""
    if not case.outcome and case.status != CaseStatus.NOT_ACCEPTED:
        return
    calendar = WorkingCalendar.from_db()
    for complaint in Complaint.objects.select_for_update().filter(
        case=case, status=ComplaintStatus.CONVERTED
    ):
        counted_seen(complaint)
        complaint.status, complaint.result_on = ComplaintStatus.RESULT_RECEIVED, on
        complaint.result = str(case.get_outcome_display() or case.get_status_display())
        complaint.escalated = False
        complaint.due_on = complaint_due_on(complaint, calendar)
        counted_save(complaint)
        _record(
            complaint,
            actor=actor,
            action="record_result",
            on=on,
            from_status=ComplaintStatus.CONVERTED,
            changes={"case_outcome": [None, case.outcome]},
            note=complaint.result,
        )
