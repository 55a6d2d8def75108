"""The verbs of case handling. Each checks permission and office, locks the case row,
changes it and appends to its history in one transaction."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipoffice.cases.deadlines import case_due_on, concluded_in_time
from ipoffice.cases.enums import HANDLING_CASE_STATUSES, CaseStatus, PartyRole
from ipoffice.cases.hooks import case_concluded
from ipoffice.cases.models import Attachment, Case, CaseEvent, CaseNumberCounter, CasePatent, Party
from ipoffice.cases.validation import CaseInput, clean_case, fine_problems
from ipoffice.cases.workflow import STEPS, TRANSITIONS, transition_problem
from ipoffice.common.counting import counted_save, counted_seen
from ipoffice.common.errors import ApplicationError, InvalidInput, PermissionDeniedError
from ipoffice.common.scoping import user_office
from ipoffice.common.uploads import check_upload
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.offices.models import Office

EDITABLE_FIELDS = ("campaign", "industry", "e_commerce", "foreign_related", "title", "description")
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


def require_handler(actor: Any, case_office: Office | None, permission: str) -> None:
    """Only people of the case's own office act on it (selectors.in_case_office)."""
    own = user_office(actor)
    if own is None or case_office is None or own.pk != case_office.pk:
        raise PermissionDeniedError(_("You may not do this on a case of that office."))
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("You may not do this on a case of that office."))


def case_number_allocate(*, office: Office, year: int) -> tuple[str, int]:
    """Next number in the office's gap-free yearly sequence. Call inside the transaction that
    creates the case: the counter row stays locked until it commits, and a rollback gives
    the number back."""
    CaseNumberCounter.objects.bulk_create(
        [CaseNumberCounter(office=office, year=year)], ignore_conflicts=True
    )
    counter = CaseNumberCounter.objects.select_for_update().get(office=office, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return case_number_format(office.code, year, counter.last), counter.last


def case_number_format(office_code: str, year: int, sequence: int) -> str:
    return f"{office_code}-{year}-{sequence:05d}"


def _record(
    case: Case,
    *,
    actor: Any,
    action: str,
    on: date,
    from_status: str = "",
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        on=on,
        from_status=from_status,
        to_status=case.status,
        changes=changes or {},
        reason=reason,
    )


def parties_and_patents(case: Case, data: CaseInput) -> tuple[list[Party], list[CasePatent]]:
    """The rows a case's parties and patents need (saved by the caller, in bulk)."""
    roles = [(PartyRole.REQUESTER, data.requester), (PartyRole.RESPONDENT, data.respondent)]
    parties = [
        Party(
            case=case,
            role=role,
            kind=p.kind,
            name=p.name,
            id_number=p.id_number,
            address=p.address,
            contact=p.contact,
        )
        for role, p in roles
        if p is not None
    ]
    patents = [
        CasePatent(case=case, application_number=p.canonical, patent_type=p.patent_type)
        for p in data.patents
    ]
    return parties, patents


@transaction.atomic
def case_create(*, actor: Any, office: Office | None, data: dict[str, Any]) -> Case:
    """Register a case received (a request, a report, a finding) in ``office``."""
    require_handler(actor, office, "cases.add_case")
    assert office is not None  # require_handler refuses a missing office
    cleaned = clean_case(data)
    if isinstance(cleaned, dict):
        raise InvalidInput(cleaned)
    if cleaned.accepted_on or cleaned.closed_on or cleaned.outcome:
        raise ApplicationError(
            _("A new case starts as received; accept and conclude it through its actions."),
            field="accepted_on",
        )
    number, sequence = case_number_allocate(office=office, year=cleaned.filed_on.year)
    case = Case(
        office=office,
        case_number=number,
        year=cleaned.filed_on.year,
        sequence=sequence,
        case_type=cleaned.case_type,
        dispute_subtype=cleaned.dispute_subtype,
        source=cleaned.source,
        campaign=cleaned.campaign,
        industry=cleaned.industry,
        e_commerce=cleaned.e_commerce,
        foreign_related=cleaned.foreign_related,
        title=cleaned.title,
        description=cleaned.description,
        filed_on=cleaned.filed_on,
        illegal_gains=cleaned.illegal_gains,
        created_by=actor,
    )
    case.due_on = case_due_on(case, WorkingCalendar.from_db())
    counted_save(case)
    parties, patents = parties_and_patents(case, cleaned)
    Party.objects.bulk_create(parties)
    CasePatent.objects.bulk_create(patents)
    _record(
        case,
        actor=actor,
        action="create",
        on=cleaned.filed_on,
        changes={"case_number": [None, number], "case_type": [None, case.case_type]},
    )
    return case


def _locked(case: Case) -> Case:
    locked = Case.objects.select_for_update(of=("self",)).select_related("office").get(pk=case.pk)
    return counted_seen(locked)


@transaction.atomic
def case_transition(
    *,
    actor: Any,
    case: Case,
    name: str,
    on: date | None = None,
    reason: str = "",
    outcome: str = "",
    fine_amount: Decimal | None = None,
    illegal_gains: Decimal | None = None,
) -> Case:
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ApplicationError(
            _("There is no action called %(name)s.") % {"name": name}, field="transition"
        )
    case = _locked(case)
    require_handler(actor, case.office, transition.permission)
    on = on or timezone.localdate()
    problem = transition_problem(case, transition)
    if problem:
        raise ApplicationError(problem, field="transition")
    if transition.reason_required and not reason.strip():
        raise ApplicationError(_("Give the reason for this action."), field="reason")
    if on > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field="on")
    last_date = max(d for d in (case.filed_on, case.accepted_on, case.concluded_on) if d)
    if on < last_date:
        raise ApplicationError(
            _("The date cannot precede %(date)s.") % {"date": last_date}, field="on"
        )
    allowed_outcomes = (transition.outcomes or {}).get(case.case_type, ())
    if transition.outcomes is not None:
        outcome = outcome or (allowed_outcomes[0] if len(allowed_outcomes) == 1 else "")
        if outcome not in allowed_outcomes:
            raise ApplicationError(
                _("Choose the outcome: %(choices)s") % {"choices": ", ".join(allowed_outcomes)},
                field="outcome",
            )

    before = {"status": case.status, "outcome": case.outcome}
    case.status = transition.target
    if name == "accept":
        case.accepted_on = on
    if transition.target == CaseStatus.CONCLUDED:
        case.outcome, case.concluded_on = outcome, on
        case.concluded_within_limit = concluded_in_time(case, WorkingCalendar.from_db())
        if fine_amount is not None or illegal_gains is not None:
            _set_fine(case, fine_amount, illegal_gains, on)
    if name == "publish_decision":
        case.published_on = on
    if transition.target in (CaseStatus.CLOSED, CaseStatus.NOT_ACCEPTED):
        case.closed_on = on
    case.due_on = case_due_on(case, WorkingCalendar.from_db())
    counted_save(case)
    changes = {k: [v, getattr(case, k)] for k, v in before.items() if v != getattr(case, k)}
    if case.fine_amount is not None and transition.target == CaseStatus.CONCLUDED:
        changes["fine_amount"] = [None, case.fine_amount]
    _record(
        case,
        actor=actor,
        action=name,
        on=on,
        from_status=before["status"],
        changes=changes,
        reason=reason,
    )
    if transition.target in (CaseStatus.CONCLUDED, CaseStatus.NOT_ACCEPTED):
        case_concluded(case, actor=actor, on=on)  # e.g. the complaints behind it follow
    return case


