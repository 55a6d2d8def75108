"""The unread count in every page's header: one query, made only if the page shows it."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from ipoffice.notifications.selectors import notifications_unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:  # a template calls it; cached for the rest of the page
        return notifications_unread_count(user=user)

    return {"notifications_unread": count}
