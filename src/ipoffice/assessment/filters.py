"""The query parameters of the assessment's lists in the API (schemes, rounds,
assessments)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from ipoffice.assessment.enums import AssessedLevel, AssessmentStatus, RoundStatus, SchemeStatus
from ipoffice.assessment.models import Assessment, Round, Scheme
from ipoffice.common.filters import IntegerFilter, ListFilterSet
from ipoffice.offices.models import code_validator


class SchemeFilter(ListFilterSet):
    year = IntegerFilter(label=_("Year"), min_value=1985, max_value=2100)
    level = django_filters.ChoiceFilter(label=_("Level assessed"), choices=AssessedLevel.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SchemeStatus.choices)

    class Meta:
        model = Scheme
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        return queryset.filter(**given)


class RoundFilter(ListFilterSet):
    year = IntegerFilter(label=_("Year"), min_value=1985, max_value=2100)
    level = django_filters.ChoiceFilter(label=_("Level assessed"), choices=AssessedLevel.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RoundStatus.choices)

    class Meta:
        model = Round
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        return queryset.filter(**given)


class AssessmentFilter(ListFilterSet):
    round = IntegerFilter(label=_("Round"), min_value=1, help_text=_("The round's id."))
    year = IntegerFilter(label=_("Year"), min_value=1985, max_value=2100)
    level = django_filters.ChoiceFilter(label=_("Level assessed"), choices=AssessedLevel.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AssessmentStatus.choices)
    office = django_filters.CharFilter(
        label=_("Office"), help_text=_("An office code."), validators=[code_validator]
    )

    class Meta:
        model = Assessment
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        lookups = {"round": "round_id", "year": "round__year", "level": "round__level",
                   "status": "status", "office": "office__code"}  # fmt: skip
        return queryset.filter(**{lookups[name]: value for name, value in given.items()})
