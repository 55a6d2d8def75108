"""The request list's query parameters, for /coordination/ and /api/v1/coordination/."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipoffice.common.filters import FlagFilter, IntegerFilter, ListFilterSet, SortFilter
from ipoffice.coordination import selectors
from ipoffice.coordination.enums import Direction, RequestKind, RequestStatus
from ipoffice.coordination.models import CoordinationRequest
from ipoffice.offices.models import code_validator


class RequestFilter(ListFilterSet):
    direction = django_filters.ChoiceFilter(
        label=_("Direction"),
        choices=Direction.choices,
        help_text=_("incoming: received by your office's subtree; outgoing: sent by it."),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=RequestKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RequestStatus.choices)
    overdue = FlagFilter(
        label=_("Overdue only"),
        help_text=_("1: only requests past their acknowledgement or answer date."),
    )
    office = django_filters.CharFilter(
        label=_("Office"),
        help_text=_("An office code: requests sent or received by that office or those below it."),
        validators=[code_validator],
    )
    case = IntegerFilter(
        label=_("Case"), help_text=_("The case's number in the system (id)."), min_value=1
    )
    q = django_filters.CharFilter(label=_("Search"), help_text=_("Subject or case number."))
    sort = SortFilter(
        fields=(("sent_on", "sent_on"), ("due_on", "due_on"), ("status", "status")),
        field_labels={"sent_on": _("Sent"), "due_on": _("Due"), "status": _("Status")},
    )

    class Meta:
        model = CoordinationRequest
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        user = getattr(self.request, "user", None)
        return selectors.requests_filtered(
            queryset, selectors.RequestFilters(**given), user=user, today=timezone.localdate()
        )
