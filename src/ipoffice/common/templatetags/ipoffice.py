from __future__ import annotations

from datetime import date

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
