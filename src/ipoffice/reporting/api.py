"""Statistics (JSON, drill-down, XLSX/CSV) and the reporting workflow in the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import exceptions, permissions, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ipoffice.common.api import ScopedReadOnlyViewSet
from ipoffice.common.exports import XLSX_TYPE
from ipoffice.common.filters import ListFilterBackend
from ipoffice.common.inputs import NOTE_MAX_LENGTH
from ipoffice.common.pagination import CappedPagination
from ipoffice.common.periods import period_parse
from ipoffice.reporting import figures, selectors, services
from ipoffice.reporting.definitions import FORMS
from ipoffice.reporting.exports import statistics_workbook
from ipoffice.reporting.filters import ReportFilter
from ipoffice.reporting.models import Report
from ipoffice.reporting.responses import (
    BulkResultSerializer,
    CompletenessSerializer,
    DrilldownSerializer,
    ReportDetailSerializer,
    StatisticsSerializer,
)
from ipoffice.reporting.workflow import TRANSITIONS

PERIOD = OpenApiParameter("period", required=True, description="YYYY, YYYY-Qn or YYYY-MM")
OFFICE = OpenApiParameter("office", description="office code; your own office by default")


def _form_and_period(request: Request, form: str) -> tuple[Any, Any]:
    if form not in FORMS:
        raise exceptions.NotFound()
    if not selectors.form_readable(request.user, FORMS[form]):
        raise exceptions.PermissionDenied()
    try:
        period = period_parse(request.query_params.get("period", ""))
    except ValueError as exc:
        raise exceptions.ValidationError({"period": [str(exc)]}) from None
    return FORMS[form], period


class StatisticsView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            PERIOD,
            OFFICE,
            OpenApiParameter(
                "basis",
                enum=["live", "approved"],
                description="live figures (default) or the latest approved snapshot",
            ),
        ],
        responses={200: StatisticsSerializer},
    )
    def get(self, request: Request, form: str) -> Response:
        """Figures of a report form for an office subtree and period, with the same period
        a year earlier and the change, and whether they are live or approved."""
        report_form, period = _form_and_period(request, form)
        office = selectors.statistics_office(request.user, request.query_params.get("office"))
        basis = request.query_params.get("basis", "live")
        if basis not in ("live", "approved"):
            raise exceptions.ValidationError({"basis": [_("Use live or approved.")]})
        return Response(selectors.statistics(report_form, office, period, basis=basis))


class DrilldownView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            PERIOD,
            OFFICE,
            OpenApiParameter("figure", required=True),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description="default 50, at most 500"),
        ],
        responses={200: DrilldownSerializer},
    )
    def get(self, request: Request, form: str) -> Response:
        """The records behind one figure (live), in the caller's scope, a page at a time:
        ``records`` holds the page, ``count`` how many (capped like every list)."""
        report_form, period = _form_and_period(request, form)
        office = selectors.statistics_office(request.user, request.query_params.get("office"))
        code = request.query_params.get("figure", "")
        try:
            records = figures.drilldown(report_form, office, period, code)
        except KeyError:
            raise exceptions.ValidationError({"figure": [_("No such computed figure.")]}) from None
        paginator = CappedPagination()
        listed_records = records.select_related(report_form.office_field)
        page = paginator.paginate_queryset(listed_records, request, self)
        response = paginator.get_paginated_response(
            [{c.name: c.value(r) for c in report_form.columns} for r in page or []]
        )
        listed = dict(response.data)
        response.data = {
            "office": office.code,
            "period": period.code,
            "figure": code,
            "basis": "live",
            **{k: v for k, v in listed.items() if k != "results"},
            "records": listed["results"],
        }
        return response


class StatisticsExportView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            PERIOD,
            OFFICE,
            OpenApiParameter("as", enum=["xlsx", "csv"], description="xlsx (default) or csv"),
        ],
        responses={(200, XLSX_TYPE): bytes, (200, "text/csv"): bytes},
    )
    def get(self, request: Request) -> HttpResponse:
        """The standard statistical tables: one sheet per form, the offices below as rows,
        and the totals row (live figures)."""
        try:
            period = period_parse(request.query_params.get("period", ""))
        except ValueError as exc:
            raise exceptions.ValidationError({"period": [str(exc)]}) from None
        office = selectors.statistics_office(request.user, request.query_params.get("office"))
        forms = selectors.readable_forms(request.user)
        kind = request.query_params.get("as", "xlsx")
        body, content_type = statistics_workbook(forms, office, period, kind)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="statistics-{office.code}-{period.code}.{kind}"'
        )
        return response


class ReportSerializer(serializers.ModelSerializer[Report]):
    office = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)

    class Meta:
        model = Report
        fields = ["id", "office", "form", "period", "status", "version", "due_on", "submitted_on"]
        read_only_fields = fields


class OpenSerializer(serializers.Serializer[Any]):
    form = serializers.ChoiceField(choices=sorted(FORMS))
    period = serializers.CharField(max_length=20)


ID_MAX = 2**63 - 1  # a database id; larger numbers are refused, not looked up
FIGURE_MAX = 2**31 - 1  # a count in a report


class FillSerializer(serializers.Serializer[Any]):
    manual = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=FIGURE_MAX), required=False
    )
    explanations = serializers.DictField(
        child=serializers.CharField(max_length=2000), required=False
    )


TRANSITION_NAMES = sorted(n for n, t in TRANSITIONS.items() if t.offered)  # see ENUM_NAME_OVERRIDES


@extend_schema_serializer(component_name="ReportTransition")  # cases have a Transition too
class TransitionSerializer(serializers.Serializer[Any]):
    transition = serializers.ChoiceField(choices=TRANSITION_NAMES)
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH
    )


@extend_schema_serializer(component_name="Bulk")  # its own name, not the inherited one
class BulkSerializer(TransitionSerializer):
    reports = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=ID_MAX), max_length=1000
    )


class ReportViewSet(ScopedReadOnlyViewSet):
    """Reports of the caller's subtree: open, fill in, submit, review, correct."""

    queryset = Report.objects.all()
    serializer_class = ReportSerializer
    filter_backends = [ListFilterBackend]
    filterset_class = ReportFilter

    def scoped_queryset(self) -> Any:
        readable = [f.code for f in selectors.readable_forms(self.request.user)]
        return Report.objects.select_related("office").filter(form__in=readable)

    def get_permissions(self) -> Any:
        return [permissions.IsAuthenticated()]

    @extend_schema(responses={200: ReportDetailSerializer})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(selectors.report_detail(self.get_object()))

    @extend_schema(request=OpenSerializer, responses={200: ReportDetailSerializer})
    @action(detail=False, methods=["post"])
    def open(self, request: Request) -> Response:
        """Your office's report for a form and period (created as a draft if missing)."""
        form = OpenSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        report = services.report_open(actor=request.user, **form.validated_data)
        return Response(selectors.report_detail(report))

    @extend_schema(request=FillSerializer, responses={200: ReportDetailSerializer})
    @action(detail=True, methods=["post"])
    def fill(self, request: Request, pk: str) -> Response:
        form = FillSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        report = services.report_fill(
            actor=request.user, report=self.get_object(), **form.validated_data
        )
        return Response(selectors.report_detail(report))

    @extend_schema(request=TransitionSerializer, responses={200: ReportDetailSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        form = TransitionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        report = services.report_transition(
            actor=request.user,
            report=self.get_object(),
            name=form.validated_data["transition"],
            reason=form.validated_data["reason"],
        )
        return Response(selectors.report_detail(report))

    @extend_schema(request=BulkSerializer, responses={200: BulkResultSerializer})
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        """Approve or return several reports at once (a reviewer's work list)."""
        form = BulkSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        reports = list(self.get_queryset().filter(pk__in=form.validated_data["reports"]))
        outcome = services.reports_bulk(
            actor=request.user,
            reports=reports,
            name=form.validated_data["transition"],
            reason=form.validated_data["reason"],
        )
        return Response({"results": outcome})

    @extend_schema(responses={200: ReportSerializer(many=True)}, filters=False)
    @action(detail=False, methods=["get"], pagination_class=None)
    def worklist(self, request: Request) -> Response:
        """Reports of the offices below waiting for you to approve or return them."""
        return Response(ReportSerializer(selectors.worklist(user=request.user), many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("form", required=True, enum=sorted(FORMS)), PERIOD, OFFICE],
        responses={200: CompletenessSerializer},
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def completeness(self, request: Request) -> Response:
        """Which offices below have filed, are late, or were returned."""
        office = selectors.statistics_office(request.user, request.query_params.get("office"))
        form = request.query_params.get("form", "")
        if form not in FORMS:
            raise exceptions.ValidationError({"form": [_("Unknown report form.")]})
        try:
            return Response(
                selectors.completeness(
                    office=office, form=form, period=request.query_params.get("period", "")
                )
            )
        except ValueError as exc:
            raise exceptions.ValidationError({"period": [str(exc)]}) from None
