"""The audit trail's query parameters, for /audit/."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from ipoffice.audit import selectors
from ipoffice.audit.models import AuditEntry
from ipoffice.common.filters import ListFilterSet, SortFilter


class AuditFilter(ListFilterSet):
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=list(selectors.ACTIONS.items()), empty_label=_("all")
    )
    subject = django_filters.ChoiceFilter(
        label=_("Concerning"),
        choices=[(k, v) for k, (_m, v) in selectors.SUBJECTS.items()],
        empty_label=_("all"),
    )
    actor = django_filters.CharFilter(label=_("By"), help_text=_("Part of a user name or name."))
    since = django_filters.DateFilter(label=_("From"))
    until = django_filters.DateFilter(label=_("Until"))
    sort = SortFilter(
        fields=(("at", "at"), ("action", "action"), ("office__path", "office")),
        field_labels={"at": _("Recorded"), "action": _("Action"), "office__path": _("Office")},
        empty_label=_("newest first"),
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        return selectors.audit_filtered(queryset, **given)
