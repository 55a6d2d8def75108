"""The outbox page's query parameters, for /outbox/."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from ipoffice.common.filters import ListFilterSet
from ipoffice.outbox.enums import Channel, MessageStatus
from ipoffice.outbox.models import OutboxMessage


class OutboxFilter(ListFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MessageStatus.choices, empty_label=_("all")
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=Channel.choices, empty_label=_("all")
    )

    class Meta:
        model = OutboxMessage
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        return queryset.filter(**given)
