"""The handler panel of a complaint page (templates/complaints/_handler.html) finds its
own choices, so the page's view needs nothing for it."""

from __future__ import annotations

from typing import Any

from django import template

from ipoffice.complaints import selectors
from ipoffice.complaints.workflow import HANDLE, can_handle

register = template.Library()


@register.simple_tag(takes_context=True)
def complaint_handler_choices(context: Any, complaint: Any) -> list[Any]:
    """The agents the reader may give the complaint to; empty when they may not."""
    user = context.get("user")
    if user is None or not can_handle(user, complaint, HANDLE):
        return []
    return list(selectors.handler_candidates(user=user, complaint=complaint))
