"""The API's JSON parser: a NUL or other control character in a value or a key is refused
with 400 naming the field, as the middleware does for query and form parameters (a NUL
cannot be stored in PostgreSQL; other controls hide text from readers). The body's size
was checked before (common.middleware.LimitRequestBody)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

from ipoffice.common.middleware import has_control_character


def _offending(value: Any, name: str) -> str | None:
    if isinstance(value, str):
        return name if has_control_character(value) else None
    if isinstance(value, dict):
        for key, inner in value.items():
            key_name = name or str(key)
            if has_control_character(str(key)):
                return key_name
            found = _offending(inner, key_name)
            if found:
                return found
    if isinstance(value, list):
        for inner in value:
            found = _offending(inner, name)
            if found:
                return found
    return None


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        name = _offending(data, "")
        if name is not None:
            message = _("%(name)s contains a control character.") % {"name": name or "body"}
            raise exceptions.ValidationError({name or "body": [message]})
        return data
