"""The ledger of anonymisations: what record, which fields, when, under which rule.

It names the fields, never their values; like history it is never changed or deleted."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ipoffice.common.history import append_only
from ipoffice.common.models import AppendOnlyModel, AppendOnlyQuerySet


class AnonymisationQuerySet(AppendOnlyQuerySet["Anonymisation"]):
    """Read by the command and the admin only: scoped through no office."""


class Anonymisation(AppendOnlyModel):
    at = models.DateTimeField(_("anonymised at"), auto_now_add=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    # The record as people know it (case number, tracking number): no personal data.
    record = models.CharField(pgettext_lazy("anonymisation", "record"), max_length=60)
    # The fields blanked, by name: ["complainant.phone", "party.id_number", ...].
    fields = models.JSONField(pgettext_lazy("anonymisation", "fields"), default=list)
    rule = models.CharField(pgettext_lazy("anonymisation", "rule"), max_length=30)
    retention_days = models.PositiveIntegerField(_("retention (days)"))
    # The day the retention period started (the record finished, or its last activity).
    since = models.DateField(_("retained since"))

    objects = AnonymisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        triggers = [append_only()]

    def __str__(self) -> str:
        return f"{self.record} {self.rule} {self.at:%Y-%m-%d}"
