"""Officers' pages for cases. Thin: parse input, call a selector or a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipoffice.cases import selectors, services
from ipoffice.cases.api import export_response
from ipoffice.cases.deadlines import conclusion_limit
from ipoffice.cases.enums import HANDLING_CASE_STATUSES, CaseStatus, CaseType
from ipoffice.cases.filters import CaseFilter
from ipoffice.cases.forms import AttachmentForm, CaseForm, StepForm, TransitionForm
from ipoffice.cases.workflow import STEPS, available_transitions, event_label
from ipoffice.common.errors import ApplicationError
from ipoffice.common.filters import filter_page
from ipoffice.common.identifiers import mask_identifier
from ipoffice.common.scoping import user_office
from ipoffice.common.views import paginate, posted_note
from ipoffice.deadlines.rules import TimeLimit, Unit

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
            "page": paginate(request, cases),
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


@login_required
@permission_required(VIEW, raise_exception=True)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    user: Any = request.user
    own = selectors.in_case_office(user, case)
    show_ids = selectors.can_see_identities(user, case)
    limit = conclusion_limit(case)
    events = [
        (
            event,
            event_label(event.action),
            CaseStatus(event.to_status).label
            if event.to_status and event.to_status != event.from_status
            else "",
            {k: v for k, v in event.changes.items() if k not in ("status", "outcome")},
        )
        for event in selectors.case_history(user=user, case=case)
    ]
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "overdue": selectors.case_is_overdue(case, timezone.localdate()),
            "parties": [
                (p, p.id_number if show_ids else mask_identifier(p.id_number))
                for p in case.parties.all()
            ],
            "events": events,
            "limit_text": limit_text(limit) if limit else "",
            "attachments": case.attachments.all(),
            "transitions": available_transitions(case, user.has_perm) if own else [],
            "transition_form": TransitionForm(),
            "step_form": StepForm(),
            "attachment_form": AttachmentForm(),
            "can_record_steps": own
            and case.status in HANDLING_CASE_STATUSES
            and user.has_perm("cases.handle_case"),
            "can_extend": own
            and user.has_perm("cases.approve_extension")
            and case.status in HANDLING_CASE_STATUSES
            and not case.extension_approved
            and limit is not None
            and limit.extension > 0,
            "limit": limit,
            "steps": STEPS,
        },
    )


def _act(request: HttpRequest, pk: int, run: Any) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    try:
        run(case)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("case-detail", pk=case.pk)


@login_required
@require_POST
def case_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("case-detail", pk=pk)
    data = form.cleaned_data
    return _act(
        request,
        pk,
        lambda case: services.case_transition(
            actor=request.user,
            case=case,
            name=name,
            on=data["on"],
            reason=data["reason"],
            outcome=data["outcome"],
            fine_amount=data["fine_amount"],
            illegal_gains=data["illegal_gains"],
        ),
    )


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int) -> HttpResponse:
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a step."))
        return redirect("case-detail", pk=pk)
    return _act(
        request,
        pk,
        lambda case: services.case_record_step(actor=request.user, case=case, **form.cleaned_data),
    )


@login_required
@require_POST
def case_extension(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda case: services.case_approve_extension(
            actor=request.user, case=case, reason=posted_note(request, "reason")
        ),
    )


@login_required
@require_POST
def case_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a kind and a file."))
        return redirect("case-detail", pk=pk)
    return _act(
        request,
        pk,
        lambda case: services.attachment_add(
            actor=request.user,
            case=case,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        ),
    )


urlpatterns = [
    path("", case_list, name="case-list"),
    path("new/", case_create, name="case-create"),
    path("export/", case_export, name="case-export"),
    path("<int:pk>/", case_detail, name="case-detail"),
    path("<int:pk>/transition/<str:name>/", case_transition, name="case-transition"),
    path("<int:pk>/steps/", case_step, name="case-step"),
    path("<int:pk>/extension/", case_extension, name="case-extension"),
    path("<int:pk>/attachments/", case_attachment, name="case-attachment"),
]
