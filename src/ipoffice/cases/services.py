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

from ipoffice.cases.campaigns import campaign_for, campaign_name
from ipoffice.cases.deadlines import case_due_on, extension_days_allowed
from ipoffice.cases.enums import HANDLING_CASE_STATUSES, ExtensionStatus, PartyRole
from ipoffice.cases.inputs import REGISTRATION
from ipoffice.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    CaseNumberCounter,
    CasePatent,
    ExtensionRequest,
    Party,
)
from ipoffice.cases.notices import case_notify_assignment, extension_notify_waiting
from ipoffice.cases.validation import CaseInput, PartyInput, clean_case
from ipoffice.cases.workflow import CASE_WORKFLOW, EXTENSION_WORKFLOW, STEPS, acts_for
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


def _checked_handler(handler: Any, office: Office) -> None:
    """A handler is a person of the case's own office who may handle cases (ADR 0008)."""
    if not acts_for(handler, office.pk, "cases.handle_case"):
        raise ApplicationError(
            _("Choose an officer of this office who handles cases."), field="handler"
        )


def _person_name(person: Any) -> str | None:
    return person.display_name() if person is not None else None


@transaction.atomic
def case_create(
    *, actor: Any, office: Office | None, data: dict[str, Any], handler: Any = None
) -> Case:
    """Register a case received (a request, a report, a finding) in ``office``; it is
    handled by ``handler`` if given, else by the registering officer."""
    require_handler(actor, office, "cases.add_case")
    assert office is not None  # require_handler refuses a missing office
    if handler is not None:
        _checked_handler(handler, office)
    elif acts_for(actor, office.pk, "cases.handle_case"):
        handler = actor
    cleaned = clean_case(data)
    if isinstance(cleaned, dict):
        raise InvalidInput(cleaned)
    if cleaned.accepted_on or cleaned.closed_on or cleaned.outcome:
        raise ApplicationError(
            _("A new case starts as received; accept and conclude it through its actions."),
            field="accepted_on",
        )
    campaign = campaign_for(cleaned.campaign, office)
    number, sequence = case_number_allocate(office=office, year=cleaned.filed_on.year)
    case = Case(
        office=office,
        case_number=number,
        year=cleaned.filed_on.year,
        sequence=sequence,
        case_type=cleaned.case_type,
        dispute_subtype=cleaned.dispute_subtype,
        source=cleaned.source,
        campaign=campaign,
        industry=cleaned.industry,
        e_commerce=cleaned.e_commerce,
        foreign_related=cleaned.foreign_related,
        title=cleaned.title,
        description=cleaned.description,
        filed_on=cleaned.filed_on,
        illegal_gains=cleaned.illegal_gains,
        created_by=actor,
        handler=handler,
    )
    case.due_on = case_due_on(case, WorkingCalendar.from_db())
    counted_save(case)
    parties, patents = parties_and_patents(case, cleaned)
    Party.objects.bulk_create(parties)
    CasePatent.objects.bulk_create(patents)
    event = history_append(
        case,
        actor=actor,
        action="create",
        on=cleaned.filed_on,
        from_status="",
        changes={
            "case_number": [None, number],
            "case_type": [None, case.case_type],
            **({"handler": [None, _person_name(handler)]} if handler else {}),
        },
    )
    if handler is not None:
        case_notify_assignment(case, actor=actor, event_pk=event.pk)
    return case


@transaction.atomic
def case_handler_change(*, actor: Any, case: Case, handler: Any, reason: str) -> Case:
    """Give the case to another officer of its office, with the reason, in its history."""
    case = _locked(case)
    require_handler(actor, case.office, "cases.assign_case")
    _checked_handler(handler, case.office)
    if not reason.strip():
        raise ApplicationError(_("Give the reason for this action."), field="reason")
    if case.handler_id == handler.pk:
        raise ApplicationError(_("This officer already handles the case."), field="handler")
    before = _person_name(case.handler)
    case.handler = handler
    counted_save(case, update_fields=["handler", "updated_at"])
    event = history_append(
        case,
        actor=actor,
        action="handler_change",
        on=timezone.localdate(),
        changes={"handler": [before, _person_name(handler)]},
        reason=reason.strip(),
    )
    case_notify_assignment(case, actor=actor, event_pk=event.pk)
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
    destination_office: Office | int | None = None,
    authority: str = "",
    handling_unit: Office | int | None = None,
    complex: bool = False,
    terms: str = "",
    requester_signed_on: date | None = None,
    respondent_signed_on: date | None = None,
) -> Case:
    """Move the case through its workflow (cases/workflow.py). A transfer names its
    destination: another office, or an outside ``authority``; a mediation its handling
    unit and whether it is complex; a settlement the agreement's terms and signatures. A
    case accepted with no handler yet (converted, imported) is handled by the officer who
    accepts it."""
    extra: dict[str, Any] = {}
    if name == "transfer":
        extra = {"destination_office": destination_office, "authority": authority}
    elif name == "start_mediation":
        extra = {"handling_unit": handling_unit, "complex": complex}
    elif name == "settle":
        extra = {
            "terms": terms,
            "requester_signed_on": requester_signed_on,
            "respondent_signed_on": respondent_signed_on,
        }
    case = transition_perform(
        CASE_WORKFLOW,
        record=case,
        name=name,
        actor=actor,
        on=on,
        reason=reason,
        outcome=outcome,
        fine_amount=fine_amount,
        illegal_gains=illegal_gains,
        **extra,
    )
    if name == "accept" and case.handler_id is None:
        case.handler = actor
        counted_save(case, update_fields=["handler", "updated_at"])
    return case


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


