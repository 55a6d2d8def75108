"""The case workflow: its transition table and what the engine needs to know of cases.
``common.workflow.transition_perform`` with ``CASE_WORKFLOW`` is the only code that
changes a case's status (``services.case_transition`` calls it)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ipoffice.cases.deadlines import case_due_on, concluded_in_time
from ipoffice.cases.enums import (
    DISPUTES,
    HANDLING_CASE_STATUSES,
    OPEN_CASE_STATUSES,
    OUTCOMES,
    PUBLISHED_OUTCOMES,
    ExtensionStatus,
    TransferAuthority,
)
from ipoffice.cases.enums import CaseStatus as S
from ipoffice.cases.hooks import case_concluded
from ipoffice.cases.models import Case, ExtensionRequest, Mediation
from ipoffice.cases.validation import fine_problems
from ipoffice.common.counting import counted_save, counted_seen
from ipoffice.common.errors import ApplicationError, InvalidInput
from ipoffice.common.history import history_append
from ipoffice.common.scoping import user_office
from ipoffice.common.workflow import Act, Transition, Workflow, transition
from ipoffice.common.workflow import transition_problem as engine_problem
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.offices.models import REPORTING_LEVELS, Office

HANDLE, DECIDE = "cases.handle_case", "cases.approve_decision"
WORKING = HANDLING_CASE_STATUSES


def _conclude(act: Act) -> None:
    """Record the outcome (the only one allowed, or the one chosen) and any fine."""
    case: Case = act.record
    allowed = OUTCOMES[act.transition.name].get(case.case_type, ())
    outcome = act.params.get("outcome") or (allowed[0] if len(allowed) == 1 else "")
    if outcome not in allowed:
        raise ApplicationError(
            gettext("Choose the outcome: %(choices)s") % {"choices": ", ".join(allowed)},
            field="outcome",
        )
    case.outcome, case.concluded_on = outcome, act.on
    case.concluded_within_limit = concluded_in_time(case, WorkingCalendar.from_db())
    fine, gains = act.params.get("fine_amount"), act.params.get("illegal_gains")
    if fine is not None or gains is not None:
        fine = None if fine is None else Decimal(fine)
        # Gains recorded at registration stand unless the decision states them anew.
        gains = case.illegal_gains if gains is None else Decimal(gains)
        problems = fine_problems(outcome=case.outcome, fine=fine, gains=gains, day=act.on)
        if problems:
            raise InvalidInput({"fine_amount": problems})
        case.fine_amount, case.illegal_gains = fine, gains


def transfer_destinations(case: Case) -> Any:
    """The offices a case may be transferred to: any other provincial or municipal office
    (they handle cases; centers and work stations do not)."""
    return Office.objects.filter(level__in=REPORTING_LEVELS, is_active=True).exclude(
        pk=case.office_id
    )


def _destination(act: Act) -> None:
    """A transfer names where the case goes: another office, or an outside authority."""
    office, authority = act.params.get("destination_office"), act.params.get("authority") or ""
    if bool(office) == bool(authority):
        raise ApplicationError(
            gettext("Choose either the office or the authority the case is transferred to."),
            field="destination_office",
        )
    if authority and authority not in TransferAuthority.values:
        raise ApplicationError(gettext("Choose an authority from the list."), field="authority")
    if office:
        office_id = getattr(office, "pk", office)
        found = transfer_destinations(act.record).filter(pk=office_id).first()
        if found is None:
            raise ApplicationError(
                gettext(
                    "A case can be transferred only to another provincial or municipal office."
                ),
                field="destination_office",
            )
        act.params["destination_office"] = found


def _send(act: Act) -> None:
    case: Case = act.record
    office, authority = act.params.get("destination_office"), act.params.get("authority") or ""
    case.transferred_to, case.transferred_authority = office, authority
    # The office by its key: the timeline names it in the reader's language.
    if office is not None:
        act.changes["transferred_to"] = [None, office.pk]
    if authority:
        act.changes["transferred_authority"] = ["", authority]


def mediation_units(case: Case) -> Any:
    """Who may handle a case's mediation: its own office, or an active fast IPR protection
    center below it (offices.Office.fast_protection)."""
    return Office.objects.filter(
        models.Q(pk=case.office_id)
        | models.Q(fast_protection=True, is_active=True, path__startswith=case.office.path)
    ).order_by("path")


def _mediation_begin(act: Act) -> None:
    """A mediation record starts with the transition; its unit and whether it is complex
    (3 months instead of 2) are the act's."""
    case: Case = act.record
    unit = act.params.get("handling_unit")
    if unit:
        found = mediation_units(case).filter(pk=getattr(unit, "pk", unit)).first()
        if found is None:
            raise ApplicationError(
                gettext("Choose the case's office or a fast IPR protection center below it."),
                field="handling_unit",
            )
        unit = None if found.pk == case.office_id else found
    before = case.handling_unit_id
    case.handling_unit = unit or None
    if before != case.handling_unit_id:
        act.changes["handling_unit"] = [before, case.handling_unit_id]
    complex_ = bool(act.params.get("complex"))
    Mediation.objects.create(
        case=case, started_on=act.on, complex=complex_, paused_days_before=case.paused_days
    )
    if complex_:
        act.changes["complex"] = [False, True]


