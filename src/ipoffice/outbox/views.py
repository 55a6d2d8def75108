"""The outbox as a page for administrators: what left, what waits, what could not be
delivered (with "send again" and "cancel", each with a reason), and the periodic jobs'
last runs. Scoped to the administrator's subtree like every list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipoffice.common.errors import ApplicationError, PermissionDeniedError
from ipoffice.common.filters import filter_page
from ipoffice.common.scoping import get_visible_or_404
from ipoffice.common.views import paginate
from ipoffice.outbox import selectors, services
from ipoffice.outbox.enums import MessageStatus
from ipoffice.outbox.filters import OutboxFilter
from ipoffice.outbox.models import OutboxMessage

ACTIONS = {"requeue": services.message_requeue, "cancel": services.message_cancel}


@login_required
@permission_required("outbox.view_outboxmessage", raise_exception=True)
def outbox_list(request: HttpRequest) -> HttpResponse:
    found, rows, status = filter_page(request, OutboxFilter, selectors.messages_list(request.user))
    page = paginate(request, rows)
    return render(
        request,
        "outbox/outbox_list.html",
        {
            "page": page,
            "rows": [(m, selectors.recipient_shown(m), selectors.error_shown(m)) for m in page],
            "filter_form": found.form,
            "dead": selectors.messages_undeliverable(request.user).count(),
            "jobs": selectors.job_runs_last(),
            "may_manage": request.user.has_perm("outbox.manage_message"),
            "actionable": (MessageStatus.PENDING, MessageStatus.DEAD),
        },
        status=status,
    )


@login_required
@require_POST
@permission_required("outbox.manage_message", raise_exception=True)
def outbox_act(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_visible_or_404(OutboxMessage.objects.all(), request.user, pk=pk)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Choose “Send again” or “Cancel”."))
        return redirect("outboxmessage-list")
    try:
        action(message=message, actor=request.user, reason=request.POST.get("reason", ""))
    except PermissionDeniedError as exc:
        raise PermissionDenied(str(exc)) from None
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done."))
    return redirect("outboxmessage-list")
