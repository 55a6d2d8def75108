"""Officers' pages for cases. Thin: parse input, call a selector or a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipoffice.cases import selectors, services
from ipoffice.cases.api import export_response
from ipoffice.cases.deadlines import conclusion_limit, extension_days_allowed
from ipoffice.cases.documents import DOCUMENTS, case_document, case_document_pdf
from ipoffice.cases.enums import HANDLING_CASE_STATUSES, CaseStatus, CaseType, ExtensionStatus
from ipoffice.cases.filters import CaseFilter
from ipoffice.cases.forms import (
    HISTORY_LABELS,
    AttachmentForm,
    CaseForm,
    CorrectionForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    StepForm,
    transition_form,
)
from ipoffice.cases.inputs import CASE_INPUT
from ipoffice.cases.mechanism_views import mechanisms_context
from ipoffice.cases.mechanism_views import urlpatterns as mechanism_urls
from ipoffice.cases.models import Case, Consultation, Mediation, Suspension, TakedownNotice
from ipoffice.cases.statistics import PATENT_TYPE_LABELS
from ipoffice.cases.workflow import (
    EXTENSION_TRANSITIONS,
    TRANSITIONS,
    available_transitions,
    event_label,
)
from ipoffice.common.errors import ApplicationError
from ipoffice.common.files import attachment_response
from ipoffice.common.filters import filter_page
from ipoffice.common.history import grouped, timeline
from ipoffice.common.identifiers import mask_identifier
from ipoffice.common.scoping import user_office
from ipoffice.common.views import paginate
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.deadlines.rules import TimeLimit, Unit
from ipoffice.offices.models import ASSISTANCE_LEVELS, OfficeLevel
from ipoffice.offices.selectors import office_choices

# Cases belong to the offices, not to the assistance centers below them.
CASE_LEVELS = [level for level in OfficeLevel.values if level not in ASSISTANCE_LEVELS]

VIEW = "cases.view_case"


def limit_text(limit: TimeLimit) -> str:
    text = f"{limit.amount} {Unit(limit.unit).label}"
    if limit.extension:
        text += " " + _("(extension up to %(amount)s %(unit)s)") % {
            "amount": limit.extension,
            "unit": Unit(limit.extension_unit).label,
        }
    return text


@login_required
@permission_required(VIEW, raise_exception=True)
def case_list(request: HttpRequest) -> HttpResponse:
    found, cases, status = filter_page(request, CaseFilter, selectors.case_list(user=request.user))
    return render(
        request,
        "cases/case_list.html",
        {
            "page": paginate(request, cases.prefetch_related("parties")),
            "offices": office_choices(user=request.user, levels=CASE_LEVELS),
            "filters": request.GET,
            "filter_form": found.form,
            "today": timezone.localdate(),
            "case_types": CaseType.choices,
            "statuses": CaseStatus.choices,
            "campaigns": selectors.case_campaigns(user=request.user),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def case_export(request: HttpRequest) -> HttpResponse:
    _found, cases, status = filter_page(request, CaseFilter, selectors.case_list(user=request.user))
    if status != 200:
        return case_list(request)  # the list page says what is wrong with the filters
    return export_response(cases, request.user, request.GET.get("as", "csv"))  # type: ignore[return-value]


@login_required
@permission_required("cases.add_case", raise_exception=True)
def case_create(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None, initial={"filed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(
                actor=request.user,
                office=user_office(request.user),
                data=form.service_data(),
            )
        except ApplicationError as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("Case %(number)s registered.") % {"number": case})
            return redirect("case-detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form})


def _detail_context(request: HttpRequest, case: Case, bound: dict[str, Any]) -> dict[str, Any]:
    """The case page; ``bound`` holds a refused panel's form (kept open, input kept)."""
    user: Any = request.user
    own = selectors.in_case_office(user, case)
    show_ids = selectors.can_see_identities(user, case)
    limit = conclusion_limit(case)
    transitions = available_transitions(case, user.has_perm) if own else []
    calendar = WorkingCalendar.from_db()
    allowed = extension_days_allowed(case, calendar)
    pending = selectors.case_extension_requests(user=user, case=case)
    may_decide = own and user.has_perm("cases.approve_extension")
    correction = bound.get("correct") or CorrectionForm(
        initial={
            **services.case_registration_values(case),
            "patent_numbers": "; ".join(p.application_number for p in case.patents.all()),
        }
    )
    return {
        "case": case,
        "overdue": selectors.case_is_overdue(case, timezone.localdate()),
        "parties": [
            (p, p.id_number if show_ids else mask_identifier(p.id_number))
            for p in case.parties.all()
        ],
        "timeline": case_timeline(selectors.case_history(user=user, case=case)),
        "limit_text": limit_text(limit) if limit else "",
        "patents": [
            (p.application_number, PATENT_TYPE_LABELS.get(p.patent_type, ""))
            for p in case.patents.all()
        ],
        "attachments": case.attachments.all(),
        "actions": [(t, bound.get(t.name) or transition_form(case, t)) for t in transitions],
        "open_panel": next(iter(bound), ""),
        "step_form": bound.get("step") or StepForm(),
        "attachment_form": bound.get("file") or AttachmentForm(),
        "can_record_steps": own
        and case.status in HANDLING_CASE_STATUSES
        and user.has_perm("cases.handle_case"),
        "extension_form": bound.get("extension") or ExtensionRequestForm(allowed=allowed),
        "can_request_extension": own
        and user.has_perm("cases.handle_case")
        and case.status in HANDLING_CASE_STATUSES
        and not case.extension_approved
        and allowed > 0
        and not any(r.status == ExtensionStatus.PENDING for r in pending),
        "extension_requests": [
            (r, bound.get(f"decision-{r.pk}") or ExtensionDecisionForm(pk=r.pk)) for r in pending
        ],
        "may_decide_extension": may_decide,
        "can_correct": own and user.has_perm("cases.change_case"),
        "correction_form": correction,
        "fine_text": grouped(case.fine_amount, 2) if case.fine_amount is not None else "",
        "gains_text": grouped(case.illegal_gains, 2) if case.illegal_gains is not None else "",
        "limit": limit,
        "documents": DOCUMENTS,
        **mechanisms_context(user, case, bound, own),
    }