def _agreement(act: Act) -> None:
    """Settling records the agreement: its date (the act's), terms and the parties'
    signatures (by default on the date of the agreement)."""
    case: Case = act.record
    terms = (act.params.get("terms") or "").strip()
    if not terms:
        raise ApplicationError(gettext("Give the terms of the agreement."), field="terms")
    signed = {}
    for name in ("requester_signed_on", "respondent_signed_on"):
        day = act.params.get(name) or act.on
        if day > act.on:
            raise ApplicationError(
                gettext("A party signs on or before the date of the agreement."), field=name
            )
        signed[name] = day
    mediation = case.mediations.order_by("-started_on", "-id").first() or Mediation(
        case=case, started_on=act.on
    )
    mediation.agreement_on, mediation.terms = act.on, terms
    mediation.requester_signed_on = signed["requester_signed_on"]
    mediation.respondent_signed_on = signed["respondent_signed_on"]
    mediation.save()
    act.changes["terms"] = [None, terms]
    for name, day in signed.items():
        act.changes[name] = [None, day]


def _announce(act: Act) -> None:
    case_concluded(act.record, actor=act.actor, on=act.on)  # e.g. its complaints follow


def _t(
    name: str,
    label: Promise,
    sources: tuple[str, ...],
    target: str,
    permission: str = HANDLE,
    **kwargs: Any,
) -> Transition:
    if target == S.CONCLUDED:
        kwargs.setdefault("hooks", (_conclude,))
        kwargs.setdefault("after", (_announce,))
    if target in (S.CLOSED, S.NOT_ACCEPTED):
        kwargs.setdefault("stamps", ("closed_on",))
    if target == S.NOT_ACCEPTED:
        kwargs.setdefault("after", (_announce,))
    return transition(name, label, sources, target, permission, **kwargs)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("accept", _("Accept the case"), (S.RECEIVED,), S.ACCEPTED, stamps=("accepted_on",)),
        _t("refuse", _("Do not accept"), (S.RECEIVED,), S.NOT_ACCEPTED, reason_required=True),
        _t("start_investigation", _("Start investigation"), (S.ACCEPTED,), S.INVESTIGATION),
        _t(
            "start_mediation",
            _("Start mediation"),
            (S.ACCEPTED, S.INVESTIGATION),
            S.MEDIATION,
            kinds=DISPUTES,
            hooks=(_mediation_begin,),
        ),
        _t("decide", _("Record the decision"), WORKING, S.CONCLUDED, DECIDE, reason_required=True),
        _t(
            "settle",
            _("Record the mediation agreement"),
            (S.MEDIATION,),
            S.CONCLUDED,
            kinds=DISPUTES,
            hooks=(_agreement, _conclude),
        ),
        _t(
            "withdraw",
            _("Record withdrawal"),
            HANDLING_CASE_STATUSES,
            S.CONCLUDED,
            reason_required=True,
            kinds=DISPUTES,
        ),
        _t(
            "transfer",
            _("Transfer to another authority"),
            OPEN_CASE_STATUSES,
            S.CONCLUDED,
            reason_required=True,
            checks=(_destination,),
            hooks=(_conclude, _send),
        ),
        _t(
            "publish_decision",
            _("Publish the decision"),
            (S.CONCLUDED,),
            S.DECISION_PUBLISHED,
            stamps=("published_on",),
        ),
        _t(
            "close",
            _("Close the file"),
            (S.NOT_ACCEPTED, S.CONCLUDED, S.DECISION_PUBLISHED),
            S.CLOSED,
        ),
    )
}

