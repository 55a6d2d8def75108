from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from ipoffice.common.identifiers import mask_name

register = template.Library()


@register.filter
def days_from(day: date | None, today: date) -> int | None:
    """Calendar days from ``today`` to ``day`` (negative once it has passed)."""
    return None if day is None else (day - today).days


@register.filter
def absolute(number: int) -> int:
    return abs(number)


@register.filter
def masked_name(name: str) -> str:
    return mask_name(name)


@register.inclusion_tag("sort_header.html", takes_context=True)
def sort_header(context: Any, column: str, label: str) -> dict[str, Any]:
    """A list's column header that sorts by ``column``; a second click reverses it."""
    request = context["request"]
    params = request.GET.copy()
    current = params.get("sort", "")
    params["sort"] = f"-{column}" if current == column else column
    params.pop("page", None)
    direction = (
        "ascending" if current == column else "descending" if current == f"-{column}" else ""
    )
    return {"href": "?" + params.urlencode(), "label": label, "direction": direction}
