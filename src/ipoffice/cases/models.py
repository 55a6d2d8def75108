"""Patent administrative enforcement cases, their parties, patents, history and files."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipoffice.cases.enums import (
    AttachmentKind,
    CaseSource,
    CaseStatus,
    CaseType,
    ConsultationKind,
    ConsultationStatus,
    DisputeSubtype,
    ExtensionStatus,
    Industry,
    Outcome,
    PartyKind,
    PartyRole,
    Performance,
    SuspensionGround,
    SuspensionStatus,
    TakedownAnswer,
    TakedownStatus,
    TransferAuthority,
)
from ipoffice.common.history import Event
from ipoffice.common.models import AppendOnlyQuerySet
from ipoffice.common.scoping import ScopedQuerySet
from ipoffice.common.workflow import StatusField, WorkflowQuerySet, WorkflowRecord


class CaseQuerySet(WorkflowQuerySet["Case"]):
    office_field: ClassVar[str] = "office"


class Case(WorkflowRecord):
    """Counted in the statistics: change it through the services, which save it with
    ``common.counting.counted_save``."""

    office = models.ForeignKey(
        "offices.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="cases"
    )
    case_number = models.CharField(_("case number"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"))
    # Position in the office's gap-free sequence for the year; empty for legacy numbers.
    sequence = models.PositiveIntegerField(null=True, blank=True)
    case_type = models.CharField(_("case type"), max_length=30, choices=CaseType.choices)
    dispute_subtype = models.CharField(
        _("dispute subtype"), max_length=30, choices=DisputeSubtype.choices, blank=True
    )
    source = models.CharField(_("source"), max_length=20, choices=CaseSource.choices)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("special campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    industry = models.CharField(
        _("industry or area"), max_length=30, choices=Industry.choices, blank=True
    )
    e_commerce = models.BooleanField(_("e-commerce"), default=False)
    foreign_related = models.BooleanField(_("foreign-related"), default=False)
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = StatusField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    filed_on = models.DateField(_("filed on"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    published_on = models.DateField(_("decision published on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    fine_amount = models.DecimalField(
        _("fine (RMB)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    illegal_gains = models.DecimalField(
        _("illegal gains (RMB)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    extension_approved = models.BooleanField(_("extension approved"), default=False)
    # The calendar days the approved extension grants (the request's); empty: the whole
    # extension the time limit provides (cases extended before requests existed).
    extension_days = models.PositiveSmallIntegerField(_("days of extension"), null=True, blank=True)
    # Where a transferred case went: another patent office, or an authority outside them.
    transferred_to = models.ForeignKey(
        "offices.Office",
        verbose_name=_("transferred to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    transferred_authority = models.CharField(
        _("transferred to authority"), max_length=30, choices=TransferAuthority.choices, blank=True
    )
    # Set when the case concludes: concluded_on fell within the time limit to conclude
    # (empty where no limit applies). Counted as "closed within the statutory limit".
    concluded_within_limit = models.BooleanField(
        _("concluded within the time limit"), null=True, blank=True
    )
    # Last day for the step the case waits on (acceptance, conclusion or publication);
    # recomputed by every service that changes the case, so lists can filter on it.
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The officer of the case's office who handles it: set at registration, changed with
    # a reason (services.case_handler_change); the work queue lists cases by handler.
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_handled",
    )
    # The unit that handles the case's mediation: the case's office (empty) or a fast IPR
    # protection center below it (offices.Office.fast_protection); set by start_mediation.
    handling_unit = models.ForeignKey(
        "offices.Office",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Time not counted toward the time limits (suspension, announcement, appraisal): the
    # calendar days of the pauses that have ended, and the start of one still running
    # (the clock is stopped: no due date). Kept by cases/suspension.py from its records.
    paused_days = models.PositiveIntegerField(_("days not counted"), default=0)
    paused_since = models.DateField(_("time limit stopped since"), null=True, blank=True)
    # The start of the suspension in effect (中止); the case takes no transition meanwhile.
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        # Even Django's internal manager refuses a bulk update of the status.
        base_manager_name = "objects"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "case_number"], name="case_number_per_office"
            ),
            models.UniqueConstraint(
                fields=["office", "year", "sequence"], name="case_sequence_per_office_year"
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["accepted_on"]),
            models.Index(fields=["case_type", "accepted_on"]),
            # Lists read newest first: the national list, an office's, and by year and type.
            models.Index(fields=["-filed_on", "-id"], name="case_list_order"),
            models.Index(fields=["office", "-filed_on", "-id"], name="case_list_office"),
            models.Index(
                fields=["year", "case_type", "-filed_on", "-id"], name="case_list_year_type"
            ),
        ]
        permissions = [
            ("handle_case", _("Handle cases: accept, investigate, mediate, conclude, publish")),
            ("approve_decision", _("Approve case decisions")),
            ("approve_extension", _("Approve extensions of case time limits")),
            ("assign_case", _("Assign cases to a handler")),
        ]

    def __str__(self) -> str:
        return self.case_number


class PartyQuerySet(ScopedQuerySet["Party"]):
    office_field: ClassVar[str] = "case__office"


class Party(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    # Unified social credit code (organisation) or resident ID number (individual).
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["role", "id"]

    def __str__(self) -> str:
        return self.name


class CasePatent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="patents")
    application_number = models.CharField(_("application number"), max_length=20, db_index=True)
    patent_type = models.CharField(_("patent type"), max_length=20)

    class Meta:
        verbose_name = _("patent")
        verbose_name_plural = _("patents")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "application_number"], name="patent_once_per_case"
            )
        ]

    def __str__(self) -> str:
        return self.application_number


class CaseNumberCounter(models.Model):
    """Last sequence number given out per office and year; locked while a case is created."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="counter_per_year")]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.year}: {self.last}"


