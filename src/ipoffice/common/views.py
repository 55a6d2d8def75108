"""Helpers for thin HTML views."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from ipoffice.common.errors import ApplicationError
from ipoffice.common.inputs import NOTE_MAX_LENGTH, too_long_message
from ipoffice.common.pagination import CappedPaginator


def posted_note(request: HttpRequest, name: str) -> str:
    """A reason or note from a posted page form, refused when longer than a history row
    takes in (NOTE_MAX_LENGTH), naming the field."""
    text = request.POST.get(name, "")
    if len(text) > NOTE_MAX_LENGTH:
        raise ApplicationError(too_long_message(NOTE_MAX_LENGTH), field=name)
    return text


def paginate(request: HttpRequest, queryset: Any, per_page: int = 50) -> Page[Any]:
    return CappedPaginator(queryset, per_page).get_page(request.GET.get("page"))


# Django's error pages, except under /api/, where every answer, 500 included, is the
# API's one error shape (common.api.ERROR_SCHEMA).
def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("The request was refused.")}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("You do not have permission to do this.")}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Internal error; it has been logged.")}, status=500)
    return defaults.server_error(request)
