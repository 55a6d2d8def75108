"""Public pages (file, receipt, track) and the agents' pages for complaints."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from ipoffice.cases.inputs import CASE_INPUT
from ipoffice.common.errors import ApplicationError, InvalidInput
from ipoffice.common.files import attachment_response
from ipoffice.common.filters import filter_page
from ipoffice.common.history import timeline
from ipoffice.common.identifiers import mask_name
from ipoffice.common.uploads import upload_quota_check, upload_quota_take
from ipoffice.common.views import posted_note
from ipoffice.common.workflow import transitions_available
from ipoffice.complaints import selectors, services
from ipoffice.complaints.api import LookupThrottle, SubmitThrottle
from ipoffice.complaints.enums import (
    AT_CENTER_COMPLAINT_STATUSES,
    Channel,
    ComplaintKind,
    ComplaintStatus,
    Message,
    Satisfaction,
    SentBy,
)
from ipoffice.complaints.exports import export_response
from ipoffice.complaints.filters import ComplaintFilter
from ipoffice.complaints.forms import (
    CASE_FIELDS,
    ActionForm,
    AgentSubmitForm,
    ConversionForm,
    SubmitForm,
    TrackForm,
    conversion_form,
)
from ipoffice.complaints.inputs import COMPLAINT_INPUT
from ipoffice.complaints.intake import place_text, routing_text
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.notifications import (
    MESSAGE_ACTION,
    chosen_words,
    deliveries,
    messages_told,
)
from ipoffice.complaints.serializers import action_label, public_status
from ipoffice.complaints.workflow import COMPLAINT_WORKFLOW
from ipoffice.offices.models import ASSISTANCE_LEVELS, Office
from ipoffice.offices.selectors import office_choices

VIEW = "complaints.view_complaint"
# How the timeline names what a message entry records (no address is kept there).
MESSAGE_FIELD: models.CharField[str, str] = models.CharField(
    gettext_lazy("message"), choices=Message.choices
)
SENT_BY_FIELD: models.CharField[str, str] = models.CharField(
    gettext_lazy("sent by"), choices=SentBy.choices
)


def _too_many(request: HttpRequest, throttle: Any) -> HttpResponse | None:
    if throttle.allow_request(request, None):
        return None
    response = render(
        request, "complaints/too_many.html", {"wait": int(throttle.wait() or 60)}, status=429
    )
    response["Retry-After"] = str(int(throttle.wait() or 60))
    return response


def _submit(
    request: HttpRequest,
    form: SubmitForm,
    *,
    channel: str,
    actor: Any = None,
    received_on: Any = None,
) -> Any:
    files = request.FILES.getlist("evidence")
    # The public's files count against their address's daily limit; agents' do not.
    ident = SubmitThrottle().upload_ident(request) if actor is None else ""
    try:
        size = upload_quota_check(ident, files, field="evidence") if ident else 0
        result = services.complaint_submit(
            channel=channel,
            data=form.service_data(),
            actor=actor,
            files=files,
            received_on=received_on,
        )
    except ApplicationError as exc:
        if exc.field == "files":
            exc.field = "evidence"  # the page's name for them
        form.refuse(exc)
        return None
    upload_quota_take(ident, size)
    return result


def public_submit(request: HttpRequest) -> HttpResponse:
    form = SubmitForm(request.POST or None)
    if request.method == "POST":
        if (refused := _too_many(request, SubmitThrottle())) is not None:
            return refused
        if request.POST.get("website"):
            form.add_error(None, _("This submission looks automated and was not accepted."))
        elif form.is_valid() and (result := _submit(request, form, channel=Channel.WEB)):
            complaint, code = result
            # Shown once on the receipt page, never stored in clear.
            request.session["receipt"] = {
                "tracking_number": complaint.tracking_number,
                "code": code,
            }
            return redirect("public-receipt")
    return render(request, "complaints/public_submit.html", {"form": form})


def public_receipt(request: HttpRequest) -> HttpResponse:
    receipt = request.session.pop("receipt", None)  # the code is shown once
    if not receipt:
        return redirect("public-track")
    complaint = selectors.complaint_lookup(
        tracking_number=receipt["tracking_number"], code=receipt["code"]
    )
    if complaint is None:
        return redirect("public-track")
    return render(
        request,
        "complaints/public_receipt.html",
        {"receipt": receipt, "complaint": complaint, "now": timezone.localtime()},
    )


def public_track(request: HttpRequest) -> HttpResponse:
    # POST keeps the verification code out of URLs, logs and browser history.
    initial = {"tracking_number": request.GET.get("tracking_number", "")}
    form = TrackForm(request.POST or None, initial=initial)
    found = None
    if form.is_bound:
        if (refused := _too_many(request, LookupThrottle())) is not None:
            return refused
        if form.is_valid():
            complaint = selectors.complaint_lookup(
                tracking_number=form.cleaned_data["tracking_number"], code=form.cleaned_data["code"]
            )
            if complaint is None:
                form.add_error(None, _("No complaint matches this tracking number and code."))
            else:
                found = public_status(complaint)
                found["events"] = [
                    (e, action_label(e.action))
                    for e in found["history"]
                    if e.action != MESSAGE_ACTION  # listed apart: what we sent, when
                ]
                found["told"] = messages_told(complaint)
    return render(request, "complaints/public_track.html", {"form": form, "found": found})


@csrf_protect
def public_satisfaction(request: HttpRequest, token: str) -> HttpResponse:
    """The satisfaction request's page: three answers, one click; a link that is not ours,
    has expired or was answered is refused with the reason."""
    context: dict[str, Any] = {"answers": Satisfaction.choices}
    status = 200
    try:
        complaint = services.satisfaction_link_complaint(token)
        context["complaint"] = complaint
        if request.method == "POST":
            if (refused := _too_many(request, LookupThrottle())) is not None:
                return refused
            complaint = services.complaint_satisfaction_answer(
                token=token,
                answer=request.POST.get("answer", ""),
                comment=request.POST.get("comment", "")[:500],
            )
            context["answered"] = Satisfaction(complaint.satisfaction).label
            context["reopened"] = complaint.satisfaction == Satisfaction.NOT_RESOLVED
    except ApplicationError as exc:
        # A wrong answer keeps the question; a bad or used link ends here.
        context["error" if exc.field == "answer" else "refused"] = str(exc.message)
        status = 400 if exc.field in ("token", "answer") else 200
    return render(request, "complaints/public_satisfaction.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def complaint_list(request: HttpRequest) -> HttpResponse:
    from ipoffice.common.views import paginate

    scoped = selectors.complaint_list(user=request.user).select_related("complainant")
    found, complaints, status = filter_page(request, ComplaintFilter, scoped)
    page = paginate(request, complaints)
    rows = [(c, selectors.can_see_personal_data(request.user, c)) for c in page]
    return render(
        request,
        "complaints/complaint_list.html",
        {
            "page": page,
            "rows": rows,
            "filters": request.GET,
            "filter_form": found.form,
            "today": timezone.localdate(),
            "kinds": ComplaintKind.choices,
            "channels": Channel.choices,
            "statuses": ComplaintStatus.choices,
            "query": request.GET.urlencode(),
            "mask_name": mask_name,
            "centers": office_choices(user=request.user),
        },
        status=status,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def complaint_export(request: HttpRequest) -> HttpResponse:
    scoped = selectors.complaint_list(user=request.user)
    _found, complaints, status = filter_page(request, ComplaintFilter, scoped)
    if status != 200:
        return complaint_list(request)  # the list page says what is wrong with the filters
    return export_response(complaints, request.user, request.GET.get("as", "csv"))  # type: ignore[return-value]


@login_required
@permission_required("complaints.add_complaint", raise_exception=True)
def complaint_intake(request: HttpRequest) -> HttpResponse:
    form = AgentSubmitForm(request.POST or None)
    if request.method == "POST":
        result = None
        if form.is_valid():
            result = _submit(
                request,
                form,
                channel=form.cleaned_data["channel"],
                actor=request.user,
                received_on=form.cleaned_data["received_on"],
            )
        if result is not None:
            complaint, code = result
            messages.success(
                request,
                _(
                    "Filed as %(number)s; verification code %(code)s "
                    "(tell the complainant; it is not shown again)."
                )
                % {"number": complaint.tracking_number, "code": code},
            )
            return redirect("complaint-detail", pk=complaint.pk)
    return render(request, "complaints/intake.html", {"form": form})


def _detail(
    request: HttpRequest,
    complaint: Any,
    conversion: ConversionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user: Any = request.user
    personal = selectors.can_see_personal_data(user, complaint)
    actions = transitions_available(COMPLAINT_WORKFLOW, complaint, user)
    handler = services.can_handle(user, complaint, "complaints.handle_complaint")
    person = getattr(complaint, "complainant", None)
    if conversion is None and any(t.name == "convert_to_case" for t in actions):
        conversion = conversion_form(services.conversion_gaps(complaint))
    return render(
        request,
        "complaints/complaint_detail.html",
        {
            "complaint": complaint,
            "personal": personal,
            "actions": actions,
            "person": person,
            # What is held (nothing once anonymised, ipoffice.privacy).
            "contact": [v for v in (person.name, person.phone, person.email, person.address) if v]
            if person
            else [],
            "mask_name": mask_name,
            "timeline": timeline(
                selectors.complaint_history(user=user, complaint=complaint),
                Complaint,
                action_label=action_label,
                inputs={f.name: f for f in COMPLAINT_INPUT.fields},
                labels={"merged": gettext_lazy("merged complaint")},
                hidden=("sha256", "keys"),
                # Submissions before routing reasons became codes carry an English note.
                reasonless=("submit",),
                # A transfer's recipient is an office (by code) or an authority and name.
                fields={
                    "recipient": Complaint._meta.get_field("transferred_to"),
                    "message": MESSAGE_FIELD,
                    "sent_by": SENT_BY_FIELD,
                },
            ),
            "show_public": True,
            "duplicates": selectors.complaint_duplicates(user=user, complaint=complaint)
            if handler and complaint.status in AT_CENTER_COMPLAINT_STATUSES
            else [],
            "centers": Office.objects.visible_to(user).filter(level__in=ASSISTANCE_LEVELS)
            if handler
            else [],
            "action_form": ActionForm(),
            "conversion_form": conversion,
            "attachments": complaint.attachments.all(),
            "routing": routing_text(
                complaint.routing_note, complaint.province_code, complaint.city_code
            ),
            "place": place_text(complaint.province_code, complaint.city_code),
            "overdue": selectors.complaint_is_overdue(complaint, timezone.localdate()),
            "deliveries": deliveries(complaint),
            "told_by": chosen_words(complaint),
        },
        status=status,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.complaint_get(user=request.user, pk=pk))


@login_required
@require_POST
def complaint_convert(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a case from the complaint, with the case fields the agent supplied; refused, the
    page comes again with each problem beside its field and what was typed."""
    complaint = selectors.complaint_get(user=request.user, pk=pk)
    form = conversion_form(services.conversion_gaps(complaint), request.POST)
    if form.is_valid():
        try:
            case = services.complaint_convert_to_case(
                actor=request.user, complaint=complaint, overrides=form.overrides()
            )
        except InvalidInput as exc:
            _refuse_conversion(form, exc)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
            return redirect("complaint-detail", pk=pk)
        else:
            messages.success(request, _("Case %(number)s opened.") % {"number": case.case_number})
            return redirect("complaint-detail", pk=pk)
    return _detail(request, complaint, form, status=400)


