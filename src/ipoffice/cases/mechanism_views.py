"""The case page's sections for the mechanisms of 2013: mediation (agreement and
performance), suspension and expert opinions, takedown notices to platforms
(templates/cases/_mechanisms.html). Thin: a form, a service, the page again."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipoffice.cases import ebusiness, mediation, selectors, suspension
from ipoffice.cases.deadlines import mediation_due_on
from ipoffice.cases.enums import (
    HANDLING_CASE_STATUSES,
    OPEN_CASE_STATUSES,
    CaseStatus,
    ConsultationStatus,
    SuspensionStatus,
    TakedownStatus,
)
from ipoffice.cases.forms import (
    AnswerForm,
    ConsultationForm,
    MediationComplexForm,
    PerformanceForm,
    ResumeForm,
    SuspendForm,
    TakedownAnswerForm,
    TakedownForm,
)
from ipoffice.cases.models import Case
from ipoffice.deadlines.calendar import WorkingCalendar


def mechanisms_context(user: Any, case: Case, bound: dict[str, Any], own: bool) -> dict[str, Any]:
    """What the three sections show, and which forms the reader may use."""
    handles = own and user.has_perm("cases.handle_case")
    mediations = list(selectors.case_mediations(user=user, case=case))
    current = mediations[-1] if mediations else None
    suspensions = list(selectors.case_suspensions(user=user, case=case))
    consultations = list(selectors.case_consultations(user=user, case=case))
    notices = list(selectors.case_takedown_notices(user=user, case=case))
    handling = case.status in HANDLING_CASE_STATUSES and case.accepted_on is not None
    in_effect = any(s.status == SuspensionStatus.IN_EFFECT for s in suspensions)
    awaited = any(c.status == ConsultationStatus.REQUESTED for c in consultations)
    return {
        "mediations": mediations,
        "mediation_due_on": _mediation_due(case),
        "can_mark_complex": handles
        and case.status == CaseStatus.MEDIATION
        and current is not None
        and not current.complex,
        "complex_form": bound.get("complex") or MediationComplexForm(),
        "can_record_performance": handles and current is not None and bool(current.agreement_on),
        "performance_form": bound.get("performance") or PerformanceForm(),
        "suspensions": suspensions,
        "consultations": consultations,
        "can_suspend": handles and handling and not in_effect,
        "suspend_form": bound.get("suspend") or SuspendForm(),
        "can_resume": handles and in_effect,
        "resume_form": bound.get("resume") or ResumeForm(),
        "can_consult": handles and handling and not awaited,
        "consultation_form": bound.get("consultation") or ConsultationForm(),
        "can_record_opinion": handles and awaited,
        "opinion_form": bound.get("opinion") or AnswerForm(),
        "takedown_notices": [
            (
                n,
                selectors.takedown_repeats(user=user, notice=n),
                bound.get(f"takedown-{n.pk}") or TakedownAnswerForm(pk=n.pk),
            )
            for n in notices
        ],
        "can_answer_takedown": handles,
        "can_send_takedown": handles and case.status in OPEN_CASE_STATUSES,
        "takedown_form": bound.get("takedown") or TakedownForm(),
        "takedown_sent": TakedownStatus.SENT,
    }


def _mediation_due(case: Case) -> Any:
    return mediation_due_on(case, WorkingCalendar.from_db())


def _run(request: HttpRequest, case: Case, panel: str, form: Any, run: Any, done: str) -> Any:
    from ipoffice.cases.views import _run as run_panel  # views imports this module

    return run_panel(request, case, panel, form, run, done)


@login_required
@require_POST
def case_mediation_complex(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    return _run(
        request,
        case,
        "complex",
        MediationComplexForm(request.POST),
        lambda f: mediation.mediation_mark_complex(actor=request.user, case=case, **f.cleaned_data),
        _("The mediation is marked complex."),
    )


@login_required
@require_POST
def case_mediation_performance(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    return _run(
        request,
        case,
        "performance",
        PerformanceForm(request.POST),
        lambda f: mediation.mediation_performance_record(
            actor=request.user, case=case, **f.cleaned_data
        ),
        _("Performance of the agreement recorded."),
    )


@login_required
@require_POST
def case_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    return _run(
        request,
        case,
        "suspend",
        SuspendForm(request.POST),
        lambda f: suspension.case_suspend(actor=request.user, case=case, **f.cleaned_data),
        _("The case is suspended: its time limit stands still."),
    )


@login_required
@require_POST
def case_resume(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    return _run(
        request,
        case,
        "resume",
        ResumeForm(request.POST),
        lambda f: suspension.case_resume(actor=request.user, case=case, **f.cleaned_data),
        _("The case is resumed; the due date is recomputed."),
    )


@login_required
@require_POST
def case_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    return _run(
        request,
        case,
        "consultation",
        ConsultationForm(request.POST),
        lambda f: suspension.consultation_request(actor=request.user, case=case, **f.cleaned_data),
        _("Opinion requested: the time until it is given is not counted."),
    )


@login_required
@require_POST
def case_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    return _run(
        request,
        case,
        "opinion",
        AnswerForm(request.POST),
        lambda f: suspension.consultation_answer(actor=request.user, case=case, **f.cleaned_data),
        _("Opinion recorded; the due date is recomputed."),
    )


@login_required
@require_POST
def case_takedown(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    return _run(
        request,
        case,
        "takedown",
        TakedownForm(request.POST),
        lambda f: ebusiness.takedown_send(actor=request.user, case=case, **f.cleaned_data),
        _("Takedown notice sent to the platform."),
    )


@login_required
@require_POST
def case_takedown_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer to one of the case's notices (named by ``notice`` in the form)."""
    case = selectors.case_get(user=request.user, pk=pk)
    notice = request.POST.get("notice", "")
    found = get_object_or_404(
        selectors.case_takedown_notices(user=request.user, case=case),
        pk=int(notice) if notice.isdigit() else 0,
    )
    return _run(
        request,
        case,
        f"takedown-{found.pk}",
        TakedownAnswerForm(request.POST, pk=found.pk),
        lambda f: ebusiness.takedown_answer(actor=request.user, notice=found, **f.cleaned_data),
        _("Platform's answer recorded."),
    )


urlpatterns = [
    path("<int:pk>/mediation/complex/", case_mediation_complex, name="case-mediation-complex"),
    path(
        "<int:pk>/mediation/performance/",
        case_mediation_performance,
        name="case-mediation-performance",
    ),
    path("<int:pk>/suspension/", case_suspend, name="case-suspend"),
    path("<int:pk>/suspension/resume/", case_resume, name="case-resume"),
    path("<int:pk>/consultation/", case_consultation, name="case-consultation"),
    path("<int:pk>/consultation/opinion/", case_opinion, name="case-opinion"),
    path("<int:pk>/takedowns/", case_takedown, name="case-takedown"),
    path("<int:pk>/takedowns/answer/", case_takedown_answer, name="case-takedown-answer"),
]
