"""Session timeouts and the forced password change, for users logged in by session."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

LOGIN_AT = "ipoffice_login_at"
SEEN_AT = "ipoffice_seen_at"
# The last-seen time is written at most once a minute: no session write on every request.
SEEN_PRECISION = 60


class SessionTimeouts:
    """Ends a session after IPOFFICE_SESSION_IDLE_MINUTES without a request, and at the
    latest IPOFFICE_SESSION_MAX_HOURS after its first request, whatever the activity."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> None:
        session, now = request.session, time.time()
        login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
        if login_at is None or seen_at is None:
            session[LOGIN_AT] = session[SEEN_AT] = now
            return
        idle = now - seen_at > settings.IPOFFICE_SESSION_IDLE_MINUTES * 60
        if idle or now - login_at > settings.IPOFFICE_SESSION_MAX_HOURS * 3600:
            logout(request)
            messages.info(
                request,
                _("You were logged out after %(minutes)d minutes without activity.")
                % {"minutes": settings.IPOFFICE_SESSION_IDLE_MINUTES}
                if idle
                else _("Your session lasted %(hours)d hours, the longest allowed; log in again.")
                % {"hours": settings.IPOFFICE_SESSION_MAX_HOURS},
            )
            return
        if now - seen_at > SEEN_PRECISION:
            session[SEEN_AT] = now


# What a user who must change their password may still reach.
PASSWORD_FREE_PATHS = ("/password/", "/logout/", "/i18n/", "/static/")


class PasswordChangeRequired:
    """Until a user whose password someone else set has chosen their own, every page leads
    to the password page (the API answers 403)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(PASSWORD_FREE_PATHS)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Set a new password on the password page first.")}, status=403
                )
            target = reverse("password-change")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