class CaseEventQuerySet(AppendOnlyQuerySet["CaseEvent"]):
    office_field: ClassVar[str] = "case__office"


class CaseEvent(Event):
    """One entry in a case's history: a transition, a step, an edit. Never changed."""

    subject_field = "case"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")

    objects = CaseEventQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.on}"


class AttachmentQuerySet(ScopedQuerySet["Attachment"]):
    office_field: ClassVar[str] = "case__office"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"cases/{instance.case_id}/{instance.sha256[:16]}-{filename}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ExtensionRequestQuerySet(WorkflowQuerySet["ExtensionRequest"]):
    office_field: ClassVar[str] = "case__office"


class ExtensionRequest(WorkflowRecord):
    """An officer's request to extend the time limit to conclude a case; the office head
    approves or refuses it (``workflow.EXTENSION_WORKFLOW``)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="extension_requests"
    )
    status = StatusField(
        _("status"),
        max_length=20,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    days = models.PositiveSmallIntegerField(_("days asked"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_on = models.DateField(_("requested on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    objects = ExtensionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        base_manager_name = "objects"
        ordering = ["requested_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status=ExtensionStatus.PENDING),
                name="one_pending_extension_request_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} +{self.days}"


class ExtensionRequestEventQuerySet(AppendOnlyQuerySet["ExtensionRequestEvent"]):
    office_field: ClassVar[str] = "request__case__office"


class ExtensionRequestEvent(Event):
    """The request's own history (the case's timeline has an entry for each step too)."""

    subject_field = "request"
    request = models.ForeignKey(ExtensionRequest, on_delete=models.PROTECT, related_name="events")

    objects = ExtensionRequestEventQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = _("extension request event")
        verbose_name_plural = _("extension request events")

    def __str__(self) -> str:
        return f"{self.request_id} {self.action} {self.on}"


# -- fast mediation (cases/mediation.py) ----------------------------------------------


class MediationQuerySet(ScopedQuerySet["Mediation"]):
    office_field: ClassVar[str] = "case__office"


class Mediation(models.Model):
    """One mediation of a dispute: begun by the start_mediation transition, its agreement
    recorded by settle, its performance recorded afterwards. Changed only by the services
    (cases/mediation.py), each change in the case's history."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="mediations"
    )
    started_on = models.DateField(_("mediation started on"))
    # Complex: the 3 months of the notice instead of 2 (the rule's extension).
    complex = models.BooleanField(_("complex mediation"), default=False)
    # The case's paused_days when the mediation began: only later pauses move its limit.
    paused_days_before = models.PositiveIntegerField(default=0)
    agreement_on = models.DateField(_("agreement dated"), null=True, blank=True)
    terms = models.TextField(_("terms of the agreement"), blank=True)
    requester_signed_on = models.DateField(_("signed by the requester on"), null=True, blank=True)
    respondent_signed_on = models.DateField(_("signed by the respondent on"), null=True, blank=True)
    performance = models.CharField(
        _("performance"), max_length=20, choices=Performance.choices, blank=True
    )
    performance_on = models.DateField(_("performance recorded on"), null=True, blank=True)
    performance_note = models.TextField(_("note on the performance"), blank=True)

    objects = MediationQuerySet.as_manager()

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.started_on}"


# -- consultation and suspension (cases/suspension.py) ---------------------------------


class SuspensionQuerySet(WorkflowQuerySet["Suspension"]):
    office_field: ClassVar[str] = "case__office"


