"""Coordination between offices and with outside authorities: requests for assistance,
referrals and transfers (``CoordinationRequest``, its own workflow and history), and each
office's register of the outside authorities it works with (``Authority``)."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipoffice.cases.enums import TransferAuthority
from ipoffice.common.history import Event
from ipoffice.common.models import AppendOnlyQuerySet
from ipoffice.common.scoping import ScopedQuerySet, user_office
from ipoffice.common.workflow import StatusField, WorkflowQuerySet, WorkflowRecord
from ipoffice.coordination.enums import AssistanceKind, RequestKind, RequestStatus


class AuthorityQuerySet(ScopedQuerySet["Authority"]):
    office_field: ClassVar[str] = "office"


class Authority(models.Model):
    """An outside authority an office sends transfers to: its own register, kept by its
    administrators (market regulation of the city, the customs house, the police)."""

    office = models.ForeignKey(
        "offices.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=TransferAuthority.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    webhook_url = models.URLField(
        _("webhook address"),
        blank=True,
        help_text=_("Where the system posts a transfer as JSON, if the authority takes them."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        verbose_name = _("outside authority")
        verbose_name_plural = _("outside authorities")
        ordering = ["office__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="authority_name_per_office")
        ]

    def __str__(self) -> str:
        return self.name


def request_visible(office: Any) -> Q:
    """The requests an office's subtree sees: those it sent and those it received."""
    return Q(requesting_office__path__startswith=office.path) | Q(
        receiving_office__path__startswith=office.path
    )


class CoordinationRequestQuerySet(WorkflowQuerySet["CoordinationRequest"]):
    # Counted for the requesting office; the receiving office sees it too (visible_to).
    office_field: ClassVar[str] = "requesting_office"

    def visible_to(self, user: Any) -> Self:
        """The requesting office's subtree and the receiving office's subtree; nobody else."""
        office = user_office(user)
        if office is None:
            return self.none()
        return self.filter(request_visible(office))

    def received_by(self, office: Any) -> Self:
        return self.filter(receiving_office__path__startswith=office.path)

    def sent_by(self, office: Any) -> Self:
        return self.filter(requesting_office__path__startswith=office.path)


class CoordinationRequest(WorkflowRecord):
    """A request for assistance or a referral to another office, or a transfer to an
    outside authority, about one case of the requesting office (``workflow.py``).

    Counted in the statistics: changed only through the services (``counted_save``)."""

    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    assistance = models.CharField(
        _("assistance asked"), max_length=20, choices=AssistanceKind.choices, blank=True
    )
    requesting_office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("requesting office"),
        on_delete=models.PROTECT,
        related_name="coordination_sent",
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    receiving_office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("receiving office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordination_received",
    )
    authority = models.ForeignKey(
        Authority,
        verbose_name=_("outside authority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    subject = models.CharField(_("subject"), max_length=200)
    details = models.TextField(_("what is asked"))
    status = StatusField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.SENT
    )
    sent_on = models.DateField(_("sent on"))
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    closed_on = models.DateField(_("refused or withdrawn on"), null=True, blank=True)
    acknowledge_due_on = models.DateField(_("acknowledgement due on"), null=True, blank=True)
    answer_due_on = models.DateField(_("answer due on"), null=True, blank=True)
    # The last day of what the receiver owes now (acknowledgement, then answer); empty
    # once answered, refused or withdrawn. Lists filter overdue requests on it.
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    # The due date the last reminder was sent for: the reminder job sends one per date.
    reminded_for = models.DateField(_("reminded for"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    # Set when answered: answered_on fell within the time limit to answer.
    answered_in_time = models.BooleanField(_("answered in time"), null=True, blank=True)
    # Counting rules (docs/counting-rules.md#coordination): set when sent.
    cross_region = models.BooleanField(_("to another province"), default=False)
    first_cross_region = models.BooleanField(
        _("the case's first request to another province"), default=False
    )
    acknowledged_by_name = models.CharField(
        _("acknowledged by"),
        max_length=200,
        blank=True,
        help_text=_("The person at the outside authority who acknowledged or answered."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CoordinationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("coordination request")
        verbose_name_plural = _("coordination requests")
        base_manager_name = "objects"
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(receiving_office__isnull=False) & Q(authority__isnull=True))
                | (Q(receiving_office__isnull=True) & Q(authority__isnull=False)),
                name="coordination_one_receiver",
            )
        ]
        permissions = [
            ("send_request", _("Send requests for assistance, referrals and transfers")),
            ("answer_request", _("Acknowledge and answer requests from other offices")),
        ]

    def __str__(self) -> str:
        return f"{self.subject}"

    @property
    def receiver_name(self) -> str:
        if self.receiving_office_id:
            return self.receiving_office.name  # type: ignore[union-attr]
        return self.authority.name if self.authority else ""


class CoordinationEventQuerySet(AppendOnlyQuerySet["CoordinationEvent"]):
    office_field: ClassVar[str] = "request__requesting_office"


class CoordinationEvent(Event):
    """One entry of a request's history. Never changed."""

    subject_field = "request"
    request = models.ForeignKey(
        CoordinationRequest, on_delete=models.PROTECT, related_name="events"
    )

    objects = CoordinationEventQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = _("coordination request event")
        verbose_name_plural = _("coordination request events")

    def __str__(self) -> str:
        return f"{self.request_id} {self.action} {self.on}"