def _set_fine(case: Case, fine: Decimal | None, gains: Decimal | None, on: date) -> None:
    fine = None if fine is None else Decimal(fine)
    # Gains recorded at registration stand unless the decision states them anew.
    gains = case.illegal_gains if gains is None else Decimal(gains)
    problems = fine_problems(outcome=case.outcome, fine=fine, gains=gains, day=on)
    if problems:
        raise InvalidInput({"fine_amount": problems})
    case.fine_amount, case.illegal_gains = fine, gains


@transaction.atomic
def case_record_step(
    *, actor: Any, case: Case, step: str, on: date | None = None, note: str = ""
) -> CaseEvent:
    case = _locked(case)
    require_handler(actor, case.office, "cases.handle_case")
    if step not in STEPS:
        raise ApplicationError(_("Unknown step: %(step)s") % {"step": step}, field="step")
    if case.status not in HANDLING_CASE_STATUSES:
        raise ApplicationError(_("Steps are recorded while a case is being handled."), field="step")
    return _record(
        case,
        actor=actor,
        action=step,
        on=on or timezone.localdate(),
        from_status=case.status,
        reason=note,
    )


@transaction.atomic
def case_approve_extension(*, actor: Any, case: Case, reason: str, on: date | None = None) -> Case:
    from ipoffice.cases.deadlines import conclusion_limit

    case = _locked(case)
    require_handler(actor, case.office, "cases.approve_extension")
    limit = conclusion_limit(case)
    if case.status not in HANDLING_CASE_STATUSES or limit is None or not limit.extension:
        raise ApplicationError(_("No extension is provided for this case."), field="reason")
    if case.extension_approved:
        raise ApplicationError(_("The extension was already approved."), field="reason")
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the extension."), field="reason")
    before = case.due_on
    case.extension_approved = True
    case.due_on = case_due_on(case, WorkingCalendar.from_db())
    counted_save(case, update_fields=["extension_approved", "due_on", "updated_at"])
    _record(
        case,
        actor=actor,
        action="approve_extension",
        on=on or timezone.localdate(),
        from_status=case.status,
        changes={"due_on": [before, case.due_on]},
        reason=reason,
    )
    return case


@transaction.atomic
def case_update(*, actor: Any, case: Case, reason: str = "", **fields: Any) -> Case:
    case = _locked(case)
    require_handler(actor, case.office, "cases.change_case")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    changes = {k: [getattr(case, k), v] for k, v in fields.items() if getattr(case, k) != v}
    if changes:
        for name, (_before, after) in changes.items():
            setattr(case, name, after)
        counted_save(case, update_fields=[*changes, "updated_at"])
        _record(
            case,
            actor=actor,
            action="update",
            on=timezone.localdate(),
            from_status=case.status,
            changes=changes,
            reason=reason,
        )
    return case


@transaction.atomic
def attachment_add(*, actor: Any, case: Case, kind: str, upload: UploadedFile) -> Attachment:
    case = _locked(case)
    require_handler(actor, case.office, "cases.handle_case")
    name = upload.name or "file"
    content_type = check_upload(upload, field="file", max_bytes=ATTACHMENT_MAX_BYTES)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    attachment = Attachment(
        case=case,
        kind=kind,
        original_name=name[:200],
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    _record(
        case,
        actor=actor,
        action="attach",
        on=timezone.localdate(),
        from_status=case.status,
        changes={"attachment": [None, name], "sha256": [None, attachment.sha256]},
    )
    return attachment
