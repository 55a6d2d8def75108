"""The coordination app's enumerations: a leaf module, so that any layer may name their
values."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    """What one office asks of another, or sends to an outside authority."""

    ASSISTANCE = "assistance", _("Request for assistance")
    REFERRAL = "referral", _("Referral to another office")
    TRANSFER = "transfer", _("Transfer to an outside authority")


class AssistanceKind(models.TextChoices):
    """What a request for assistance asks the other office to do."""

    INVESTIGATION = "investigation", _("Investigation")
    EVIDENCE = "evidence", _("Evidence collection")
    SERVICE = "service", _("Service of documents")


class RequestStatus(models.TextChoices):
    SENT = "sent", _("Sent, waiting for acknowledgement")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged, waiting for the answer")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused by the receiver")
    WITHDRAWN = "withdrawn", _("Withdrawn by the requester")


class Direction(models.TextChoices):
    """Which of the caller's requests a list shows."""

    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")


# Kinds sent to another patent office (the receiver acknowledges in the system) and
# to an outside authority (by a signed link or a webhook).
TO_OFFICE = frozenset({RequestKind.ASSISTANCE, RequestKind.REFERRAL})
# The receiver still owes something: the clock runs.
OPEN_STATUSES = (RequestStatus.SENT, RequestStatus.ACKNOWLEDGED)
