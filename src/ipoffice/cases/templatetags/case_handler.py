"""The handler panel of a case page (templates/cases/_handler.html) finds its own choices,
so the page's view needs nothing for it."""

from __future__ import annotations

from typing import Any

from django import template

from ipoffice.cases import selectors
from ipoffice.cases.workflow import acts_for

register = template.Library()


@register.simple_tag(takes_context=True)
def case_handler_choices(context: Any, case: Any) -> list[Any]:
    """The officers the reader may give the case to; empty when they may not."""
    user = context.get("user")
    if user is None or not acts_for(user, case.office_id, "cases.assign_case"):
        return []
    return list(selectors.handler_candidates(user=user, case=case))
