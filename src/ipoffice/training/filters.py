"""The training list's query parameters, for /training/ and /api/v1/trainings/."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from ipoffice.common.filters import IntegerFilter, ListFilterSet
from ipoffice.training.models import Training


class TrainingFilter(ListFilterSet):
    year = IntegerFilter(
        label=_("Year"), help_text=_("The year the training began."), min_value=1985,
        max_value=2100,
    )  # fmt: skip

    class Meta:
        model = Training
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        if given.get("year"):
            queryset = queryset.filter(starts_on__year=given["year"])
        return queryset
