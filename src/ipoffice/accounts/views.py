from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ipoffice.accounts import selectors
from ipoffice.common.views import paginate


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/home.html",
        {
            "office": request.user.office,  # type: ignore[union-attr]
            "roles": selectors.user_roles(request.user),
            "capabilities": selectors.user_capabilities(request.user),
        },
    )


@login_required
@permission_required("accounts.view_user", raise_exception=True)
def user_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    people = selectors.user_list(user=request.user, search=search)
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": paginate(request, people),
            "q": search,
        },
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
