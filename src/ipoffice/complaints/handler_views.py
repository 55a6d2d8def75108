"""The post of the handler panel on a complaint page (templates/complaints/_handler.html)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipoffice.common.errors import ApplicationError
from ipoffice.complaints import selectors, services


@login_required
@require_POST
def complaint_handler(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get(user=request.user, pk=pk)
    person = (
        selectors.handler_candidates(user=request.user, complaint=complaint)
        .filter(username=request.POST.get("handler", ""))
        .first()
    )
    try:
        if person is None:
            raise ApplicationError(
                _("Choose an agent of this unit who handles complaints."), field="handler"
            )
        services.complaint_handler_change(
            actor=request.user,
            complaint=complaint,
            handler=person,
            reason=request.POST.get("reason", ""),
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("complaint-detail", pk=complaint.pk)
