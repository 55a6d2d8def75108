"""Helpers for thin HTML views."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.http import HttpRequest

from ipoffice.common.pagination import CappedPaginator


def paginate(request: HttpRequest, queryset: Any, per_page: int = 50) -> Page[Any]:
    return CappedPaginator(queryset, per_page).get_page(request.GET.get("page"))
