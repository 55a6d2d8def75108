"""The saved-filters bar of a list page (templates/saved_filters.html)."""

from __future__ import annotations

from typing import Any

from django import template

from ipoffice.accounts import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def saved_filters_of(context: Any, list_name: str) -> list[Any]:
    return list(selectors.saved_filters(user=context.get("user"), list_name=list_name))
