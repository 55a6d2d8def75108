from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipoffice.accounts import selectors, services
from ipoffice.accounts.filters import UserFilter
from ipoffice.common.errors import ApplicationError
from ipoffice.common.filters import filter_page
from ipoffice.common.views import paginate
from ipoffice.common.workqueue import work_queue
from ipoffice.offices import selectors as office_selectors
from ipoffice.offices.filters import OfficeFilter
from ipoffice.offices.models import OfficeLevel


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's work: the queue the apps register (common/workqueue.py), by role."""
    today = timezone.localdate()
    return render(
        request,
        "accounts/home.html",
        {
            "office": request.user.office,  # type: ignore[union-attr]
            "roles": selectors.user_roles(request.user),
            "queue": work_queue(request.user, today),
            "today": today,
        },
    )


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """A user changes their own password (required after someone else has set it)."""
    form = PasswordChangeForm(request.user, request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        user = services.user_password_change(
            user=request.user,  # type: ignore[arg-type]
            old_password=form.cleaned_data["old_password"],
            new_password=form.cleaned_data["new_password1"],
        )
        update_session_auth_hash(request, user)  # this session stays; the others end
        messages.success(request, _("Your password was changed."))
        safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()})
        return redirect(next_url if next_url and safe else "home")
    return render(request, "accounts/password_change.html", {"form": form, "next": next_url})


@login_required
@permission_required("accounts.view_user", raise_exception=True)
def user_list(request: HttpRequest) -> HttpResponse:
    found, people, status = filter_page(request, UserFilter, selectors.user_list(user=request.user))
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": paginate(request, people),
            "q": request.GET.get("q", ""),
            "filter_form": found.form,
        },
        status=status,
    )


@login_required
@permission_required("accounts.view_user", raise_exception=True)
def user_detail(request: HttpRequest, username: str) -> HttpResponse:
    person = selectors.user_get(user=request.user, username=username)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "person": person,
            "roles": selectors.user_roles(person),
        },
    )


# The office directory lives here, above offices, because its pages list the people.


@login_required
@permission_required("offices.view_office", raise_exception=True)
def office_list(request: HttpRequest) -> HttpResponse:
    scoped = office_selectors.office_list(user=request.user)
    found, offices, status = filter_page(request, OfficeFilter, scoped)
    return render(
        request,
        "offices/office_list.html",
        {
            "page": paginate(request, offices),
            "q": request.GET.get("q", ""),
            "level": request.GET.get("level", ""),
            "levels": OfficeLevel.choices,
            "filter_form": found.form,
        },
        status=status,
    )


@login_required
@permission_required("offices.view_office", raise_exception=True)
def office_detail(request: HttpRequest, code: str) -> HttpResponse:
    office = office_selectors.office_get(user=request.user, code=code)
    return render(
        request,
        "offices/office_detail.html",
        {
            "office": office,
            "children": office_selectors.office_children(user=request.user, office=office),
            "people": selectors.user_list(user=request.user, office_code=office.code)
            if request.user.has_perm("accounts.view_user")
            else None,
        },
    )


# Saved filters: kept per user, applied by following the list's link with their query.
LIST_PAGES = {"cases": "case-list", "complaints": "complaint-list", "reports": "report-list"}


@login_required
@require_POST
def saved_filter_save(request: HttpRequest) -> HttpResponse:
    list_name = request.POST.get("list_name", "")
    try:
        saved = services.saved_filter_save(
            actor=request.user,
            list_name=list_name,
            name=request.POST.get("name", ""),
            query=request.POST.get("query", ""),
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect(LIST_PAGES.get(list_name, "home"))
    messages.success(request, _("Filters kept as “%(name)s”.") % {"name": saved.name})
    return redirect(f"{reverse(LIST_PAGES[saved.list_name])}?{saved.query}")


@login_required
@require_POST
def saved_filter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(selectors.saved_filters_all(user=request.user), pk=pk)
    services.saved_filter_delete(actor=request.user, saved=saved)
    messages.success(request, _("Saved filter “%(name)s” deleted.") % {"name": saved.name})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse(LIST_PAGES[saved.list_name])
    return redirect(back)