def _refuse_conversion(form: ConversionForm, exc: InvalidInput) -> None:
    """Problems of fields on the form stay beside them; others are named by their label."""
    for name, problems in exc.errors.items():
        for problem in problems:
            if name in form.fields:
                form.add_error(name, str(problem))
            else:
                label = CASE_INPUT[name].shown_label if name in CASE_FIELDS else name
                form.add_error(None, f"{label}: {problem}")


def _act(request: HttpRequest, pk: int, run: Any) -> HttpResponse:
    complaint = selectors.complaint_get(user=request.user, pk=pk)
    try:
        run(complaint)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("complaint-detail", pk=pk)


@login_required
@require_POST
def complaint_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    post = request.POST

    def run(complaint: Any) -> Any:
        office = None
        if post.get("transferred_to"):
            office = Office.objects.filter(
                code=post["transferred_to"].strip(), is_active=True
            ).first()
            if office is None:
                raise ApplicationError(
                    _("No office has code %(code)s.") % {"code": post["transferred_to"]},
                    field="transferred_to",
                )
        return services.complaint_transition(
            actor=request.user,
            complaint=complaint,
            name=name,
            note=post.get("note", ""),
            transferred_to=office,
            authority=post.get("authority", ""),
            authority_name=post.get("authority_name", ""),
            complex_matter=True if post.get("complex_matter") else None,
        )

    return _act(request, pk, run)


