from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from ipoffice.common.declared import DeclaredSerializer
from ipoffice.common.identifiers import mask_contact, mask_name
from ipoffice.common.inputs import NOTE_MAX_LENGTH
from ipoffice.complaints import selectors
from ipoffice.complaints.enums import Authority, Channel, ComplaintStatus
from ipoffice.complaints.inputs import COMPLAINT_INPUT
from ipoffice.complaints.intake import clean_complaint
from ipoffice.complaints.models import Complaint, ComplaintEvent
from ipoffice.complaints.workflow import PUBLIC_STATUS, TRANSITIONS
from ipoffice.offices.models import Office


class SubmitSerializer(DeclaredSerializer):
    """What anyone may file; each field is refused as on the page, and the service checks
    the rules across fields and names each bad field."""

    declared = COMPLAINT_INPUT.fields
    optional = {"kind": "required, except for platforms (takedown request)"}
    files = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=settings.IPOFFICE_UPLOAD_MAX_FILES
    )

    def check(self, data: dict[str, Any]) -> object:
        return clean_complaint(data)


class AgentSubmitSerializer(SubmitSerializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    received_on = serializers.DateField(required=False)


class ReceiptSerializer(serializers.Serializer[Any]):
    tracking_number = serializers.CharField()
    verification_code = serializers.CharField()
    status = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)


class PublicEventSerializer(serializers.ModelSerializer[ComplaintEvent]):
    action = serializers.SerializerMethodField()

    class Meta:
        model = ComplaintEvent
        fields = ["on", "action", "note"]

    note = serializers.SerializerMethodField()

    def get_action(self, event: ComplaintEvent) -> str:
        return str(action_label(event.action))

    def get_note(self, event: ComplaintEvent) -> str:
        return "" if event.action == "submit" else event.reason  # the routing note is internal


class PublicStatusSerializer(serializers.Serializer[Any]):
    tracking_number = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    status_text = serializers.CharField()
    received_on = serializers.DateField()
    reply = serializers.CharField()
    rating = serializers.IntegerField(allow_null=True)
    history = PublicEventSerializer(many=True)


class RatingSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=20)
    rating = serializers.IntegerField(min_value=1, max_value=5)


class ComplaintSerializer(serializers.ModelSerializer[Complaint]):
    center = serializers.SlugRelatedField[Office](slug_field="code", read_only=True)
    # Who handles it (user name); changed on the complaint's page, with a reason.
    handler = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    complainant = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "tracking_number",
            "kind",
            "channel",
            "center",
            "status",
            "subject",
            "province_code",
            "city_code",
            "respondent_name",
            "received_on",
            "due_on",
            "overdue",
            "escalated",
            "handler",
            "complainant",
            "rating",
        ]
        read_only_fields = fields

    def get_overdue(self, complaint: Complaint) -> bool:
        from django.utils import timezone

        return selectors.complaint_is_overdue(complaint, timezone.localdate())

    def get_complainant(self, complaint: Complaint) -> dict[str, str]:
        person = getattr(complaint, "complainant", None)
        if person is None or complaint.anonymous:
            return {"name": "", "phone": "", "email": ""}
        if selectors.can_see_personal_data(self.context["request"].user, complaint):
            return {"name": person.name, "phone": person.phone, "email": person.email}
        return {
            "name": mask_name(person.name),
            "phone": mask_contact(person.phone),
            "email": mask_contact(person.email) if person.email else "",
        }


class ComplaintDetailSerializer(ComplaintSerializer):
    patents = serializers.SerializerMethodField()
    case = serializers.SlugRelatedField[Any](slug_field="case_number", read_only=True)
    merged_into = serializers.SlugRelatedField[Any](slug_field="tracking_number", read_only=True)
    transferred_to = serializers.SlugRelatedField[Office](slug_field="code", read_only=True)

    class Meta(ComplaintSerializer.Meta):
        fields = [
            *ComplaintSerializer.Meta.fields,
            "description",
            "listing_urls",
            "respondent_code",
            "patents",
            "anonymous",
            "complex_matter",
            "reviewed_on",
            "transferred_on",
            "receipt_on",
            "result_on",
            "closed_on",
            "transferred_to",
            "authority",
            "authority_name",
            "result",
            "reply",
            "case",
            "merged_into",
            "routing_note",
        ]
        read_only_fields = fields

    def get_patents(self, complaint: Complaint) -> list[str]:
        return [p.application_number for p in complaint.patents.all()]


# Conversion into a case has its own endpoint. Also named in settings.ENUM_NAME_OVERRIDES.
# What the generic action performs; merging and conversion have their own endpoints.
TRANSITION_NAMES = sorted(n for n, t in TRANSITIONS.items() if t.offered and not t.own_service)


@extend_schema_serializer(component_name="ComplaintTransition")  # cases have a Transition too
class TransitionSerializer(serializers.Serializer[Any]):
    transition = serializers.ChoiceField(choices=TRANSITION_NAMES)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH
    )
    on = serializers.DateField(required=False)
    transferred_to = serializers.CharField(
        required=False, max_length=12, help_text="code of the office"
    )
    authority = serializers.ChoiceField(choices=Authority.choices, required=False)
    authority_name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    complex_matter = serializers.BooleanField(required=False, allow_null=True, default=None)


class ReassignSerializer(serializers.Serializer[Any]):
    center = serializers.CharField(max_length=12, help_text="code of the center or work station")
    reason = serializers.CharField(max_length=NOTE_MAX_LENGTH)


class MergeSerializer(serializers.Serializer[Any]):
    into = serializers.CharField(
        max_length=20, help_text="tracking number of the complaint to keep"
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH
    )


class ConvertSerializer(serializers.Serializer[Any]):
    overrides = serializers.DictField(
        required=False, default=dict, help_text="case fields the complaint lacks"
    )


def action_label(action: str) -> Any:

    labels: dict[str, Any] = {
        "submit": _("Received"),
        "merge": _("Merged with a complaint on the same matter"),
        "rate": _("Rated"),
        "message": _("Message sent to the complainant"),
        "satisfaction": _("The complainant answered whether it was resolved"),
        "reassign": _("Passed to another center"),
        "escalate": _("Escalated to the unit above"),
        "absorb": _("Merged"),
        "anonymise": _("Personal data anonymised"),
        "handler_change": _("Handler changed"),
    }
    transition = TRANSITIONS.get(action)
    return transition.label if transition else labels.get(action, action)


def public_status(complaint: Complaint) -> dict[str, Any]:
    shown = selectors.public_view(complaint)
    return {
        "tracking_number": complaint.tracking_number,
        "kind": complaint.kind,
        "status": shown.status,
        "status_text": str(PUBLIC_STATUS.get(shown.status) or shown.get_status_display()),
        "received_on": complaint.received_on,
        "reply": shown.reply if shown.closed_on or shown.status == ComplaintStatus.ANSWERED else "",
        "rating": complaint.rating,
        "history": selectors.public_events(complaint),
    }
