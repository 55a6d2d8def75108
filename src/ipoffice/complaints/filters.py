"""The complaint list's query parameters, for /complaints/, its export and
/api/v1/complaints/."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from ipoffice.common.filters import FlagFilter, ListFilterSet, SortFilter
from ipoffice.complaints import selectors
from ipoffice.complaints.enums import Channel, ComplaintKind, ComplaintStatus
from ipoffice.complaints.models import Complaint
from ipoffice.offices.models import code_validator


class ComplaintFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        help_text=_("Tracking number, subject, respondent or patent number."),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ComplaintKind.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ComplaintStatus.choices)
    center = django_filters.CharFilter(
        label=_("Center"),
        help_text=_("A unit code: the complaints of that unit and of the units below it."),
        validators=[code_validator],
    )
    overdue = FlagFilter(
        label=_("Overdue only"), help_text=_("1: only open complaints past their due date.")
    )
    escalated = FlagFilter(
        label=_("Escalated"), help_text=_("1: only open complaints escalated to the unit above.")
    )
    sort = SortFilter(
        fields=(
            ("tracking_number", "tracking_number"),
            ("subject", "subject"),
            ("center__path", "center"),
            ("status", "status"),
            ("received_on", "received_on"),
            ("due_on", "due_on"),
        ),
        field_labels={
            "tracking_number": _("Tracking number"),
            "subject": _("Subject"),
            "center__path": _("Center"),
            "status": _("Status"),
            "received_on": _("Received"),
            "due_on": _("Due"),
        },
    )

    class Meta:
        model = Complaint
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        return selectors.complaints_filtered(queryset, selectors.ComplaintFilters(**given))
