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

from ipoffice.cases.deadlines import case_due_on
from ipoffice.cases.enums import HANDLING_CASE_STATUSES, PartyRole
from ipoffice.cases.models import Attachment, Case, CaseEvent, CaseNumberCounter, CasePatent, Party
from ipoffice.cases.validation import CaseInput, clean_case
from ipoffice.cases.workflow import CASE_WORKFLOW, STEPS, acts_for
from ipoffice.common.counting import counted_save
from ipoffice.common.errors import ApplicationError, InvalidInput, PermissionDeniedError
from ipoffice.common.history import history_append
from ipoffice.common.uploads import check_upload, upload_name
from ipoffice.common.workflow import transition_perform
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.offices.models import Office

EDITABLE_FIELDS = ("campaign", "industry", "e_commerce", "foreign_related", "title", "description")


def require_handler(actor: Any, case_office: Office | None, permission: str) -> None:
    """The workflow's rule for the case services that are not transitions."""
    if not acts_for(actor, case_office.pk if case_office else None, permission):
        raise PermissionDeniedError(str(CASE_WORKFLOW.denied))


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
    history_append(
        case,
        actor=actor,
        action="create",
        on=cleaned.filed_on,
        from_status="",
        changes={"case_number": [None, number], "case_type": [None, case.case_type]},
    )
    return case


_locked = CASE_WORKFLOW.lock


def _act_date(case: Case, on: date | None) -> date:
    """An act's legal date: not in the future, not before the case's last dated step (the
    same rule as the workflow's transitions)."""
    on = on or timezone.localdate()
    problem = CASE_WORKFLOW.date_problem(case, on)
    if problem:
        raise ApplicationError(problem, field="on")
    return on


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
    """Move the case through its workflow (cases/workflow.py)."""
    return transition_perform(
        CASE_WORKFLOW,
        record=case,
        name=name,
        actor=actor,
        on=on,
        reason=reason,
        outcome=outcome,
        fine_amount=fine_amount,
        illegal_gains=illegal_gains,
    )


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
    on = _act_date(case, on)
    event = history_append(case, actor=actor, action=step, on=on, reason=note)
    assert isinstance(event, CaseEvent)
    return event


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
    on = _act_date(case, on)
    before = case.due_on
    case.extension_approved = True
    case.due_on = case_due_on(case, WorkingCalendar.from_db())
    counted_save(case, update_fields=["extension_approved", "due_on", "updated_at"])
    history_append(
        case,
        actor=actor,
        action="approve_extension",
        on=on,
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
        history_append(
            case,
            actor=actor,
            action="update",
            on=timezone.localdate(),
            changes=changes,
            reason=reason,
        )
    return case


@transaction.atomic
def attachment_add(*, actor: Any, case: Case, kind: str, upload: UploadedFile) -> Attachment:
    case = _locked(case)
    require_handler(actor, case.office, "cases.handle_case")
    name = upload_name(upload.name)
    content_type = check_upload(upload, field="file")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    attachment = Attachment(
        case=case,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    history_append(
        case,
        actor=actor,
        action="attach",
        on=timezone.localdate(),
        changes={"attachment": [None, name], "sha256": [None, attachment.sha256]},
    )
    return attachment