PARTY_FIELDS = ("kind", "name", "id", "address", "contact")
ROLES = {PartyRole.REQUESTER: "requester", PartyRole.RESPONDENT: "respondent"}
# What a correction may change: the descriptive fields, the parties and the patents;
# never the type, source or dates the number and the time limits rest on.
CORRECTABLE = (
    *EDITABLE_FIELDS,
    "illegal_gains",
    "patent_numbers",
    *(f"{role}_{name}" for role in ROLES.values() for name in PARTY_FIELDS),
)


def case_registration_values(case: Case) -> dict[str, Any]:
    """The case as its registration input (the correction form starts from it)."""
    values: dict[str, Any] = {
        f.name: getattr(case, f.name) for f in REGISTRATION if f.model is Case
    }
    values["campaign"] = campaign_name(case.campaign)
    values["patent_numbers"] = [p.application_number for p in case.patents.all()]
    parties = {p.role: p for p in case.parties.all()}
    for role, prefix in ROLES.items():
        party = parties.get(role)
        for name in PARTY_FIELDS:
            attr = "id_number" if name == "id" else name
            values[f"{prefix}_{name}"] = getattr(party, attr) if party else ""
    return values


def _party_rows(case: Case, role: str, party: PartyInput | None) -> None:
    existing = case.parties.filter(role=role).first()
    if party is None:
        if existing is not None:
            existing.delete()
        return
    row = existing or Party(case=case, role=role)
    row.kind, row.name, row.id_number = party.kind, party.name, party.id_number
    row.address, row.contact = party.address, party.contact
    row.save()


@transaction.atomic
def case_correct(
    *, actor: Any, case: Case, reason: str, data: dict[str, Any], action: str = "correct"
) -> Case:
    """Correct what was registered (descriptive fields, parties, patents), with a reason;
    the history keeps each changed value before and after. The page and the API use it."""
    case = _locked(case)
    require_handler(actor, case.office, "cases.change_case")
    unknown = set(data) - set(CORRECTABLE)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    before = case_registration_values(case)
    cleaned = clean_case({**before, **data})
    if isinstance(cleaned, dict):
        raise InvalidInput(cleaned)
    after = {
        **{name: getattr(cleaned, name) for name in (*EDITABLE_FIELDS, "illegal_gains")},
        "patent_numbers": [p.canonical for p in cleaned.patents],
    }
    for role, party in (
        (ROLES[PartyRole.REQUESTER], cleaned.requester),
        (ROLES[PartyRole.RESPONDENT], cleaned.respondent),
    ):
        for name in PARTY_FIELDS:
            attr = "id_number" if name == "id" else name
            after[f"{role}_{name}"] = getattr(party, attr) if party else ""
    changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if not changes:
        return case
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the correction."), field="reason")
    scalars = [k for k in changes if hasattr(case, k)]
    for name in scalars:
        if name == "campaign":
            case.campaign = campaign_for(after[name], case.office)
        else:
            setattr(case, name, after[name])
    counted_save(case, update_fields=[*scalars, "updated_at"])
    if "patent_numbers" in changes:
        case.patents.exclude(application_number__in=after["patent_numbers"]).delete()
        have = set(case.patents.values_list("application_number", flat=True))
        CasePatent.objects.bulk_create(
            CasePatent(case=case, application_number=p.canonical, patent_type=p.patent_type)
            for p in cleaned.patents
            if p.canonical not in have
        )
    for role, party in (
        (PartyRole.REQUESTER, cleaned.requester),
        (PartyRole.RESPONDENT, cleaned.respondent),
    ):
        if any(k.startswith(ROLES[role] + "_") for k in changes):
            _party_rows(case, role, party)
    history_append(case, actor=actor, action=action, changes=changes, reason=reason)
    return case


def case_update(*, actor: Any, case: Case, reason: str = "", **fields: Any) -> Case:
    """The API's partial correction of the descriptive fields (``case_correct``)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    return case_correct(actor=actor, case=case, reason=reason, data=fields, action="update")


# -- extension requests ---------------------------------------------------------------


@transaction.atomic
def extension_request(
    *, actor: Any, case: Case, days: int, reason: str, on: date | None = None
) -> ExtensionRequest:
    """The officer asks the office head to extend the time limit to conclude."""
    case = _locked(case)
    require_handler(actor, case.office, "cases.handle_case")
    allowed = extension_days_allowed(case, WorkingCalendar.from_db())
    if case.status not in HANDLING_CASE_STATUSES or not allowed:
        raise ApplicationError(_("No extension is provided for this case."), field="days")
    if case.extension_approved:
        raise ApplicationError(_("The extension was already approved."), field="days")
    if case.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
        raise ApplicationError(_("An extension request is already waiting."), field="days")
    if not 1 <= days <= allowed:
        raise ApplicationError(
            _("Ask for 1 to %(days)s days (the most the law allows).") % {"days": allowed},
            field="days",
        )
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the extension."), field="reason")
    on = _act_date(case, on)
    request = ExtensionRequest.objects.create(
        case=case, days=days, reason=reason, requested_by=actor, requested_on=on
    )
    history_append(request, actor=actor, action="create", on=on, reason=reason, from_status="")
    history_append(
        case,
        actor=actor,
        action="request_extension",
        on=on,
        reason=reason,
        changes={"days": [None, days]},
    )
    extension_notify_waiting(request, actor=actor)
    return request


def extension_decide(
    *, actor: Any, request: ExtensionRequest, name: str, reason: str, on: date | None = None
) -> ExtensionRequest:
    """The office head approves (``approve``) or refuses (``refuse``) a request."""
    return transition_perform(
        EXTENSION_WORKFLOW, record=request, name=name, actor=actor, on=on, reason=reason
    )


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
