"""Cases in the REST API: list, detail, create, transitions, steps, extension, history,
attachments and export, all through the office scoping of common.api."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from ipoffice.cases import ebusiness, selectors, services, transfer
from ipoffice.cases import suspension as pauses
from ipoffice.cases.campaigns import campaign_name
from ipoffice.cases.enums import (
    AttachmentKind,
    ConsultationKind,
    Outcome,
    SuspensionGround,
    TransferAuthority,
)
from ipoffice.cases.filters import CaseFilter
from ipoffice.cases.inputs import CASE_INPUT, REGISTRATION
from ipoffice.cases.models import Attachment, Case, CaseEvent, CasePatent, Party, TakedownNotice
from ipoffice.cases.validation import clean_case
from ipoffice.cases.workflow import STEPS, TRANSITIONS, available_transitions
from ipoffice.common.api import ScopedModelViewSet
from ipoffice.common.declared import DeclaredSerializer
from ipoffice.common.exports import XLSX_TYPE, table_response
from ipoffice.common.filters import ListFilterBackend
from ipoffice.common.identifiers import mask_identifier
from ipoffice.common.inputs import NOTE_MAX_LENGTH
from ipoffice.common.permissions import ModelPermissions, ViewPermission
from ipoffice.common.scoping import user_office
from ipoffice.offices.models import Office


class PartySerializer(serializers.ModelSerializer[Party]):
    id_number = serializers.SerializerMethodField()

    class Meta:
        model = Party
        fields = ["role", "kind", "name", "id_number", "address", "contact"]

    def get_id_number(self, party: Party) -> str:
        full = self.context.get("show_identities", False)
        return party.id_number if full else mask_identifier(party.id_number)


class PatentSerializer(serializers.ModelSerializer[CasePatent]):
    class Meta:
        model = CasePatent
        fields = ["application_number", "patent_type"]


class CaseSerializer(serializers.ModelSerializer[Case]):
    office = serializers.SlugRelatedField[Office](slug_field="code", read_only=True)
    # Who handles it (user name); changed on the case's page, with a reason.
    handler = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    days_left = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    # The special campaign by its Chinese name ("" for none), as the input names it.
    campaign = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "case_number",
            "office",
            "year",
            "case_type",
            "dispute_subtype",
            "source",
            "campaign",
            "industry",
            "e_commerce",
            "foreign_related",
            "title",
            "status",
            "outcome",
            "filed_on",
            "accepted_on",
            "concluded_on",
            "published_on",
            "closed_on",
            "fine_amount",
            "extension_approved",
            "handler",
            "due_on",
            "days_left",
            "overdue",
        ]
        read_only_fields = fields

    def get_campaign(self, case: Case) -> str:
        return campaign_name(case.campaign)

    def get_days_left(self, case: Case) -> int | None:
        return None if case.due_on is None else (case.due_on - timezone.localdate()).days

    def get_overdue(self, case: Case) -> bool:
        return selectors.case_is_overdue(case, timezone.localdate())


class CaseDetailSerializer(CaseSerializer):
    parties = serializers.SerializerMethodField()
    patents = PatentSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    # The mediation's unit (an office code; empty: the case's office) and the time not
    # counted toward the limit (docs/time-limits.md, "Mediation and time not counted").
    handling_unit = serializers.SlugRelatedField[Office](slug_field="code", read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "description",
            "handling_unit",
            "paused_days",
            "paused_since",
            "suspended_on",
            "parties",
            "patents",
            "actions",
        ]
        read_only_fields = fields

    def get_parties(self, case: Case) -> list[dict[str, Any]]:
        user = self.context["request"].user
        context = {"show_identities": selectors.can_see_identities(user, case)}
        return PartySerializer(case.parties.all(), many=True, context=context).data  # type: ignore[return-value]

    def get_actions(self, case: Case) -> list[str]:
        user = self.context["request"].user
        if not selectors.in_case_office(user, case):
            return []
        return [t.name for t in available_transitions(case, user.has_perm)]


class CaseCreateSerializer(DeclaredSerializer):
    """Field names match the import columns; the service checks them all at once."""

    declared = REGISTRATION

    def check(self, data: dict[str, Any]) -> object:
        return clean_case(data)


class CaseUpdateSerializer(DeclaredSerializer):
    """The descriptive fields an officer may change, each change kept with its reason."""

    declared = CASE_INPUT.only(*services.EDITABLE_FIELDS)
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH
    )


TRANSITION_NAMES = sorted(TRANSITIONS)  # also named in settings.ENUM_NAME_OVERRIDES


@extend_schema_serializer(component_name="CaseTransition")  # complaints have one too
@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "maxLength": Office._meta.get_field("code").max_length,
        "description": "transfer: the code of the office the case goes to",
    }
)
class OfficeCodeField(serializers.SlugRelatedField[Office]):
    """An office named by its code; the schema says how long a code may be."""


class TransitionSerializer(serializers.Serializer[Any]):
    transition = serializers.ChoiceField(choices=TRANSITION_NAMES)
    on = serializers.DateField(required=False, help_text="Date of the act; today if omitted")
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH
    )
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_blank=True)
    fine_amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    illegal_gains = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    destination_office = OfficeCodeField(
        slug_field="code",
        queryset=Office.objects.all(),
        required=False,
        allow_null=True,
        help_text="transfer: the code of the office the case goes to",
    )
    authority = serializers.ChoiceField(
        choices=TransferAuthority.choices,
        required=False,
        allow_blank=True,
        help_text="transfer: or the outside authority it goes to",
    )
    handling_unit = OfficeCodeField(
        slug_field="code",
        queryset=Office.objects.all(),
        required=False,
        allow_null=True,
        help_text="start_mediation: the code of the fast IPR protection center handling it",
    )
    complex = serializers.BooleanField(
        required=False, default=False, help_text="start_mediation: 3 months instead of 2"
    )
    terms = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=NOTE_MAX_LENGTH,
        help_text="settle: the terms of the mediation agreement",
    )
    requester_signed_on = serializers.DateField(
        required=False, allow_null=True, help_text="settle: the requester's signature"
    )
    respondent_signed_on = serializers.DateField(
        required=False, allow_null=True, help_text="settle: the respondent's signature"
    )


class StepSerializer(serializers.Serializer[Any]):
    step = serializers.ChoiceField(choices=sorted(STEPS))
    on = serializers.DateField(required=False)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH
    )


class ExtensionSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=NOTE_MAX_LENGTH)
    on = serializers.DateField(required=False)


class SuspendSerializer(serializers.Serializer[Any]):
    ground = serializers.ChoiceField(choices=SuspensionGround.choices)
    reason = serializers.CharField(max_length=NOTE_MAX_LENGTH)
    on = serializers.DateField(required=False, help_text="First day not counted; today if omitted")


class ResumeSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=NOTE_MAX_LENGTH)
    on = serializers.DateField(required=False, help_text="The day the clock runs again")


class ConsultationSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ConsultationKind.choices)
    experts = serializers.CharField(max_length=300)
    organisation = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    question = serializers.CharField(max_length=NOTE_MAX_LENGTH)
    on = serializers.DateField(required=False)


class OpinionSerializer(serializers.Serializer[Any]):
    answer = serializers.CharField(max_length=NOTE_MAX_LENGTH)
    on = serializers.DateField(required=False, help_text="The day the opinion was given")


class TakedownNoticeSerializer(serializers.ModelSerializer[TakedownNotice]):
    listing_urls = serializers.ListField(child=serializers.URLField(max_length=2000))
    # Earlier notices to the same shop that the caller may see (0: a first sighting).
    repeats = serializers.SerializerMethodField()

    class Meta:
        model = TakedownNotice
        fields = [
            "id",
            "status",
            "platform",
            "platform_address",
            "shop_name",
            "shop_id",
            "listing_urls",
            "sent_on",
            "answer",
            "answer_note",
            "answered_on",
            "repeats",
        ]
        read_only_fields = ["id", "status", "answer", "answer_note", "answered_on", "repeats"]

    def get_repeats(self, notice: TakedownNotice) -> int:
        return selectors.takedown_repeats(user=self.context["request"].user, notice=notice)


class TakedownSendSerializer(serializers.Serializer[Any]):
    platform = serializers.CharField(max_length=100)
    platform_address = serializers.CharField(
        max_length=300, help_text="An e-mail address, or an https:// URL taking a webhook"
    )
    shop_name = serializers.CharField(max_length=200)
    shop_id = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    listing_urls = serializers.ListField(
        child=serializers.CharField(max_length=2000), max_length=50, min_length=1
    )
    on = serializers.DateField(required=False)


class EventSerializer(serializers.ModelSerializer[CaseEvent]):
    actor = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)

    class Meta:
        model = CaseEvent
        fields = ["at", "on", "actor", "action", "from_status", "to_status", "changes", "reason"]


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    class Meta:
        model = Attachment
        fields = ["id", "kind", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class AttachmentUploadSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    file = serializers.FileField()


EXPORT_FORMAT = OpenApiParameter("as", enum=["csv", "xlsx"], description="csv (default) or xlsx")
EXPORT_RESPONSES = {(200, "text/csv"): bytes, (200, XLSX_TYPE): bytes}


class CaseViewSet(ScopedModelViewSet):
    """Enforcement cases of the caller's office subtree."""

    queryset = Case.objects.all()
    serializer_class = CaseSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    filter_backends = [ListFilterBackend]
    filterset_class = CaseFilter

    def get_queryset(self) -> Any:
        if self.action == "list" or self.action == "export":
            return selectors.case_list(user=self.request.user)
        return super().get_queryset().prefetch_related("parties", "patents")

    def get_permissions(self) -> Any:
        if self.action == "create":
            return [ModelPermissions()]
        return [ViewPermission()]

    def get_serializer_class(self) -> Any:
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = CaseCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        office = user_office(request.user)
        case = services.case_create(actor=request.user, office=office, data=form.validated_data)
        return self._detail(case, status.HTTP_201_CREATED)

    @extend_schema(request=CaseUpdateSerializer, responses={200: CaseDetailSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change descriptive fields; each change is recorded with its reason."""
        form = CaseUpdateSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        reason = data.pop("reason", "")
        case = services.case_update(
            actor=request.user, case=self.get_object(), reason=reason, **data
        )
        return self._detail(case)

    def _detail(self, case: Case, code: int = status.HTTP_200_OK) -> Response:
        case = selectors.case_get(user=self.request.user, pk=case.pk)
        return Response(
            CaseDetailSerializer(case, context={"request": self.request}).data, status=code
        )

    @extend_schema(request=TransitionSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        """Move the case along its workflow (accept, refuse, decide, publish_decision, ...)."""
        form = TransitionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        case = services.case_transition(
            actor=request.user,
            case=self.get_object(),
            name=data["transition"],
            on=data.get("on"),
            reason=data["reason"],
            outcome=data.get("outcome", ""),
            fine_amount=data.get("fine_amount"),
            illegal_gains=data.get("illegal_gains"),
            destination_office=data.get("destination_office"),
            authority=data.get("authority", ""),
            handling_unit=data.get("handling_unit"),
            complex=data.get("complex", False),
            terms=data.get("terms", ""),
            requester_signed_on=data.get("requester_signed_on"),
            respondent_signed_on=data.get("respondent_signed_on"),
        )
        return self._detail(case)

    @extend_schema(request=StepSerializer, responses={201: EventSerializer})
    @action(detail=True, methods=["post"])
    def steps(self, request: Request, pk: str) -> Response:
        """Record a step of investigation: service, defence, evidence, hearing, inspection."""
        form = StepSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        event = services.case_record_step(
            actor=request.user, case=self.get_object(), **form.validated_data
        )
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExtensionSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def extension(self, request: Request, pk: str) -> Response:
        """The office head approves the extension of the time limit to conclude."""
        form = ExtensionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        case = services.case_approve_extension(
            actor=request.user, case=self.get_object(), **form.validated_data
        )
        return self._detail(case)

    def _act(self, request: Request, form_class: Any, run: Any) -> Response:
        form = form_class(data=request.data)
        form.is_valid(raise_exception=True)
        case = self.get_object()
        run(case, form.validated_data)
        return self._detail(case)

    @extend_schema(request=SuspendSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def suspension(self, request: Request, pk: str) -> Response:
        """Suspend the case (中止): its time limit stands still until it resumes."""
        return self._act(
            request,
            SuspendSerializer,
            lambda case, data: pauses.case_suspend(actor=request.user, case=case, **data),
        )

    @extend_schema(request=ResumeSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def resumption(self, request: Request, pk: str) -> Response:
        """Resume a suspended case; its due date adds the days it was suspended."""
        return self._act(
            request,
            ResumeSerializer,
            lambda case, data: pauses.case_resume(actor=request.user, case=case, **data),
        )

    @extend_schema(request=ConsultationSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def consultation(self, request: Request, pk: str) -> Response:
        """Ask for an expert opinion or technical appraisal; its time is not counted."""
        return self._act(
            request,
            ConsultationSerializer,
            lambda case, data: pauses.consultation_request(actor=request.user, case=case, **data),
        )

    @extend_schema(request=OpinionSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def opinion(self, request: Request, pk: str) -> Response:
        """Record the opinion awaited; the due date is recomputed."""
        return self._act(
            request,
            OpinionSerializer,
            lambda case, data: pauses.consultation_answer(actor=request.user, case=case, **data),
        )

    @extend_schema(
        methods=["get"], responses={200: TakedownNoticeSerializer(many=True)}, filters=False
    )
    @extend_schema(
        methods=["post"],
        request=TakedownSendSerializer,
        responses={201: TakedownNoticeSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def takedowns(self, request: Request, pk: str) -> Response:
        """The case's takedown notices to platforms; POST sends one through the outbox."""
        case = self.get_object()
        context = {"request": request}
        if request.method == "GET":
            notices = selectors.case_takedown_notices(user=request.user, case=case)
            return Response(TakedownNoticeSerializer(notices, many=True, context=context).data)
        form = TakedownSendSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        notice = ebusiness.takedown_send(actor=request.user, case=case, **form.validated_data)
        return Response(
            TakedownNoticeSerializer(notice, context=context).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses={200: EventSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str) -> Response:
        events = selectors.case_history(user=request.user, case=self.get_object())
        return Response(EventSerializer(events, many=True).data)

    @extend_schema(
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def attachments(self, request: Request, pk: str) -> Response:
        form = AttachmentUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        attachment = services.attachment_add(
            actor=request.user,
            case=self.get_object(),
            kind=form.validated_data["kind"],
            upload=form.validated_data["file"],
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(filters=True, parameters=[EXPORT_FORMAT], responses=EXPORT_RESPONSES)
    @action(detail=False, methods=["get"])
    def export(self, request: Request) -> StreamingHttpResponse:
        """The filtered list in the import columns, as CSV or XLSX; the list's filters."""
        cases = self.filter_queryset(self.get_queryset())
        return export_response(cases, request.user, request.query_params.get("as", "csv"))


def export_response(cases: Any, user: Any, kind: str) -> StreamingHttpResponse:
    def mask(case: Case, value: str) -> str:
        return value if selectors.can_see_identities(user, case) else mask_identifier(value)

    sheet = transfer.export_sheet(cases, mask=mask)
    return table_response([sheet], kind, f"cases-{date.today().isoformat()}")
