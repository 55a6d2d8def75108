"""Lists count their rows only up to a cap.

An exact count of a national list reads every matching row (a million cases: ~100 ms on
each page view) although nobody pages through ten thousand rows; past the cap a list says
"more than 10,000" and asks for a filter. Statistics, not lists, give exact totals. See
docs/adr/0017-capped-list-counts.md.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    @cached_property
    def _counted(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        # COUNT over "LIMIT cap + 1": stops reading once the cap is passed.
        return self.object_list[: COUNT_CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, COUNT_CAP)

    @property
    def capped(self) -> bool:
        """True when the list holds more rows than ``count`` says."""
        return self._counted > COUNT_CAP


class CappedPagination(PageNumberPagination):
    """The API's lists: ``count`` stops at 10,000, and ``count_capped`` says when it did."""

    django_paginator_class = CappedPaginator
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        assert self.page is not None
        response.data["count_capped"] = self.page.paginator.capped  # type: ignore[attr-defined]
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        found = super().get_paginated_response_schema(schema)
        found["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"true when the list holds more than {COUNT_CAP:,} rows",
        }
        return found