@login_required
@require_POST
def complaint_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    def run(complaint: Any) -> Any:
        center = (
            Office.objects.visible_to(request.user)
            .filter(code=request.POST.get("center", ""))
            .first()
        )
        if center is None:
            raise ApplicationError(
                _("Choose an assistance center or work station."), field="center"
            )
        return services.complaint_reassign(
            actor=request.user,
            complaint=complaint,
            center=center,
            reason=posted_note(request, "reason"),
        )

    return _act(request, pk, run)


@login_required
@require_POST
def complaint_merge(request: HttpRequest, pk: int) -> HttpResponse:
    def run(complaint: Any) -> Any:
        into = (
            selectors.complaint_list(user=request.user)
            .filter(pk=request.POST.get("into", 0))
            .first()
        )
        if into is None:
            raise ApplicationError(_("Choose the complaint to keep."), field="into")
        return services.complaint_merge(
            actor=request.user,
            duplicate=complaint,
            into=into,
            reason=posted_note(request, "reason"),
        )

    return _act(request, pk, run)


@login_required
def complaint_attachment_download(request: HttpRequest, pk: int, file: int) -> HttpResponseBase:
    return attachment_response(
        selectors.complaint_attachment_get(user=request.user, complaint_pk=pk, pk=file)
    )


urlpatterns = [
    path("", complaint_list, name="complaint-list"),
    path("intake/", complaint_intake, name="complaint-intake"),
    path("export/", complaint_export, name="complaint-export"),
    path("<int:pk>/", complaint_detail, name="complaint-detail"),
    path("<int:pk>/action/convert_to_case/", complaint_convert, name="complaint-convert"),
    path("<int:pk>/action/<str:name>/", complaint_action, name="complaint-action"),
    path("<int:pk>/reassign/", complaint_reassign, name="complaint-reassign"),
    path("<int:pk>/merge/", complaint_merge, name="complaint-merge"),
    path(
        "<int:pk>/files/<int:file>/",
        complaint_attachment_download,
        name="complaint-attachment-file",
    ),
]
