"""Pages for coordination requests: the list (incoming and outgoing), the detail with
its actions, the new request from a case, and the public page of an outside authority's
signed link. Thin: parse input, call a selector or a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipoffice.cases.selectors import case_get
from ipoffice.common.errors import ApplicationError, InvalidInput
from ipoffice.common.filters import filter_page
from ipoffice.common.history import timeline
from ipoffice.common.scoping import user_office
from ipoffice.common.views import paginate
from ipoffice.common.workflow import transitions_available
from ipoffice.coordination import selectors, services
from ipoffice.coordination.deadlines import request_is_overdue
from ipoffice.coordination.enums import Direction, RequestKind, RequestStatus
from ipoffice.coordination.filters import RequestFilter
from ipoffice.coordination.forms import ActionForm, AuthorityForm, RequestForm
from ipoffice.coordination.models import Authority, CoordinationRequest
from ipoffice.coordination.rules import COORDINATION_TIME_LIMITS
from ipoffice.coordination.workflow import (
    AUTHORITY_ACTS,
    REQUEST_WORKFLOW,
    TRANSITIONS,
    AuthorityActor,
    event_label,
)
from ipoffice.offices.models import Office

VIEW = "coordination.view_coordinationrequest"


@login_required
@permission_required(VIEW, raise_exception=True)
def request_list(request: HttpRequest) -> HttpResponse:
    found, rows, status = filter_page(
        request, RequestFilter, selectors.request_list(user=request.user)
    )
    today = timezone.localdate()
    page = paginate(request, rows)
    return render(
        request,
        "coordination/request_list.html",
        {
            "page": page,
            "rows": [
                (r, request_is_overdue(r, today), selectors.sender_side(request.user, r))
                for r in page
            ],
            "filters": request.GET,
            "filter_form": found.form,
            "directions": Direction.choices,
            "kinds": RequestKind.choices,
            "statuses": RequestStatus.choices,
            "waiting": selectors.incoming_waiting(user=request.user).count(),
        },
        status=status,
    )


def _targets(office: Office) -> tuple[Any, Any]:
    return services.request_destinations(office), services.request_authorities(office)


@login_required
@permission_required("coordination.send_request", raise_exception=True)
def request_create(request: HttpRequest) -> HttpResponse:
    """A new request about a case of the user's office (``?case=<id>``, from its page)."""
    raw = request.POST.get("case") or request.GET.get("case") or ""
    if not raw.isdigit():
        raise Http404
    case = case_get(user=request.user, pk=int(raw))
    office = user_office(request.user)
    if office is None or office.pk != case.office_id:
        raise Http404
    offices, authorities = _targets(office)
    form = RequestForm(request.POST or None, offices=offices, authorities=authorities)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            receiving = _office_named(data.pop("receiving_office"), offices)
            authority = _authority_named(data.pop("authority"), authorities)
            created = services.request_create(
                actor=request.user,
                case=case,
                receiving_office=receiving,
                authority=authority,
                **data,
            )
        except ApplicationError as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The request was sent."))
            return redirect("coordination-request-detail", pk=created.pk)
    return render(
        request,
        "coordination/request_form.html",
        {"form": form, "case": case, "limits": COORDINATION_TIME_LIMITS},
        status=400 if request.method == "POST" else 200,
    )


def _office_named(code: str, offices: Any) -> Office | None:
    if not code:
        return None
    found = offices.filter(code=code).first()
    if found is None:
        raise InvalidInput(
            {"receiving_office": [_("A request goes to another provincial or municipal office.")]}
        )
    return found


def _authority_named(number: str, authorities: Any) -> Authority | None:
    if not number:
        return None
    found = authorities.filter(pk=int(number)).first() if number.isdigit() else None
    if found is None:
        raise InvalidInput({"authority": [_("Choose an authority of your office's register.")]})
    return found


def request_timeline(events: Any) -> list[Any]:
    return timeline(
        events,
        CoordinationRequest,
        action_label=event_label,
        labels={
            "receiving_office": _("receiving office"),
            "authority": _("outside authority"),
            "recipients": _("recipients"),
        },
        fields={
            "receiving_office": CoordinationRequest._meta.get_field("receiving_office"),
            "authority": CoordinationRequest._meta.get_field("authority"),
        },
    )


