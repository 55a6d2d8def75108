"""The outbox's enumerations: a leaf module."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WEBHOOK = "webhook", _("Webhook")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be delivered")
    DELIVERED = "delivered", _("Delivered")
    DEAD = "dead", _("Undeliverable")
    CANCELLED = "cancelled", _("Cancelled")


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", _("Simplified Chinese")
    EN = "en", _("English")
