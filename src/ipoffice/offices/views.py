from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ipoffice.accounts.selectors import user_list
from ipoffice.common.views import paginate
from ipoffice.offices import selectors
from ipoffice.offices.models import OfficeLevel


@login_required
@permission_required("offices.view_office", raise_exception=True)
def office_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    level = request.GET.get("level", "")
    offices = selectors.office_list(user=request.user, search=search, level=level)
    return render(
        request,
        "offices/office_list.html",
        {
            "page": paginate(request, offices),
            "q": search,
            "level": level,
            "levels": OfficeLevel.choices,
        },
    )


@login_required
@permission_required("offices.view_office", raise_exception=True)
def office_detail(request: HttpRequest, code: str) -> HttpResponse:
    office = selectors.office_get(user=request.user, code=code)
    return render(
        request,
        "offices/office_detail.html",
        {
            "office": office,
            "children": selectors.office_children(user=request.user, office=office),
            "people": user_list(user=request.user, office_code=office.code)
            if request.user.has_perm("accounts.view_user")
            else None,
        },
    )
