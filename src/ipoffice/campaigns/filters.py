"""The campaign list's query parameters, for /campaigns/ and /api/v1/campaigns/."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from ipoffice.campaigns.models import Campaign
from ipoffice.common.filters import IntegerFilter, ListFilterSet


class CampaignFilter(ListFilterSet):
    year = IntegerFilter(label=_("Year"), min_value=1985, max_value=2100)

    class Meta:
        model = Campaign
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        if given.get("year"):
            queryset = queryset.filter(year=given["year"])
        return queryset
