"""The transactional outbox: everything that leaves the system, as rows written in the
transaction of the change that causes them, then delivered by workers (``delivery.py``).

A message is a workflow record (``workflow.MESSAGE_WORKFLOW``): pending until delivered,
retried with backoff, dead after the last attempt (administrators requeue or cancel it).
Its idempotency key is unique: enqueuing the same key twice returns the first row, and
the key travels with every delivery attempt (Message-ID, ``Idempotency-Key``) so that a
receiver recognises a repeated attempt as the same message.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipoffice.common.history import Event
from ipoffice.common.models import AppendOnlyQuerySet
from ipoffice.common.scoping import user_office
from ipoffice.common.workflow import StatusField, WorkflowQuerySet, WorkflowRecord
from ipoffice.outbox.enums import Channel, Language, MessageStatus

RECIPIENT_MAX_LENGTH = 320  # an e-mail address (RFC 3696), a phone number or a URL
KEY_MAX_LENGTH = 200


class OutboxMessageQuerySet(WorkflowQuerySet["OutboxMessage"]):
    office_field: ClassVar[str] = "office"

    def visible_to(self, user: Any) -> Self:
        """The office's subtree; messages of no office (alerts to the administrators)
        only at the national office."""
        office = user_office(user)
        if office is None:
            return self.none()
        if office.parent_id is None:
            return self.filter(Q(office__path__startswith=office.path) | Q(office__isnull=True))
        return self.in_subtree(office)


class OutboxMessage(WorkflowRecord):
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=RECIPIENT_MAX_LENGTH)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ZH_HANS
    )
    template = models.CharField(_("template"), max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    payload = models.JSONField(_("data"), null=True, blank=True, encoder=DjangoJSONEncoder)
    idempotency_key = models.CharField(_("idempotency key"), max_length=KEY_MAX_LENGTH, unique=True)
    # Whose office's administrators see the row; empty: the national office's only.
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Personal data (a complainant's phone or e-mail): masked in the admin, anonymised
    # with the complaint (privacy).
    personal = models.BooleanField(_("personal data"), default=True)
    about_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    status = StatusField(
        _("status"), max_length=20, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # A worker that claimed the message holds it until then; after a crash the lease
    # runs out and another worker tries again (with the same idempotency key).
    leased_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=40, blank=True, editable=False)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        base_manager_name = "objects"
        ordering = ["-created_at", "-id"]
        indexes = [
            # What the workers read: due pending messages, oldest first.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status=MessageStatus.PENDING),
                name="outbox_due",
            ),
            models.Index(fields=["about_type", "about_id"], name="outbox_about"),
        ]
        permissions = [("manage_message", _("Requeue or cancel undeliverable messages"))]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.template or self.subject}"


class OutboxEventQuerySet(AppendOnlyQuerySet["OutboxEvent"]):
    office_field: ClassVar[str] = "message__office"


class OutboxEvent(Event):
    """Each attempt, delivery, dead letter, requeue and cancellation of a message."""

    subject_field = "message"
    message = models.ForeignKey(OutboxMessage, on_delete=models.PROTECT, related_name="events")

    objects = OutboxEventQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = _("outgoing message event")
        verbose_name_plural = _("outgoing message events")

    def __str__(self) -> str:
        return f"{self.message_id} {self.action}"


class MessageTemplate(models.Model):
    """A message's text in one language, editable by administrators; created from the
    sending app's ``TemplateSpec`` after migrate (an edited text is never overwritten)."""

    key = models.CharField(_("template"), max_length=100)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    edited = models.BooleanField(_("edited by an administrator"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["key", "language"]
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="template_key_language")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.language})"


class JobRun(models.Model):
    """One run of a periodic job (common/jobs.py): what the administrators look at."""

    name = models.CharField(_("job"), max_length=100, db_index=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), null=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M}"
