"""Fast mediation: the mediation of a dispute as a track with its own time limit (the
2015 notice: 2 months from the start, 3 for a complex one; ``cases/rules.py`` rows 20,
21), handled by the case's office or a fast IPR protection center below it. The
``start_mediation`` and ``settle`` transitions (cases/workflow.py) open the mediation and
record its agreement; the services here mark it complex and record the performance."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ipoffice.cases.deadlines import case_due_on
from ipoffice.cases.enums import CaseStatus, Performance
from ipoffice.cases.models import Case, Mediation
from ipoffice.cases.services import require_handler
from ipoffice.cases.workflow import CASE_WORKFLOW, HANDLE
from ipoffice.common.counting import counted_save
from ipoffice.common.errors import ApplicationError
from ipoffice.common.history import history_append
from ipoffice.deadlines.calendar import WorkingCalendar


def current_mediation(case: Case) -> Mediation | None:
    return case.mediations.order_by("-started_on", "-id").first()


@transaction.atomic
def mediation_mark_complex(*, actor: Any, case: Case, reason: str) -> Case:
    """A complex mediation has the notice's 3 months instead of 2 (the row's extension)."""
    case = CASE_WORKFLOW.lock(case)
    require_handler(actor, case.office, HANDLE)
    mediation = current_mediation(case)
    if case.status != CaseStatus.MEDIATION or mediation is None:
        raise ApplicationError(gettext("The case is not in mediation."), field="reason")
    if mediation.complex:
        raise ApplicationError(gettext("The mediation is already marked complex."), field="reason")
    if not reason.strip():
        raise ApplicationError(gettext("Give the reason for this action."), field="reason")
    mediation.complex = True
    mediation.save(update_fields=["complex"])
    before = case.due_on
    case.due_on = case_due_on(case, WorkingCalendar.from_db())
    counted_save(case, update_fields=["due_on", "updated_at"])
    history_append(
        case,
        actor=actor,
        action="mediation_complex",
        reason=reason.strip(),
        changes={"complex": [False, True], "due_on": [before, case.due_on]},
    )
    return case


@transaction.atomic
def mediation_performance_record(
    *, actor: Any, case: Case, performance: str, on: date | None = None, note: str = ""
) -> Mediation:
    """Whether the parties performed the agreement, as found on ``on``; recorded again
    when it changes (the history keeps each)."""
    case = CASE_WORKFLOW.lock(case)
    require_handler(actor, case.office, HANDLE)
    mediation = current_mediation(case)
    if mediation is None or mediation.agreement_on is None:
        raise ApplicationError(
            gettext("Record the mediation agreement first."), field="performance"
        )
    if performance not in Performance.values:
        raise ApplicationError(gettext("Choose from the list."), field="performance")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ApplicationError(gettext("The date cannot be in the future."), field="on")
    if on < mediation.agreement_on:
        raise ApplicationError(
            gettext("The date cannot precede %(date)s.") % {"date": mediation.agreement_on},
            field="on",
        )
    before = mediation.performance
    mediation.performance, mediation.performance_on = performance, on
    mediation.performance_note = note.strip()
    mediation.save(update_fields=["performance", "performance_on", "performance_note"])
    history_append(
        case,
        actor=actor,
        action="mediation_performance",
        on=on,
        reason=note.strip(),
        changes={"performance": [before or None, performance]},
    )
    return mediation
