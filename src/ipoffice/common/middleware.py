"""Requests carrying control characters are refused before any view runs.

A NUL byte cannot be stored in a PostgreSQL text column and is never meaningful in a
parameter; other control characters (tab, line feed and carriage return excepted in
submitted text) hide text from the people who read it. The answer is 400 naming the
parameter, as JSON under /api/ (the API's one error shape) and as a plain page elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

# C0 controls and DEL; in submitted text, tab, line feed and carriage return are allowed.
_IN_QUERY = re.compile(r"[\x00-\x1f\x7f]")
_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _offending(request: HttpRequest) -> str | None:
    if _IN_QUERY.search(request.path):
        return "path"
    for name, values in request.GET.lists():
        if _IN_QUERY.search(name) or any(_IN_QUERY.search(v) for v in values):
            return name
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for name, values in request.POST.lists():
            if _IN_TEXT.search(name) or any(_IN_TEXT.search(v) for v in values):
                return name
    return None


class RefuseControlCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = _offending(request)
        if name is None:
            return self.get_response(request)
        message = _("%(name)s contains a control character.") % {"name": name}
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": message, "field": name, "errors": {name: [message]}}, status=400
            )
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
