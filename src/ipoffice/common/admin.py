"""Admin pages go through the same office scoping as every other view."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ScopedAdmin(admin.ModelAdmin[Any]):
    def get_queryset(self, request: HttpRequest) -> Any:
        qs: Any = super().get_queryset(request)
        return qs.visible_to(request.user)
