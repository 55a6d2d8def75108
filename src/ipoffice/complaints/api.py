"""The public 12330 API (anonymous and platform submissions, tracking) and the agents' API."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import authentication, exceptions, permissions, serializers, status, throttling
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ipoffice.common.api import ScopedModelViewSet
from ipoffice.common.exports import XLSX_TYPE
from ipoffice.common.filters import ListFilterBackend
from ipoffice.common.permissions import ModelPermissions, ViewPermission
from ipoffice.common.uploads import upload_quota_check, upload_quota_take
from ipoffice.complaints import exports, selectors, services
from ipoffice.complaints.enums import Channel, ComplaintKind
from ipoffice.complaints.filters import ComplaintFilter
from ipoffice.complaints.intake import platform_token_hash
from ipoffice.complaints.models import Complaint, ComplaintEvent, Platform
from ipoffice.complaints.serializers import (
    AgentSubmitSerializer,
    ComplaintDetailSerializer,
    ComplaintSerializer,
    ConvertSerializer,
    MergeSerializer,
    PublicStatusSerializer,
    RatingSerializer,
    ReassignSerializer,
    ReceiptSerializer,
    SubmitSerializer,
    TransitionSerializer,
    public_status,
)
from ipoffice.offices.models import Office


class PlatformAuthentication(authentication.BaseAuthentication):
    """`Authorization: Platform <token>` identifies an e-commerce platform."""

    keyword = "Platform"

    def authenticate(self, request: Request) -> tuple[Any, Platform] | None:
        header = authentication.get_authorization_header(request).decode(errors="replace")
        keyword, _sep, token = header.partition(" ")
        if keyword != self.keyword:
            return None
        platform = Platform.objects.filter(
            token_hash=platform_token_hash(token.strip()), is_active=True
        ).first()
        if platform is None:
            raise exceptions.AuthenticationFailed(_("Unknown or inactive platform token."))
        return AnonymousUser(), platform

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class PublicThrottle(throttling.SimpleRateThrottle):
    """Per client address; a platform is counted by its token at its own rate."""

    def get_cache_key(self, request: Any, view: Any) -> str:
        platform = getattr(request, "auth", None)
        if isinstance(platform, Platform):
            return f"throttle_platform_{platform.pk}"
        return f"throttle_{self.scope}_{self.get_ident(request)}"

    def upload_ident(self, request: Any) -> str:
        """Whose files these are, for the daily limit of upload bytes: the platform or the
        client address, as for the rate limit."""
        platform = getattr(request, "auth", None)
        if isinstance(platform, Platform):
            return f"platform_{platform.pk}"
        return str(self.get_ident(request))

    def allow_request(self, request: Any, view: Any) -> bool:
        if isinstance(getattr(request, "auth", None), Platform):
            self.scope = "platform"
            self.rate = self.get_rate()
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class SubmitThrottle(PublicThrottle):
    scope = "public_submit"


class LookupThrottle(PublicThrottle):
    scope = "public_lookup"


# What the schema's "required" cannot say; the service checks it and names each bad field.
SUBMIT_RULES = gettext_lazy(
    "File a complaint without an account, or as a platform with `Authorization: Platform "
    "<token>`. Required: `subject`, `description`, `province_code`, and `kind` (a platform "
    "may leave it out: takedown request). Unless `anonymous` is true, `name` and a "
    "telephone (`phone`) or an e-mail address (`email`) are required; only a report of "
    "passing off (`kind` = `passing_off_report`) may be anonymous. A takedown request "
    "needs `listing_urls`. Every problem is answered at once with 400, each under its "
    "field in `errors`."
)


class PublicComplaintCreate(APIView):
    """File a complaint without an account (or as a platform with its token)."""

    authentication_classes = [PlatformAuthentication]
    permission_classes = [permissions.AllowAny]
    throttle_classes = [SubmitThrottle]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request=SubmitSerializer,
        responses={201: ReceiptSerializer},
        auth=[],
        operation_id="public_complaint_create",
        description=SUBMIT_RULES,
    )
    def post(self, request: Request) -> Response:
        form = SubmitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        files = data.pop("files", [])
        platform = request.auth if isinstance(request.auth, Platform) else None
        if platform is not None:
            data.setdefault("kind", ComplaintKind.TAKEDOWN_REQUEST)
        ident = SubmitThrottle().upload_ident(request)
        size = upload_quota_check(ident, files)
        complaint, code = services.complaint_submit(
            channel=Channel.E_COMMERCE if platform else Channel.WEB,
            data=data,
            platform=platform,
            files=files,
        )
        upload_quota_take(ident, size)
        body = {
            "tracking_number": complaint.tracking_number,
            "verification_code": code,
            "status": complaint.status,
            "due_on": complaint.due_on,
        }
        return Response(ReceiptSerializer(body).data, status=status.HTTP_201_CREATED)


class PublicComplaintStatus(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [LookupThrottle]

    @extend_schema(
        parameters=[OpenApiParameter("code", required=True)],
        responses={200: PublicStatusSerializer},
        auth=[],
        operation_id="public_complaint_status",
    )
    def get(self, request: Request, tracking_number: str) -> Response:
        """Status and public history. A wrong code answers 404, as an unknown number does."""
        complaint = selectors.complaint_lookup(
            tracking_number=tracking_number, code=request.query_params.get("code", "")
        )
        if complaint is None:
            raise Http404
        return Response(PublicStatusSerializer(public_status(complaint)).data)


class PublicComplaintRating(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [LookupThrottle]

    @extend_schema(
        request=RatingSerializer,
        responses={200: PublicStatusSerializer},
        auth=[],
        operation_id="public_complaint_rate",
    )
    def post(self, request: Request, tracking_number: str) -> Response:
        form = RatingSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        complaint = selectors.complaint_lookup(
            tracking_number=tracking_number, code=form.validated_data["code"]
        )
        if complaint is None:
            raise Http404
        complaint = services.complaint_rate(
            complaint=complaint, rating=form.validated_data["rating"]
        )
        return Response(PublicStatusSerializer(public_status(complaint)).data)


class ComplaintEventSerializer(serializers.ModelSerializer[ComplaintEvent]):
    """A complaint's history as its handlers see it (the public see PublicEvent)."""

    actor = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    # The handling note is the event's reason (one history, ADR 0020); the API keeps "note".
    note = serializers.CharField(source="reason", read_only=True)

    class Meta:
        model = ComplaintEvent
        fields = ["on", "at", "action", "note", "actor", "changes", "public"]


