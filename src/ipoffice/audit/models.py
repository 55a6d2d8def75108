"""Append-only audit trail: who changed what, when, from what to what, and why."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipoffice.common.history import CHAIN_FIELDS, Event
from ipoffice.common.models import AppendOnlyQuerySet


class AuditEntryQuerySet(AppendOnlyQuerySet["AuditEntry"]):
    """Audit entries, scoped to the office they concern and never edited."""


class AuditEntry(Event):
    """A change to anything without a history table of its own (offices, people); one
    hash chain per audited object."""

    chain_fields = (*CHAIN_FIELDS, "office")
    chain_key = ("target_type", "target_id")

    # The office whose subtree may read this entry.
    office = models.ForeignKey(
        "offices.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type_id}:{self.target_id}"
