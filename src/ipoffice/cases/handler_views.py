"""The post of the handler panel on a case page (templates/cases/_handler.html)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipoffice.cases import selectors, services
from ipoffice.common.errors import ApplicationError


@login_required
@require_POST
def case_handler(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    person = (
        selectors.handler_candidates(user=request.user, case=case)
        .filter(username=request.POST.get("handler", ""))
        .first()
    )
    try:
        if person is None:
            raise ApplicationError(
                _("Choose an officer of this office who handles cases."), field="handler"
            )
        services.case_handler_change(
            actor=request.user, case=case, handler=person, reason=request.POST.get("reason", "")
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("case-detail", pk=case.pk)
