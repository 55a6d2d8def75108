"""The office directory's query parameters, for /offices/ and /api/v1/offices/."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from ipoffice.common.filters import ListFilterSet
from ipoffice.offices import selectors
from ipoffice.offices.models import Office, OfficeLevel, code_validator


class OfficeFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), help_text=_("The start of the code, or a part of either name.")
    )
    level = django_filters.ChoiceFilter(label=_("Level"), choices=OfficeLevel.choices)
    parent_code = django_filters.CharFilter(
        label=_("Parent office"),
        help_text=_("The code of the office directly above."),
        validators=[code_validator],
    )

    class Meta:
        model = Office
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        return selectors.offices_filtered(queryset, **given)