def _mechanism_fields() -> dict[str, Any]:
    """History keys of the mediation, suspension, opinion and takedown entries, by the
    field they record (their labels and choices)."""
    fields = {
        Mediation: ("complex", "terms", "requester_signed_on", "respondent_signed_on",
                    "performance"),
        Suspension: ("ground",),
        Consultation: ("kind", "experts", "answer"),
        TakedownNotice: ("platform", "shop_name", "listing_urls"),
    }  # fmt: skip
    found = {name: model._meta.get_field(name) for model, names in fields.items() for name in names}
    found["platform_answer"] = TakedownNotice._meta.get_field("answer")
    return found


def case_timeline(events: Any) -> list[Any]:
    """The case's history in the reader's words (common/history.py)."""
    return timeline(
        events,
        Case,
        action_label=event_label,
        inputs={f.name: f for f in CASE_INPUT.fields},
        labels=HISTORY_LABELS,
        hidden=("sha256",),
        fields=_mechanism_fields(),
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    return render(request, "cases/case_detail.html", _detail_context(request, case, {}))


def _refused(request: HttpRequest, case: Case, panel: str, form: Any) -> HttpResponse:
    """The page again with the panel open, what was typed kept and the problems named."""
    case = selectors.case_get(user=request.user, pk=case.pk)  # as stored: the act rolled back
    context = _detail_context(request, case, {panel: form})
    return render(request, "cases/case_detail.html", context, status=400)


def _run(
    request: HttpRequest, case: Case, panel: str, form: Any, run: Any, done: str = ""
) -> HttpResponse:
    if not form.is_valid():
        return _refused(request, case, panel, form)
    try:
        run(form)
    except ApplicationError as exc:
        form.refuse(exc)
        return _refused(request, case, panel, form)
    messages.success(request, done or _("Saved."))
    return redirect("case-detail", pk=case.pk)


@login_required
@require_POST
def case_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    t = TRANSITIONS.get(name)
    if t is None:
        raise Http404
    form = transition_form(case, t, request.POST)
    return _run(
        request,
        case,
        t.name,
        form,
        lambda f: services.case_transition(
            actor=request.user, case=case, name=name, **f.service_kwargs()
        ),
        _("%(action)s: saved.") % {"action": t.label},
    )


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    return _run(
        request,
        case,
        "step",
        StepForm(request.POST),
        lambda f: services.case_record_step(actor=request.user, case=case, **f.cleaned_data),
    )


@login_required
@require_POST
def case_extension(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer asks for an extension of the time limit to conclude."""
    case = selectors.case_get(user=request.user, pk=pk)
    allowed = extension_days_allowed(case, WorkingCalendar.from_db())
    return _run(
        request,
        case,
        "extension",
        ExtensionRequestForm(request.POST, allowed=allowed),
        lambda f: services.extension_request(actor=request.user, case=case, **f.cleaned_data),
        _("Extension requested: the office head decides."),
    )


@login_required
@require_POST
def case_extension_decide(
    request: HttpRequest, pk: int, request_pk: int, name: str
) -> HttpResponse:
    """The office head approves or refuses an officer's request."""
    case = selectors.case_get(user=request.user, pk=pk)
    found = get_object_or_404(
        selectors.case_extension_requests(user=request.user, case=case), pk=request_pk
    )
    if name not in EXTENSION_TRANSITIONS:
        raise Http404
    return _run(
        request,
        case,
        f"decision-{found.pk}",
        ExtensionDecisionForm(request.POST, pk=found.pk),
        lambda f: services.extension_decide(
            actor=request.user, request=found, name=name, **f.cleaned_data
        ),
        str(EXTENSION_TRANSITIONS[name].label),
    )


@login_required
@require_POST
def case_correct(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    return _run(
        request,
        case,
        "correct",
        CorrectionForm(request.POST),
        lambda f: services.case_correct(
            actor=request.user, case=case, reason=f.cleaned_data["reason"], data=f.service_data()
        ),
        _("Registration corrected."),
    )


@login_required
@require_POST
def case_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    return _run(
        request,
        case,
        "file",
        AttachmentForm(request.POST, request.FILES),
        lambda f: services.attachment_add(
            actor=request.user,
            case=case,
            kind=f.cleaned_data["kind"],
            upload=f.cleaned_data["file"],
        ),
    )


@login_required
def case_attachment_download(request: HttpRequest, pk: int, file: int) -> HttpResponseBase:
    return attachment_response(
        selectors.case_attachment_get(user=request.user, case_pk=pk, pk=file)
    )


urlpatterns = [
    *mechanism_urls,
    path("", case_list, name="case-list"),
    path("new/", case_create, name="case-create"),
    path("export/", case_export, name="case-export"),
    path("<int:pk>/", case_detail, name="case-detail"),
    path("<int:pk>/transition/<str:name>/", case_transition, name="case-transition"),
    path("<int:pk>/steps/", case_step, name="case-step"),
    path("<int:pk>/extension/", case_extension, name="case-extension"),
    path("<int:pk>/attachments/", case_attachment, name="case-attachment"),
    path("<int:pk>/attachments/<int:file>/", case_attachment_download, name="case-attachment-file"),
    path(
        "<int:pk>/extension/<int:request_pk>/<str:name>/",
        case_extension_decide,
        name="case-extension-decide",
    ),
    path("<int:pk>/correct/", case_correct, name="case-correct"),
    path("<int:pk>/documents/<str:kind>/", case_document, name="case-document"),
    path("<int:pk>/documents/<str:kind>.pdf", case_document_pdf, name="case-document-pdf"),
]
