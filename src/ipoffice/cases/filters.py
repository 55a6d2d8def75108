"""The case list's query parameters, for /cases/, its export and /api/v1/cases/."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from ipoffice.cases import selectors
from ipoffice.cases.enums import CaseStatus, CaseType
from ipoffice.cases.models import Case
from ipoffice.common.filters import FlagFilter, IntegerFilter, ListFilterSet, SortFilter
from ipoffice.offices.models import code_validator


class CaseFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), help_text=_("Case number, title, party name or patent number.")
    )
    case_type = django_filters.ChoiceFilter(label=_("Type"), choices=CaseType.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices)
    overdue = FlagFilter(label=_("Overdue only"), help_text=_("1: only cases past their due date."))
    office = django_filters.CharFilter(
        label=_("Office"),
        help_text=_("An office code: the cases of that office and of the offices below it."),
        validators=[code_validator],
    )
    year = IntegerFilter(
        label=_("Year"),
        help_text=_("The year the case was filed, as in its number."),
        min_value=1985,
        max_value=2100,
    )
    campaign = django_filters.CharFilter(label=_("Campaign"))
    sort = SortFilter(
        fields=(
            ("case_number", "case_number"),
            ("title", "title"),
            ("office__path", "office"),
            ("status", "status"),
            ("filed_on", "filed_on"),
            ("due_on", "due_on"),
        ),
        field_labels={
            "case_number": _("Case number"),
            "title": _("Title"),
            "office__path": _("Office"),
            "status": _("Status"),
            "filed_on": _("Filed"),
            "due_on": _("Due"),
        },
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        return selectors.cases_filtered(queryset, selectors.CaseFilters(**given))