# Steps recorded during investigation and mediation; they leave the status unchanged.
STEPS = {
    "serve_respondent": _("Request served on the respondent"),
    "defence_received": _("Defence received"),
    "evidence_collected": _("Evidence collected"),
    "oral_hearing": _("Oral hearing held"),
    "inspection": _("On-site inspection"),
}

# What each kind of history entry is called in the timeline.
EVENT_LABELS: dict[str, Promise] = {
    "create": _("Registered"),
    "import": _("Imported from a legacy file"),
    "update": _("Details changed"),
    "attach": _("File attached"),
    "approve_extension": _("Extension approved"),
    "request_extension": _("Extension requested"),
    "refuse_extension": _("Extension refused"),
    "correct": _("Registration corrected"),
    "anonymise": _("Personal data anonymised"),
    "handler_change": _("Handler changed"),
    "mediation_complex": _("Mediation marked complex"),
    "mediation_performance": _("Performance of the agreement recorded"),
    "suspend": _("Suspended"),
    "resume": _("Resumed"),
    "consultation_request": _("Expert opinion requested"),
    "consultation_answer": _("Expert opinion received"),
    "takedown_send": _("Takedown notice sent to the platform"),
    "takedown_answer": _("Platform's answer recorded"),
    **{name: t.label for name, t in TRANSITIONS.items()},
    **STEPS,
}


def event_label(action: str) -> str:
    label = EVENT_LABELS.get(action)
    return str(label) if label is not None else action


def _case_problem(case: Any, t: Transition) -> str | None:
    if getattr(case, "suspended_on", None):
        return gettext("The case is suspended: resume it first.")
    published = case.outcome in PUBLISHED_OUTCOMES
    if t.name == "close" and case.status == S.CONCLUDED and published:
        return gettext("Publish the decision before closing the file.")
    if t.name == "publish_decision" and not published:
        return gettext("This outcome is not published.")
    return None


def _date_problem(case: Case, on: Any) -> str | None:
    if on > timezone.localdate():
        return gettext("The date cannot be in the future.")
    last = max(d for d in (case.filed_on, case.accepted_on, case.concluded_on) if d)
    if on < last:
        return gettext("The date cannot precede %(date)s.") % {"date": last}
    return None


def acts_for(actor: Any, office_id: int | None, permission: str) -> bool:
    """Only people of the case's own office act on it, with the permission (ADR 0008)."""
    own = user_office(actor)
    return own is not None and own.pk == office_id and actor.has_perm(permission)


def _may_act(actor: Any, case: Case, t: Transition) -> bool:
    return acts_for(actor, case.office_id, t.permission)


def _lock(case: Case) -> Case:
    locked = Case.objects.select_for_update(of=("self",)).select_related("office").get(pk=case.pk)
    return counted_seen(locked)


def _next_due(act: Act) -> None:
    act.record.due_on = case_due_on(act.record, WorkingCalendar.from_db())


