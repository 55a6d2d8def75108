from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ipoffice.accounts import selectors
from ipoffice.accounts.filters import UserFilter
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
