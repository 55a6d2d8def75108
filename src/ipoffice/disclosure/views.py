"""The public page of published decisions, and the staff page of repeat respondents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from ipoffice.common.filters import filter_page
from ipoffice.common.views import paginate
from ipoffice.disclosure import selectors
from ipoffice.disclosure.filters import DecisionFilter
from ipoffice.offices.models import Office


def decisions_public(request: HttpRequest) -> HttpResponse:
    """No login: the decisions that the rules required to be made public."""
    published = selectors.decisions_published()
    found, cases, status = filter_page(request, DecisionFilter, published)
    page = paginate(request, cases, per_page=20)
    offices = Office.objects.filter(
        pk__in=published.order_by().values("office_id").distinct()
    ).order_by("path")
    return render(
        request,
        "disclosure/decisions.html",
        {
            "page": page,
            "decisions": [selectors.decision_public(c) for c in page],
            "filters": request.GET,
            "filter_form": found.form,
            "offices": [(o.code, o.name) for o in offices],
            "years": selectors.decision_years(),
        },
        status=status,
    )


@login_required
@permission_required("cases.view_case", raise_exception=True)
def repeat_respondents(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip()[:18]
    repeats = selectors.repeat_respondents(user=request.user, code=code)
    page = paginate(request, repeats, per_page=50)
    rows = selectors.repeat_cases(user=request.user, repeats=list(page))
    return render(
        request,
        "disclosure/repeat_respondents.html",
        {"page": page, "rows": rows, "code": code},
    )


urlpatterns = [
    path("decisions/", decisions_public, name="decisions-public"),
    path("cases/repeat-respondents/", repeat_respondents, name="repeat-respondents"),
]