CASE_WORKFLOW = Workflow(
    name="case",
    model=Case,
    transitions=TRANSITIONS,
    lock=_lock,
    may_act=_may_act,
    denied=_("You may not do this on a case of that office."),
    not_possible=_("“%(action)s” is not possible on a case that is %(status)s."),
    kind_field="case_type",
    tracked=(
        "outcome",
        "fine_amount",
        "illegal_gains",
        "concluded_on",
        "due_on",
    ),
    date_problem=_date_problem,
    problem=_case_problem,
    refresh=_next_due,
    save=counted_save,
)


def transition_problem(case: Any, t: Transition) -> str | None:
    """Why ``t`` cannot apply to ``case`` as it stands, or None if it can."""
    return engine_problem(CASE_WORKFLOW, case, t)


def available_transitions(case: Any, has_perm: Callable[[str], bool]) -> list[Transition]:
    """Transitions open to a user, given a ``has_perm(permission) -> bool`` for them."""
    return [
        t
        for t in TRANSITIONS.values()
        if t.offered and transition_problem(case, t) is None and has_perm(t.permission)
    ]


# -- extension requests: the officer asks, the office head approves or refuses ----------


def _extension_open(act: Act) -> None:
    """The case must still be waiting to conclude, without an extension."""
    case = act.record.case
    if case.status not in HANDLING_CASE_STATUSES or case.extension_approved:
        raise ApplicationError(
            gettext("The case is no longer waiting for an extension."), field="transition"
        )


def _decided(act: Act) -> None:
    request: ExtensionRequest = act.record
    request.decided_by, request.decision_reason = act.actor, act.reason


def _grant(act: Act) -> None:
    """Approval extends the case's time limit by the days asked."""
    request: ExtensionRequest = act.record
    case = _lock(request.case)
    before = case.due_on
    case.extension_approved, case.extension_days = True, request.days
    case.due_on = case_due_on(case, WorkingCalendar.from_db())
    counted_save(
        case, update_fields=["extension_approved", "extension_days", "due_on", "updated_at"]
    )
    request.case = case
    act.changes["due_on"] = [before, case.due_on]


def _to_case_history(act: Act) -> None:
    """The decision is part of the case's timeline, with its reason."""
    request: ExtensionRequest = act.record
    history_append(
        request.case,
        actor=act.actor,
        action=f"{act.transition.name}_extension",
        on=act.on,
        reason=act.reason,
        changes={"days": [None, request.days], **act.changes},
    )


def _lock_request(request: ExtensionRequest) -> ExtensionRequest:
    return (
        ExtensionRequest.objects.select_for_update(of=("self",))
        .select_related("case", "case__office")
        .get(pk=request.pk)
    )


def _request_date_problem(request: ExtensionRequest, on: Any) -> str | None:
    if on < request.requested_on:
        return gettext("The date cannot precede %(date)s.") % {"date": request.requested_on}
    return _date_problem(request.case, on)


def _may_decide(actor: Any, request: ExtensionRequest, t: Transition) -> bool:
    return acts_for(actor, request.case.office_id, t.permission)


_E = ExtensionStatus
EXTENSION = "cases.approve_extension"
EXTENSION_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        transition(
            "approve",
            _("Approve the extension"),
            (_E.PENDING,),
            _E.APPROVED,
            EXTENSION,
            reason_required=True,
            stamps=("decided_on",),
            checks=(_extension_open,),
            hooks=(_decided, _grant),
            after=(_to_case_history,),
        ),
        transition(
            "refuse",
            _("Refuse the extension"),
            (_E.PENDING,),
            _E.REFUSED,
            EXTENSION,
            reason_required=True,
            stamps=("decided_on",),
            hooks=(_decided,),
            after=(_to_case_history,),
        ),
    )
}

EXTENSION_WORKFLOW = Workflow(
    name="extension_request",
    model=ExtensionRequest,
    transitions=EXTENSION_TRANSITIONS,
    lock=_lock_request,
    may_act=_may_decide,
    denied=_("You may not decide on an extension of a case of that office."),
    not_possible=_("“%(action)s” is not possible on a request that is %(status)s."),
    tracked=("decision_reason",),
    date_problem=_request_date_problem,
)