class ComplaintCountsSerializer(serializers.Serializer[Any]):
    received = serializers.IntegerField()
    by_kind = serializers.DictField(child=serializers.IntegerField(), help_text="kind: count")
    by_channel = serializers.DictField(child=serializers.IntegerField(), help_text="channel: count")
    reviewed = serializers.IntegerField()
    transferred = serializers.IntegerField(help_text="passed on to another body, not as cases")
    converted_to_cases = serializers.IntegerField()
    results_returned = serializers.IntegerField()
    satisfaction_average = serializers.FloatField(allow_null=True)
    ratings = serializers.IntegerField()
    overdue_now = serializers.IntegerField()
    merged = serializers.IntegerField()
    escalated = serializers.IntegerField()
    reviewed_on_time = serializers.IntegerField()
    transferred_on_time = serializers.IntegerField()


class ComplaintViewSet(ScopedModelViewSet):
    """Complaints of the caller's unit subtree (agents, officers, supervisors)."""

    queryset = Complaint.objects.all()
    serializer_class = ComplaintSerializer
    http_method_names = ["get", "post", "head", "options"]
    filter_backends = [ListFilterBackend]
    filterset_class = ComplaintFilter

    def get_queryset(self) -> Any:
        if self.action in ("list", "export"):
            return selectors.complaint_list(user=self.request.user).select_related("complainant")
        return (
            super()
            .get_queryset()
            .select_related("center", "complainant", "case", "merged_into", "transferred_to")
        )

    def get_permissions(self) -> Any:
        return [ModelPermissions()] if self.action == "create" else [ViewPermission()]

    def get_serializer_class(self) -> Any:
        return ComplaintDetailSerializer if self.action == "retrieve" else ComplaintSerializer

    def _detail(self, complaint: Complaint, code: int = 200) -> Response:
        complaint = selectors.complaint_get(user=self.request.user, pk=complaint.pk)
        return Response(
            ComplaintDetailSerializer(complaint, context={"request": self.request}).data,
            status=code,
        )

    @extend_schema(request=AgentSubmitSerializer, responses={201: ReceiptSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """An agent records a complaint taken by telephone, in person, by letter or e-mail."""
        form = AgentSubmitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        channel, received_on = data.pop("channel"), data.pop("received_on", None)
        files = data.pop("files", [])
        complaint, code = services.complaint_submit(
            channel=channel, data=data, actor=request.user, files=files, received_on=received_on
        )
        body = {
            "tracking_number": complaint.tracking_number,
            "verification_code": code,
            "status": complaint.status,
            "due_on": complaint.due_on,
        }
        return Response(ReceiptSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TransitionSerializer, responses={200: ComplaintDetailSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        form = TransitionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        target = data.pop("transferred_to", None)
        office = None
        if target:
            office = Office.objects.filter(code=target, is_active=True).first()
            if office is None:
                raise exceptions.ValidationError({"transferred_to": [_("No such office.")]})
        complaint = services.complaint_transition(
            actor=request.user,
            complaint=self.get_object(),
            name=data.pop("transition"),
            transferred_to=office,
            **data,
        )
        return self._detail(complaint)

    @extend_schema(request=ReassignSerializer, responses={200: ComplaintDetailSerializer})
    @action(detail=True, methods=["post"])
    def reassign(self, request: Request, pk: str) -> Response:
        form = ReassignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        center = (
            Office.objects.visible_to(request.user)
            .filter(code=form.validated_data["center"])
            .first()
        )
        if center is None:
            raise exceptions.ValidationError({"center": [_("No such center in your scope.")]})
        complaint = services.complaint_reassign(
            actor=request.user,
            complaint=self.get_object(),
            center=center,
            reason=form.validated_data["reason"],
        )
        return self._detail(complaint)

    @extend_schema(responses={200: ComplaintSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def duplicates(self, request: Request, pk: str) -> Response:
        """Complaints that look like the same matter, offered for merging."""
        found = selectors.complaint_duplicates(user=request.user, complaint=self.get_object())
        found = list(
            Complaint.objects.filter(pk__in=[c.pk for c in found]).select_related(
                "center", "complainant"
            )
        )
        return Response(ComplaintSerializer(found, many=True, context={"request": request}).data)

    @extend_schema(request=MergeSerializer, responses={200: ComplaintDetailSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        """Merge this complaint into another; its complainant keeps the tracking number."""
        form = MergeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        into = self.get_queryset().filter(tracking_number=form.validated_data["into"]).first()
        if into is None:
            raise Http404
        kept = services.complaint_merge(
            actor=request.user,
            duplicate=self.get_object(),
            into=into,
            reason=form.validated_data["reason"],
        )
        return self._detail(kept)

    @extend_schema(request=ConvertSerializer, responses={201: ComplaintDetailSerializer})
    @action(detail=True, methods=["post"])
    def convert(self, request: Request, pk: str) -> Response:
        """Open an enforcement case in the caller's office from this complaint."""
        form = ConvertSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.complaint_convert_to_case(
            actor=request.user,
            complaint=self.get_object(),
            overrides=form.validated_data["overrides"],
        )
        return self._detail(self.get_object(), status.HTTP_201_CREATED)

    @extend_schema(responses={200: ComplaintEventSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str) -> Response:
        events = selectors.complaint_history(user=request.user, complaint=self.get_object())
        return Response(ComplaintEventSerializer(events, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", date, required=True),
            OpenApiParameter("to", date, required=True),
        ],
        responses={200: ComplaintCountsSerializer},
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def counts(self, request: Request) -> Response:
        """Figures for the reporting system, computed from the records of your subtree."""
        try:
            start = date.fromisoformat(request.query_params.get("from", ""))
            end = date.fromisoformat(request.query_params.get("to", ""))
        except ValueError:
            raise exceptions.ValidationError(
                {"from": [_("Give from and to as YYYY-MM-DD.")]}
            ) from None
        counts = selectors.complaint_counts(user=request.user, start=start, end=end)
        return Response(ComplaintCountsSerializer(counts).data)

    @extend_schema(
        filters=True,
        parameters=[
            OpenApiParameter("as", enum=["csv", "xlsx"], description="csv (default) or xlsx")
        ],
        responses={(200, "text/csv"): bytes, (200, XLSX_TYPE): bytes},
    )
    @action(detail=False, methods=["get"])
    def export(self, request: Request) -> StreamingHttpResponse:
        """The filtered list as CSV or XLSX; the list's filters."""
        complaints = self.filter_queryset(self.get_queryset())
        return exports.export_response(
            complaints, request.user, request.query_params.get("as", "csv")
        )
