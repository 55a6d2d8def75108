"""The notification pages: a person's own list, marking read, and their preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from ipoffice.common.filters import filter_page
from ipoffice.common.views import paginate
from ipoffice.notifications import selectors, services
from ipoffice.notifications.filters import NotificationFilter
from ipoffice.notifications.forms import PreferencesForm


@login_required
@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    found, rows, status = filter_page(
        request, NotificationFilter, selectors.notification_list(user=request.user)
    )
    return render(
        request,
        "notifications/notification_list.html",
        {"page": paginate(request, rows), "filter_form": found.form},
        status=status,
    )


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Read now, and on to the record's page."""
    notification = selectors.notification_get(user=request.user, pk=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect("notification-list")
    return redirect(notification.url)


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_get(user=request.user, pk=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    return redirect("notification-list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s notification marked as read.",
            "%(count)s notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect("notification-list")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        choices=selectors.preferences_of(user),
        language=user.language,  # type: ignore[union-attr]
    )
    if request.method == "POST" and form.is_valid():
        services.notification_preferences_set(
            actor=user, choices=form.choices(), language=form.cleaned_data["language"]
        )
        messages.success(request, _("Your notification preferences were saved."))
        return redirect("notification-preferences")
    status = 400 if request.method == "POST" else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)
