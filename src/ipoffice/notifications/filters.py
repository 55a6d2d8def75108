"""The notification list's query parameters."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from ipoffice.common.filters import FlagFilter, ListFilterSet
from ipoffice.notifications import selectors
from ipoffice.notifications.enums import NotificationKind
from ipoffice.notifications.models import Notification


class NotificationFilter(ListFilterSet):
    unread = FlagFilter(label=_("Unread only"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=NotificationKind.choices, empty_label=_("all")
    )

    class Meta:
        model = Notification
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        return selectors.notifications_filtered(queryset, **given)
