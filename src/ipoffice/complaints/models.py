"""12330 complaints and requests for assistance, from the public and from platforms."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipoffice.common.history import Event
from ipoffice.common.models import AppendOnlyQuerySet
from ipoffice.common.scoping import ScopedQuerySet
from ipoffice.common.workflow import StatusField, WorkflowQuerySet, WorkflowRecord
from ipoffice.complaints.enums import (
    OPEN_COMPLAINT_STATUSES,
    Authority,
    Channel,
    ComplaintKind,
    ComplaintStatus,
    MessageLanguage,
    Satisfaction,
)


class ComplaintQuerySet(WorkflowQuerySet["Complaint"]):
    office_field: ClassVar[str] = "center"


class Complaint(WorkflowRecord):
    """Counted in the statistics: change it through the services, which save it with
    ``common.counting.counted_save``."""

    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True)
    # Salted hash of the secret verification code; the code itself is shown once.
    code_hash = models.CharField(max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=ComplaintKind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # The unit responsible now (an assistance center or work station); scoping follows it.
    center = models.ForeignKey(
        "offices.Office",
        verbose_name=_("center"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    routing_note = models.CharField(_("routing"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    province_code = models.CharField(_("province"), max_length=6)
    city_code = models.CharField(_("city"), max_length=6, blank=True)
    respondent_name = models.CharField(_("respondent"), max_length=200, blank=True)
    respondent_code = models.CharField(_("respondent's code"), max_length=18, blank=True)
    listing_urls = models.JSONField(_("online listings"), default=list, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    platform = models.ForeignKey(
        "complaints.Platform",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    status = StatusField(
        _("status"),
        max_length=20,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    complex_matter = models.BooleanField(_("complex matter (120 days)"), default=False)
    received_on = models.DateField(_("received on"))
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    receipt_on = models.DateField(_("receipt from the office on"), null=True, blank=True)
    result_on = models.DateField(_("result on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    transferred_to = models.ForeignKey(
        "offices.Office",
        verbose_name=_("transferred to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_received",
    )
    authority = models.CharField(
        _("other authority"), max_length=30, choices=Authority.choices, blank=True
    )
    authority_name = models.CharField(_("recipient"), max_length=200, blank=True)
    result = models.TextField(_("result"), blank=True)
    reply = models.TextField(_("reply to the complainant"), blank=True)
    rating = models.PositiveSmallIntegerField(_("satisfaction (1-5)"), null=True, blank=True)
    # The complainant told the result: the day the result message was enqueued (or, told by
    # other means, the day the agent records); due 5 working days after the result.
    notified_on = models.DateField(_("complainant told on"), null=True, blank=True)
    notify_due_on = models.DateField(_("telling the complainant due"), null=True, blank=True)
    # The one-click answer to the satisfaction request (complaints.notifications).
    satisfaction = models.CharField(
        _("complainant's answer"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    satisfaction_on = models.DateField(_("answered on"), null=True, blank=True)
    # "Not resolved" reopens it: how often, and the last time (the next step's clock).
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    reopened_on = models.DateField(_("reopened on"), null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("enforcement case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    escalated = models.BooleanField(_("escalated"), default=False)
    # The agent who handles it: the one who recorded or first reviewed it, or one chosen
    # (services.complaint_handler_change); the work queue lists complaints by handler.
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_handled",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    # Review and transfer are both due 5 working days after receipt; fixed at receipt so
    # "handled on time" can be counted later without the calendar.
    review_due_on = models.DateField(_("review and transfer due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        # Even Django's internal manager refuses a bulk update of the status.
        base_manager_name = "objects"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["center", "status"]),
            models.Index(fields=["received_on"]),
            models.Index(fields=["respondent_name"]),
            models.Index(fields=["-received_on", "-id"], name="complaint_list_order"),
            models.Index(fields=["center", "-received_on", "-id"], name="complaint_list_center"),
        ]
        permissions = [
            ("handle_complaint", _("Handle complaints: review, transfer, reply, merge")),
            ("convert_complaint", _("Turn complaints into enforcement cases")),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMPLAINT_STATUSES


class Complainant(models.Model):
    """Who filed it: kept apart from the complaint, shown only to its handlers."""

    complaint = models.OneToOneField(
        Complaint, on_delete=models.CASCADE, related_name="complainant"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # How the complainant wants to hear from us, and in which language.
    language = models.CharField(
        _("language of our messages"),
        max_length=10,
        choices=MessageLanguage.choices,
        default=MessageLanguage.ZH_HANS,
    )
    notify_sms = models.BooleanField(_("tell by SMS"), default=False)
    notify_email = models.BooleanField(_("tell by e-mail"), default=False)

    class Meta:
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")

    def __str__(self) -> str:
        return self.name


class ComplaintPatent(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="patents")
    application_number = models.CharField(_("application number"), max_length=20, db_index=True)
    patent_type = models.CharField(_("patent type"), max_length=20)

    class Meta:
        verbose_name = _("patent")
        verbose_name_plural = _("patents")

    def __str__(self) -> str:
        return self.application_number


class ComplaintEventQuerySet(AppendOnlyQuerySet["ComplaintEvent"]):
    office_field: ClassVar[str] = "complaint__center"


class ComplaintEvent(Event):
    """One entry in a complaint's history; public entries show on the tracking page."""

    subject_field = "complaint"
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")

    objects = ComplaintEventQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action}"


class ComplaintAttachmentQuerySet(ScopedQuerySet["ComplaintAttachment"]):
    office_field: ClassVar[str] = "complaint__center"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="complaints/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ComplaintAttachmentQuerySet.as_manager()

    def __str__(self) -> str:
        return self.original_name


class Platform(models.Model):
    """An e-commerce platform that submits takedown requests through the API."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("e-commerce platform")
        verbose_name_plural = _("e-commerce platforms")

    def __str__(self) -> str:
        return self.name
