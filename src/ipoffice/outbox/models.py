"""Stand-in (see the package): one row per message to send."""

from __future__ import annotations

from django.db import models


class OutboxMessage(models.Model):
    channel = models.CharField(max_length=10)
    recipient = models.CharField(max_length=500)
    subject = models.CharField(max_length=500, blank=True)
    body = models.TextField(blank=True)
    payload = models.JSONField(null=True, blank=True)
    language = models.CharField(max_length=10)
    idempotency_key = models.CharField(max_length=200, unique=True)
    about_model = models.CharField(max_length=100, blank=True)
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    personal = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
