"""Requests are checked before any view runs: their size, then control characters.

The body's size is judged from Content-Length before anything reads or parses it (DRF's
JSON parser reads the whole body into memory, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE).
A body sent without a length (chunked) is refused: Django would read none of it.

A NUL byte cannot be stored in a PostgreSQL text column and is never meaningful in a
parameter; other control characters (tab, line feed and carriage return excepted in
submitted text) hide text from the people who read it. The answer is 400 naming the
parameter (a path parameter by its name, a JSON body's field by its key), as JSON under
/api/ (the API's one error shape) and as a plain page elsewhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

# C0 controls and DEL; in submitted text, tab, line feed and carriage return are allowed.
_IN_QUERY = re.compile(r"[\x00-\x1f\x7f]")
_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_character(text: str) -> bool:
    """In submitted text: tab, line feed and carriage return pass."""
    return _IN_TEXT.search(text) is not None


def _in_path(request: HttpRequest) -> str:
    """The path parameter holding the control character (tracking_number, ...), or "path"."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return "path"
    return next((k for k, v in match.kwargs.items() if _IN_QUERY.search(str(v))), "path")


def _in_json(body: bytes) -> str | None:
    """The field of a JSON body whose key or text holds a control character ("body" for
    the top level). Checked here, not in a parser, so that every view is covered, DRF's
    own (the token view) included; a body that is not JSON is the view's to refuse."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return _in_value(data, "")


def _in_value(value: object, name: str) -> str | None:
    if isinstance(value, str):
        return (name or "body") if has_control_character(value) else None
    if isinstance(value, dict):
        for key, inner in value.items():
            if has_control_character(str(key)):
                return name or str(key)
            if found := _in_value(inner, name or str(key)):
                return found
    if isinstance(value, list):
        for inner in value:
            if found := _in_value(inner, name):
                return found
    return None


def _offending(request: HttpRequest) -> str | None:
    if _IN_QUERY.search(request.path):
        return _in_path(request)
    for name, values in request.GET.lists():
        if _IN_QUERY.search(name) or any(_IN_QUERY.search(v) for v in values):
            return name
    if request.content_type == "application/json" and request.body:
        return _in_json(request.body)
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for name, values in request.POST.lists():
            if _IN_TEXT.search(name) or any(_IN_TEXT.search(v) for v in values):
                return name
    return None


def refusal(request: HttpRequest, status: int, message: str, name: str = "") -> HttpResponse:
    """JSON of the API's error shape under /api/, a plain page elsewhere."""
    if request.path.startswith("/api/"):
        body: dict[str, object] = {"detail": message}
        if name:
            body.update(field=name, errors={name: [message]})
        return JsonResponse(body, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def body_limit(request: HttpRequest) -> int:
    """Bytes a request may send: the body limit, and with files the files' limits too."""
    limit: int = settings.IPOFFICE_MAX_BODY_BYTES
    if request.content_type == "multipart/form-data":
        limit += settings.IPOFFICE_UPLOAD_MAX_FILES * settings.IPOFFICE_UPLOAD_MAX_BYTES
    return limit


class LimitRequestBody:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return refusal(request, 411, _("Send the request with its length (Content-Length)."))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return refusal(request, 400, _("The request's length (Content-Length) is not valid."))
        limit = body_limit(request)
        if length > limit:
            message = _("The request is too large: at most %(size)s.") % {
                "size": filesizeformat(limit)
            }
            return refusal(request, 413, message)
        return self.get_response(request)


class RefuseControlCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = _offending(request)
        if name is None:
            return self.get_response(request)
        message = _("%(name)s contains a control character.") % {"name": name}
        return refusal(request, 400, message, name)


class PermissionsPolicy:
    """The Permissions-Policy header (settings.PERMISSIONS_POLICY) on every answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