class Suspension(WorkflowRecord):
    """The handling of a case suspended (中止), or its time otherwise not counted (service
    by announcement), with the ground; resumed by the workflow's ``resume``."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="suspensions"
    )
    status = StatusField(
        _("status"),
        max_length=20,
        choices=SuspensionStatus.choices,
        default=SuspensionStatus.IN_EFFECT,
    )
    ground = models.CharField(_("ground"), max_length=30, choices=SuspensionGround.choices)
    reason = models.TextField(_("reason"))
    suspended_on = models.DateField(_("suspended on"))
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resumed_on = models.DateField(_("resumed on"), null=True, blank=True)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        base_manager_name = "objects"
        ordering = ["suspended_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status=SuspensionStatus.IN_EFFECT),
                name="one_suspension_in_effect_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.suspended_on}"


class SuspensionEventQuerySet(AppendOnlyQuerySet["SuspensionEvent"]):
    office_field: ClassVar[str] = "suspension__case__office"


class SuspensionEvent(Event):
    subject_field = "suspension"
    suspension = models.ForeignKey(Suspension, on_delete=models.PROTECT, related_name="events")

    objects = SuspensionEventQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = _("suspension event")
        verbose_name_plural = _("suspension events")

    def __str__(self) -> str:
        return f"{self.suspension_id} {self.action} {self.on}"


class ConsultationQuerySet(WorkflowQuerySet["Consultation"]):
    office_field: ClassVar[str] = "case__office"


class Consultation(WorkflowRecord):
    """A request for an expert or technical opinion on whether there is infringement
    (侵权判定咨询); the time until the answer is not counted toward the case's limit."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="consultations"
    )
    status = StatusField(
        _("status"),
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.REQUESTED,
    )
    kind = models.CharField(_("kind of opinion"), max_length=30, choices=ConsultationKind.choices)
    experts = models.CharField(_("experts"), max_length=300)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    question = models.TextField(_("question"))
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("opinion"), blank=True)
    answered_on = models.DateField(_("opinion given on"), null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        base_manager_name = "objects"
        ordering = ["requested_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status=ConsultationStatus.REQUESTED),
                name="one_open_consultation_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.requested_on}"


class ConsultationEventQuerySet(AppendOnlyQuerySet["ConsultationEvent"]):
    office_field: ClassVar[str] = "consultation__case__office"


class ConsultationEvent(Event):
    subject_field = "consultation"
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="events")

    objects = ConsultationEventQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = _("consultation event")
        verbose_name_plural = _("consultation events")

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.action} {self.on}"


# -- e-business (cases/ebusiness.py) ---------------------------------------------------


class TakedownNoticeQuerySet(WorkflowQuerySet["TakedownNotice"]):
    office_field: ClassVar[str] = "case__office"


class TakedownNotice(WorkflowRecord):
    """A notice to an e-commerce platform to take down a shop's listings, sent through the
    outbox; the platform's answer is recorded by the officer (``answer``)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="takedown_notices"
    )
    status = StatusField(
        _("status"), max_length=20, choices=TakedownStatus.choices, default=TakedownStatus.SENT
    )
    platform = models.CharField(_("platform"), max_length=100)
    platform_address = models.CharField(_("platform's address for notices"), max_length=300)
    shop_name = models.CharField(_("shop name"), max_length=200)
    # The shop's identifier on the platform; repeat listings are found by it (with the
    # platform), or by the name where the platform gives none.
    shop_id = models.CharField(_("shop ID"), max_length=100, blank=True, db_index=True)
    listing_urls = models.JSONField(_("listing URLs"), default=list)
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(
        _("platform's answer"), max_length=20, choices=TakedownAnswer.choices, blank=True
    )
    answer_note = models.TextField(_("platform's words"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    objects = TakedownNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("takedown notice")
        verbose_name_plural = _("takedown notices")
        base_manager_name = "objects"
        ordering = ["sent_on", "id"]
        indexes = [models.Index(fields=["platform", "shop_id"], name="takedown_shop")]

    def __str__(self) -> str:
        return f"{self.platform} {self.shop_name}"


class TakedownNoticeEventQuerySet(AppendOnlyQuerySet["TakedownNoticeEvent"]):
    office_field: ClassVar[str] = "notice__case__office"


class TakedownNoticeEvent(Event):
    subject_field = "notice"
    notice = models.ForeignKey(TakedownNotice, on_delete=models.PROTECT, related_name="events")

    objects = TakedownNoticeEventQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = _("takedown notice event")
        verbose_name_plural = _("takedown notice events")

    def __str__(self) -> str:
        return f"{self.notice_id} {self.action} {self.on}"
