"""Points as the assessment pages write them: 7.8, 30, 1,420 (no trailing zeros)."""

from __future__ import annotations

from typing import Any

from django import template

from ipoffice.assessment.explain import number

register = template.Library()


@register.filter
def points(value: Any) -> str:
    return number(value)
