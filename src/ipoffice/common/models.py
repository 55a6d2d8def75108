"""Append-only records: history and audit entries are written once and never changed."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from ipoffice.common.scoping import ScopedQuerySet

M = TypeVar("M", bound=models.Model)


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or delete history."""


class AppendOnlyQuerySet(ScopedQuerySet[M]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("history is never edited")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("history is never deleted")


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("history is never edited")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("history is never deleted")
