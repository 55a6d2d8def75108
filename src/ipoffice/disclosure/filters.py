"""The public decisions page's query parameters."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from ipoffice.cases.models import Case
from ipoffice.common.filters import IntegerFilter, ListFilterSet
from ipoffice.disclosure import selectors
from ipoffice.offices.models import code_validator


class DecisionFilter(ListFilterSet):
    office = django_filters.CharFilter(
        label=_("Office"),
        help_text=_("An office code: the decisions of that office and of the offices below it."),
        validators=[code_validator],
    )
    year = IntegerFilter(
        label=_("Year"), help_text=_("The year of the decision."), min_value=1985, max_value=2100
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        return selectors.decisions_filtered(queryset, **given)
