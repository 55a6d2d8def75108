"""Login protection (django-axes): lockouts per user name and per client address, counted
in the database so that every process sees the same failures; audited when they begin."""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ipoffice.accounts.models import User
from ipoffice.audit.services import audit_record
from ipoffice.offices.models import NATIONAL_CODE, Office


def lockout_message() -> str:
    return _(
        "Too many failed logins for this user name or from this address. "
        "Try again in %(minutes)d minutes, or ask your administrator to reset your password."
    ) % {"minutes": settings.IPOFFICE_LOGIN_LOCKOUT_MINUTES}


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the login page says why, in the user's language; the API
    answers with the API's error shape."""
    minutes = settings.IPOFFICE_LOGIN_LOCKOUT_MINUTES
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": lockout_message()}, status=429)
    else:
        response = render(
            request, "registration/locked_out.html", {"message": lockout_message()}, status=429
        )
    response["Retry-After"] = str(minutes * 60)
    return response


def client_address(request: Any) -> str:
    """The address counted for lockouts, taken as DRF's throttles take it: from the end of
    X-Forwarded-For, as many hops back as there are trusted proxies (IPOFFICE_NUM_PROXIES)."""
    proxies: int = settings.IPOFFICE_NUM_PROXIES
    remote = str(request.META.get("REMOTE_ADDR", ""))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote
    hops = [a.strip() for a in str(forwarded).split(",") if a.strip()]
    return hops[-min(proxies, len(hops))] if hops else remote


class AuditedLockoutHandler(AxesDatabaseHandler):
    """axes' database handler with one limit per user name and another per address, and an
    audit entry when a lockout begins."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        # AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"]; AXES_FAILURE_LIMIT is the
        # per-user limit. An address's count is scaled so that it reaches that limit
        # exactly at the per-address limit.
        per_user = settings.IPOFFICE_LOGIN_FAILURES_PER_USER
        limits = [per_user, settings.IPOFFICE_LOGIN_FAILURES_PER_ADDRESS]
        counts = [
            sum(a.failures_since_start for a in attempts)
            for attempts in self.get_user_attempts(request, credentials)
        ]
        scaled = (count * per_user // limit for count, limit in zip(counts, limits, strict=False))
        return max(scaled, default=0)

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        # Failures are only counted while not yet locked out (axes leaves the count None on
        # the refused attempts), so a lockout begins when a counted failure locks.
        locked = request is not None and request.axes_locked_out
        if locked and request.axes_failures_since_start is not None:
            lockout_audit(request, get_client_username(request, credentials))


def lockout_audit(request: Any, username: str | None) -> None:
    user = User.objects.select_related("office").filter(username=username or "").first()
    office = user.office if user is not None and user.office else None
    target: Any = user
    if office is None or target is None:
        # No such person (or none in an office): the national office's audit sees it.
        office = Office.objects.get(code=NATIONAL_CODE)
        target = AccessAttempt.objects.filter(username=username).order_by("-id").first()
        target = target or AccessAttempt.objects.order_by("-id").first()
    if target is None:
        return
    audit_record(
        actor=None,
        target=target,
        office=office,
        action="login_locked_out",
        changes={
            "username": [None, username or ""],
            "ip_address": [None, request.axes_ip_address],
            "path_info": [None, request.axes_path_info],
        },
    )