def _detail(
    request: HttpRequest, found: CoordinationRequest, bound: dict[str, Any]
) -> dict[str, Any]:
    user: Any = request.user
    actions = transitions_available(REQUEST_WORKFLOW, found, user)
    own = user_office(user)
    sender = own is not None and own.pk == found.requesting_office_id
    return {
        "r": found,
        "overdue": request_is_overdue(found, timezone.localdate()),
        "sender_side": selectors.sender_side(user, found),
        "actions": [(t, bound.get(t.name) or ActionForm(name=t.name)) for t in actions],
        "open_panel": next(iter(bound), ""),
        "timeline": [
            (entry, selectors.actor_shown(user, entry.event.actor))
            for entry in request_timeline(selectors.request_history(user=user, request=found))
        ],
        "link": _authority_link(found) if sender and found.authority_id else "",
    }


def _authority_link(found: CoordinationRequest) -> str:
    from ipoffice.coordination.links import link_url

    return link_url(found)


@login_required
@permission_required(VIEW, raise_exception=True)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.request_get(user=request.user, pk=pk)
    return render(request, "coordination/request_detail.html", _detail(request, found, {}))


@login_required
@require_POST
def request_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    found = selectors.request_get(user=request.user, pk=pk)
    t = TRANSITIONS.get(name)
    if t is None:
        raise Http404
    form = ActionForm(request.POST, name=name)
    if form.is_valid():
        try:
            services.request_transition(
                actor=request.user, request=found, name=name, **form.service_kwargs()
            )
        except ApplicationError as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("%(action)s: saved.") % {"action": t.label})
            return redirect("coordination-request-detail", pk=found.pk)
    found = selectors.request_get(user=request.user, pk=pk)
    return render(
        request,
        "coordination/request_detail.html",
        _detail(request, found, {name: form}),
        status=400,
    )


# -- the outside authority's page: a signed link, no login ------------------------------


def authority_page(request: HttpRequest, token: str) -> HttpResponse:
    """Where an outside authority acknowledges a transfer, and later answers or refuses
    it. A changed or expired link is refused with a message saying so."""
    try:
        found = services.request_by_link(token)
    except ApplicationError as exc:
        return render(
            request, "coordination/authority_refused.html", {"message": exc.message}, status=403
        )
    actor = AuthorityActor(request_id=found.pk, authority_id=found.authority_id or 0)
    possible = [
        t for t in transitions_available(REQUEST_WORKFLOW, found, actor) if t.name in AUTHORITY_ACTS
    ]
    forms = {t.name: AuthorityForm(prefix=t.name, action=t.name) for t in possible}
    status = 200
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name not in forms:
            raise Http404
        form = AuthorityForm(request.POST, prefix=name, action=name)
        forms[name] = form
        if form.is_valid():
            try:
                services.request_act_by_link(
                    token=token,
                    name=name,
                    person=form.cleaned_data["name"],
                    answer=form.cleaned_data.get("answer", ""),
                    reason=form.cleaned_data.get("reason", ""),
                )
            except ApplicationError as exc:
                form.refuse(exc)
            else:
                messages.success(
                    request,
                    _("Thank you: %(action)s recorded.") % {"action": TRANSITIONS[name].label},
                )
                return redirect("coordination-authority", token=token)
        status = 400
    return render(
        request,
        "coordination/authority_page.html",
        {"r": found, "forms": [(TRANSITIONS[n], f) for n, f in forms.items()], "token": token},
        status=status,
    )


urlpatterns = [
    path("", request_list, name="coordination-request-list"),
    path("new/", request_create, name="coordination-request-create"),
    path("<int:pk>/", request_detail, name="coordination-request-detail"),
    path(
        "<int:pk>/transition/<str:name>/",
        request_transition,
        name="coordination-request-transition",
    ),
    path("authority/<str:token>/", authority_page, name="coordination-authority"),
]
