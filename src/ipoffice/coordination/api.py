"""Coordination requests in the REST API: list (incoming and outgoing), detail, create,
transitions and history, scoped through ``visible_to``; and the inbound acknowledgement
of an outside authority's webhook, authenticated by the request's signed token."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, throttling
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ipoffice.cases.models import Case
from ipoffice.common.api import ScopedModelViewSet
from ipoffice.common.declared import DeclaredSerializer
from ipoffice.common.errors import InvalidInput
from ipoffice.common.filters import ListFilterBackend
from ipoffice.common.inputs import NOTE_MAX_LENGTH
from ipoffice.common.permissions import ViewPermission
from ipoffice.common.scoping import get_visible_or_404, user_office
from ipoffice.coordination import selectors, services
from ipoffice.coordination.deadlines import request_is_overdue
from ipoffice.coordination.filters import RequestFilter
from ipoffice.coordination.inputs import REQUEST
from ipoffice.coordination.models import CoordinationEvent, CoordinationRequest
from ipoffice.coordination.workflow import ANSWER_MAX_LENGTH, AUTHORITY_ACTS, TRANSITIONS
from ipoffice.offices.models import Office

TRANSITION_NAMES = sorted(TRANSITIONS)
AUTHORITY_ACTION_NAMES = sorted(AUTHORITY_ACTS)


class RequestSerializer(serializers.ModelSerializer[CoordinationRequest]):
    requesting_office = serializers.SlugRelatedField[Office](slug_field="code", read_only=True)
    receiving_office = serializers.SlugRelatedField[Office](slug_field="code", read_only=True)
    authority = serializers.SerializerMethodField()
    # The case is the requesting side's: the receiving side gets null for both.
    case = serializers.SerializerMethodField()
    case_number = serializers.SerializerMethodField()
    complaint = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = CoordinationRequest
        fields = [
            "id",
            "kind",
            "assistance",
            "requesting_office",
            "case",
            "case_number",
            "complaint",
            "receiving_office",
            "authority",
            "subject",
            "details",
            "status",
            "sent_on",
            "acknowledged_on",
            "answered_on",
            "closed_on",
            "acknowledge_due_on",
            "answer_due_on",
            "due_on",
            "overdue",
            "answer",
            "answered_in_time",
            "cross_region",
            "acknowledged_by_name",
        ]
        read_only_fields = fields

    def get_authority(self, request: CoordinationRequest) -> str | None:
        return request.authority.name if request.authority else None

    def _sender_side(self, request: CoordinationRequest) -> bool:
        caller = self.context.get("request")
        return caller is not None and selectors.sender_side(caller.user, request)

    def get_case(self, request: CoordinationRequest) -> int | None:
        return request.case_id if self._sender_side(request) else None

    def get_complaint(self, request: CoordinationRequest) -> int | None:
        return request.complaint_id if self._sender_side(request) else None

    def get_case_number(self, request: CoordinationRequest) -> str | None:
        return request.case.case_number if self._sender_side(request) else None

    def get_overdue(self, request: CoordinationRequest) -> bool:
        return request_is_overdue(request, timezone.localdate())


class RequestCreateSerializer(DeclaredSerializer):
    declared = REQUEST
    case = serializers.IntegerField(min_value=1, help_text="The id of a case of your office.")


class RequestTransitionSerializer(serializers.Serializer[Any]):
    transition = serializers.ChoiceField(choices=TRANSITION_NAMES)
    on = serializers.DateField(required=False)
    reason = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    answer = serializers.CharField(
        max_length=ANSWER_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class CoordinationEventSerializer(serializers.ModelSerializer[CoordinationEvent]):
    # A person of the reader's subtree by user name; of the other office, only the office.
    actor = serializers.SerializerMethodField()
    actor_office = serializers.SerializerMethodField()

    class Meta:
        model = CoordinationEvent
        fields = [
            "at",
            "on",
            "actor",
            "actor_office",
            "action",
            "from_status",
            "to_status",
            "changes",
            "reason",
        ]

    def get_actor(self, event: CoordinationEvent) -> str | None:
        reader, actor = self.context["request"].user, event.actor
        own = user_office(reader)
        office = getattr(actor, "office", None)
        if office is None or own is None or not office.path.startswith(own.path):
            return None
        return str(getattr(actor, "username", "")) or None

    def get_actor_office(self, event: CoordinationEvent) -> str | None:
        office = getattr(event.actor, "office", None)
        return office.code if office is not None else None


class CoordinationRequestViewSet(ScopedModelViewSet):
    """Requests sent or received by the caller's office subtree."""

    queryset = CoordinationRequest.objects.all()
    serializer_class = RequestSerializer
    http_method_names = ["get", "post", "head", "options"]
    filter_backends = [ListFilterBackend]
    filterset_class = RequestFilter
    permission_classes = [ViewPermission]

    def get_queryset(self) -> Any:
        return selectors.request_list(user=self.request.user)

    @extend_schema(request=RequestCreateSerializer, responses={201: RequestSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Send a request about a case of your office: to an office (assistance, referral)
        by its code, or to an authority of your register (transfer) by its number."""
        form = RequestCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        case = get_visible_or_404(Case.objects.all(), request.user, pk=data.pop("case"))
        office = user_office(request.user)
        offices = services.request_destinations(office) if office else Office.objects.none()
        authorities = services.request_authorities(office) if office else None
        code, number = data.pop("receiving_office", ""), data.pop("authority", "")
        receiving = offices.filter(code=code).first() if code else None
        authority = (
            authorities.filter(pk=int(number)).first()
            if number and number.isdigit() and authorities is not None
            else None
        )
        if code and receiving is None:
            raise InvalidInput({"receiving_office": ["No such office to send to."]})
        if number and authority is None:
            raise InvalidInput({"authority": ["No such authority in your office's register."]})
        created = services.request_create(
            actor=request.user, case=case, receiving_office=receiving, authority=authority, **data
        )
        shown = RequestSerializer(created, context={"request": request})
        return Response(shown.data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RequestTransitionSerializer, responses={200: RequestSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        """acknowledge, answer, refuse (the receiving office) or withdraw (the requester)."""
        form = RequestTransitionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        found = services.request_transition(
            actor=request.user,
            request=self.get_object(),
            name=data["transition"],
            on=data.get("on"),
            reason=data["reason"],
            answer=data["answer"],
        )
        return Response(RequestSerializer(found, context={"request": request}).data)

    @extend_schema(responses={200: CoordinationEventSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str) -> Response:
        events = selectors.request_history(user=request.user, request=self.get_object())
        shown = CoordinationEventSerializer(events, many=True, context={"request": request})
        return Response(shown.data)


class AuthorityThrottle(throttling.SimpleRateThrottle):
    scope = "public_lookup"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return f"throttle_coordination_{self.get_ident(request)}"


class AuthorityActSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(max_length=1000)
    action = serializers.ChoiceField(choices=AUTHORITY_ACTION_NAMES, default="acknowledge")
    name = serializers.CharField(max_length=200, help_text="Who at the authority acts.")
    answer = serializers.CharField(
        max_length=ANSWER_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class AuthorityStatusSerializer(serializers.Serializer[Any]):
    request = serializers.IntegerField()
    status = serializers.CharField()
    acknowledged_on = serializers.DateField(allow_null=True)
    answered_on = serializers.DateField(allow_null=True)


class AuthorityAcknowledgement(APIView):
    """An outside authority's system acknowledges (or answers, or refuses) a transfer it
    received by webhook: no account; the token of the webhook's payload is the proof."""

    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [AuthorityThrottle]

    @extend_schema(
        request=AuthorityActSerializer,
        responses={200: AuthorityStatusSerializer},
        auth=[],
        operation_id="coordination_authority_act",
    )
    def post(self, request: Request) -> Response:
        form = AuthorityActSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        found = services.request_act_by_link(
            token=data["token"],
            name=data["action"],
            person=data["name"],
            answer=data["answer"],
            reason=data["reason"],
        )
        return Response(
            {
                "request": found.pk,
                "status": found.status,
                "acknowledged_on": found.acknowledged_on,
                "answered_on": found.answered_on,
            }
        )
