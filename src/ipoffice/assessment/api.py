"""The performance assessment in the REST API: schemes (adopted ones for all staff, drafts
for those who manage them), rounds with their ranking and each office's explained result,
each office's assessment through its workflow (claims, awards, remarks, transitions), the
round's publication, and the what-if, which writes nothing. Every read goes through the
scoped selectors; every write through the services."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ipoffice.assessment import selectors, services
from ipoffice.assessment.enums import Provenance
from ipoffice.assessment.filters import AssessmentFilter, RoundFilter, SchemeFilter
from ipoffice.assessment.models import Assessment, Indicator, Round, Scheme
from ipoffice.assessment.scoring import line_data
from ipoffice.assessment.whatif import WhatIf, what_if_allowed, what_if_run
from ipoffice.assessment.workflow import ASSESSMENT_TRANSITIONS, ASSESSMENT_WORKFLOW
from ipoffice.common.api import ScopedReadOnlyViewSet, ScopedViewSetMixin
from ipoffice.common.errors import InvalidInput
from ipoffice.common.filters import ListFilterBackend
from ipoffice.common.inputs import NOTE_MAX_LENGTH
from ipoffice.common.workflow import transitions_available
from ipoffice.reporting.definitions import FORMS

TRANSITION_NAMES = sorted(n for n, t in ASSESSMENT_TRANSITIONS.items() if t.offered)
CODE_MAX_LENGTH = 60


# -- schemes --------------------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    group = serializers.CharField(read_only=True, help_text="in the caller's language")
    name = serializers.CharField(read_only=True, help_text="in the caller's language")
    rule = serializers.DictField(read_only=True, help_text="the rule's parameters")

    class Meta:
        model = Indicator
        fields = [
            "code", "group", "group_zh", "group_en", "name", "name_zh", "name_en", "kind",
            "rule", "weight", "cap", "order",
        ]  # fmt: skip
        read_only_fields = fields


class SchemeSerializer(serializers.ModelSerializer[Scheme]):
    name = serializers.CharField(read_only=True, help_text="in the caller's language")
    # An address, or "" (none): not a "uri" in the schema.
    source_url = serializers.CharField(read_only=True, help_text="the measures' address, if any")
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = [
            "id", "year", "level", "version", "name", "name_zh", "name_en", "source",
            "source_url", "value_source", "status", "based_on", "adopted_on", "note",
            "indicators",
        ]  # fmt: skip
        read_only_fields = fields


class IndicatorChangeSerializer(serializers.Serializer[Any]):
    weight = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal(0),
                                      required=False)  # fmt: skip
    cap = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=Decimal(0),
                                   required=False, allow_null=True)  # fmt: skip


class SchemeCopySerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(
        min_value=1985, max_value=2100, required=False,
        help_text="the year of the new version; the scheme's own by default",
    )  # fmt: skip
    changes = serializers.DictField(
        child=IndicatorChangeSerializer(), required=False, default=dict,
        help_text="{indicator code: {weight, cap}}: what the new version changes",
    )  # fmt: skip
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


def _changes_known(scheme: Scheme, changes: dict[str, Any]) -> None:
    codes = set(scheme.indicators.values_list("code", flat=True))
    for code in changes:
        if code not in codes:
            raise InvalidInput(
                {"changes": [_("This scheme has no indicator %(code)s.") % {"code": code}]}
            )


class SchemeViewSet(ScopedReadOnlyViewSet):
    """Assessment schemes with their indicators: the adopted (and superseded) versions for
    every member of staff, drafts only for those who manage schemes."""

    queryset = Scheme.objects.all()
    serializer_class = SchemeSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = [ListFilterBackend]
    filterset_class = SchemeFilter

    def get_queryset(self) -> Any:
        return selectors.schemes_visible(self.request.user)

    @extend_schema(request=SchemeCopySerializer, responses={201: SchemeSerializer})
    @action(detail=True, methods=["post"])
    def copy(self, request: Request, pk: str) -> Response:
        """A new draft version of the scheme (of its year, or version 1 of ``year``), with
        the weights and caps of ``changes``: the national office's managers."""
        form = SchemeCopySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        scheme = self.get_object()
        _changes_known(scheme, data["changes"])
        created = services.scheme_copy(
            actor=request.user,
            scheme=scheme,
            year=data.get("year"),
            changes={code: dict(change) for code, change in data["changes"].items()},
            note=data["note"],
        )
        shown = SchemeSerializer(selectors.schemes_visible(request.user).get(pk=created.pk))
        return Response(shown.data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReasonSerializer, responses={200: SchemeSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: str) -> Response:
        """Adopt a draft: it scores its year and level from now on, and the version
        adopted before is superseded."""
        form = ReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        adopted = services.scheme_adopt(
            actor=request.user, scheme=self.get_object(), reason=form.validated_data["reason"]
        )
        return Response(
            SchemeSerializer(selectors.schemes_visible(request.user).get(pk=adopted.pk)).data
        )


# -- rounds, rankings and results -------------------------------------------------------------


class RoundSerializer(serializers.ModelSerializer[Round]):
    scheme_version = serializers.IntegerField(source="scheme.version", read_only=True)

    class Meta:
        model = Round
        fields = [
            "id", "year", "level", "scheme", "scheme_version", "status", "opened_on",
            "published_on",
        ]  # fmt: skip
        read_only_fields = fields


class RankingRowSerializer(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    office = serializers.CharField(source="office.code", help_text="the office's code")
    office_name = serializers.CharField(source="office.name")
    total = serializers.DecimalField(max_digits=10, decimal_places=2)
    points = serializers.DictField(
        child=serializers.DecimalField(max_digits=10, decimal_places=2),
        help_text="{indicator code: points}",
    )
    groups = serializers.DictField(
        child=serializers.DecimalField(max_digits=10, decimal_places=2),
        help_text="{indicator group, in the caller's language: points}",
    )
    previous_rank = serializers.IntegerField(
        allow_null=True, help_text="the published rank a year earlier; null: not ranked then"
    )
    rank_change = serializers.IntegerField(
        allow_null=True, help_text="places gained since the year before (positive: up)"
    )
    published = serializers.BooleanField(help_text="false: live scores of a round still open")


class RankingSerializer(serializers.Serializer[Any]):
    round = serializers.IntegerField()
    year = serializers.IntegerField()
    level = serializers.CharField()
    scheme = serializers.IntegerField()
    scheme_version = serializers.IntegerField()
    published = serializers.BooleanField()
    indicators = serializers.ListField(
        child=serializers.CharField(), help_text="the indicator codes, in the scheme's order"
    )
    rows = RankingRowSerializer(many=True)


class ResultStepSerializer(serializers.Serializer[Any]):
    form = serializers.CharField(help_text="the report form of the figure; empty: none")
    figure = serializers.CharField(help_text="the figure's code; empty: none")
    figure_label = serializers.CharField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2)
    factor = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
    points = serializers.DecimalField(max_digits=16, decimal_places=2)
    previous = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, help_text="the year before (growth)"
    )
    rate_pct = serializers.DecimalField(
        max_digits=8, decimal_places=2, allow_null=True, help_text="(rate bands)"
    )
    records = serializers.CharField(
        allow_null=True, help_text="the page listing the records behind the figure"
    )
    records_api = serializers.CharField(
        allow_null=True, help_text="the same records in the API (statistics drill-down)"
    )


class ResultLineSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField()
    kind = serializers.CharField()
    weight = serializers.DecimalField(max_digits=6, decimal_places=2)
    cap = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    raw = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="before the cap")
    points = serializers.DecimalField(max_digits=16, decimal_places=2)
    capped = serializers.BooleanField()
    pending = serializers.BooleanField(help_text="a manual item not yet reviewed (claimed)")
    remark = serializers.CharField(help_text="the office's remark; empty: none")
    steps = ResultStepSerializer(many=True)


class ResultProvenanceSerializer(serializers.Serializer[Any]):
    form = serializers.CharField()
    basis = serializers.ChoiceField(
        choices=Provenance.choices, help_text="an approved report, or the records"
    )
    report = serializers.IntegerField(allow_null=True, help_text="the approved report's id")
    version = serializers.IntegerField(allow_null=True, help_text="its version")


class ResultSerializer(serializers.Serializer[Any]):
    round = serializers.IntegerField()
    year = serializers.IntegerField()
    level = serializers.CharField()
    scheme_version = serializers.IntegerField()
    office = serializers.CharField()
    office_name = serializers.CharField()
    status = serializers.CharField(help_text="the assessment's status")
    published = serializers.BooleanField()
    rank = serializers.IntegerField()
    of = serializers.IntegerField(help_text="how many offices were ranked")
    total = serializers.DecimalField(max_digits=10, decimal_places=2)
    lines = ResultLineSerializer(many=True)
    provenance = ResultProvenanceSerializer(many=True)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _drillable(form_code: str, figure: str) -> bool:
    form = FORMS.get(form_code)
    if form is None:
        return False
    try:
        found = form.figure(figure)
    except KeyError:
        return False
    return not found.manual and found.where is not None


def _figure_label(form_code: str, figure: str) -> str:
    try:
        return str(FORMS[form_code].figure(figure).label)
    except KeyError:
        return ""


def _step(step: dict[str, Any], office: str, year: int) -> dict[str, Any]:
    form, figure = step["form"], step["figure"]
    links: dict[str, str | None] = {"records": None, "records_api": None}
    if form and figure and _drillable(form, figure):
        query = {"office": office, "period": str(year), "figure": figure}
        links = {
            "records": reverse("statistics-drilldown") + "?" + urlencode({"form": form, **query}),
            "records_api": reverse("api-statistics-drilldown", args=[form])
            + "?"
            + urlencode(query),
        }
    return {
        "form": form,
        "figure": figure,
        "figure_label": _figure_label(form, figure) if form else "",
        "value": _decimal(step["value"]),
        "factor": _decimal(step["factor"]),
        "points": _decimal(step["points"]),
        "previous": _decimal(step["previous"]),
        "rate_pct": _decimal(step["rate_pct"]),
        **links,
    }


def explained_data(explained: selectors.Explained) -> dict[str, Any]:
    """One office's result as the API shows it: each indicator's points and steps, with
    the records behind each figure, and where the figures came from."""
    assessment = explained.assessment
    round_ = assessment.round
    if explained.result is not None:
        lines, provenance = explained.result.lines["lines"], explained.result.lines["provenance"]
    else:
        assert explained.score is not None
        lines = [line_data(line) for line in explained.score.lines]
        provenance = explained.score.figures.provenance
    by_code = {i.code: i for i in explained.indicators}
    office = assessment.office.code
    shown = []
    for line in lines:
        indicator = by_code.get(line["indicator"])
        shown.append({
            "indicator": line["indicator"],
            "name": indicator.name if indicator else line["indicator"],
            "group": indicator.group if indicator else "",
            "kind": indicator.kind if indicator else "",
            "weight": indicator.weight if indicator else Decimal(1),
            "cap": indicator.cap if indicator else None,
            "raw": _decimal(line["raw"]),
            "points": _decimal(line["points"]),
            "capped": bool(line["capped"]),
            "pending": bool(line["pending"]),
            "remark": str(assessment.remarks.get(line["indicator"], "")),
            "steps": [_step(s, office, round_.year) for s in line["steps"]],
        })  # fmt: skip
    return {
        "round": round_.pk,
        "year": round_.year,
        "level": round_.level,
        "scheme_version": round_.scheme.version,
        "office": office,
        "office_name": assessment.office.name,
        "status": assessment.status,
        "published": explained.result is not None,
        "rank": explained.rank,
        "of": explained.of,
        "total": explained.total,
        "lines": shown,
        "provenance": [
            {"form": form, "basis": found[0], "report": found[1], "version": found[2]}
            for form, found in sorted(provenance.items())
        ],
    }


class RoundViewSet(ScopedReadOnlyViewSet):
    """Assessment rounds (a year and a level, scored by one scheme version), with their
    ranking and each office's explained result; every member of staff reads rounds, an
    office's scores before publication only the office and its reviewers."""

    queryset = Round.objects.all()
    serializer_class = RoundSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = [ListFilterBackend]
    filterset_class = RoundFilter

    def get_queryset(self) -> Any:
        return selectors.rounds_visible(self.request.user)

    @extend_schema(responses={200: RankingSerializer}, filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def ranking(self, request: Request, pk: str) -> Response:
        """The ranking: once published, every office's frozen result; before, the live
        scores of the offices the caller may see (their own, a reviewer's offices below),
        ranked among all the offices of the level."""
        round_ = self.get_object()
        rows = selectors.ranking(request.user, round_)
        data = {
            "round": round_.pk,
            "year": round_.year,
            "level": round_.level,
            "scheme": round_.scheme_id,
            "scheme_version": round_.scheme.version,
            "published": round_.status == "published",
            "indicators": [i.code for i in round_.scheme.indicators.all()],
            "rows": RankingRowSerializer(rows, many=True).data,
        }
        return Response(data)

    @extend_schema(request=ReasonSerializer, responses={200: RoundSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        """Publish the round (the national office, once every assessment is confirmed):
        the results are frozen and every office reads the ranking."""
        form = ReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        found = services.round_publish(
            actor=request.user, round_=self.get_object(), reason=form.validated_data["reason"]
        )
        return Response(RoundSerializer(selectors.round_get(request.user, found.pk)).data)


class ResultViewSet(ScopedViewSetMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One office's result in a round, explained: ``/rounds/<round id>/results/<office
    code>/``. Before publication only the office and its reviewers read it; after, every
    office."""

    queryset = Assessment.objects.all()
    serializer_class = ResultSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "office__code"
    lookup_url_kwarg = "office_code"
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="the round's id"),
            OpenApiParameter(
                "office_code", str, OpenApiParameter.PATH, description="the office's code"
            ),
        ],
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Each indicator's points and how they were reached: each figure's value, the
        factor, the points, the cap, and the records behind the figure (drill-down)."""
        pk = str(kwargs.get("pk", ""))
        if not pk.isdigit():
            raise Http404
        round_ = selectors.round_get(request.user, int(pk))
        assessment = selectors.assessment_get(request.user, round_, kwargs["office_code"])
        explained = selectors.result_for(request.user, assessment)
        return Response(ResultSerializer(explained_data(explained)).data)


# -- assessments ------------------------------------------------------------------------------


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    office = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    office_name = serializers.CharField(source="office.name", read_only=True)
    year = serializers.IntegerField(source="round.year", read_only=True)
    level = serializers.CharField(source="round.level", read_only=True)
    remarks = serializers.DictField(
        child=serializers.CharField(), read_only=True, help_text="{indicator code: remark}"
    )
    manual = serializers.SerializerMethodField()
    transitions = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id", "round", "year", "level", "office", "office_name", "status", "remarks",
            "submitted_on", "reviewed_on", "confirmed_on", "published_on", "manual",
            "transitions",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "indicator": {"type": "string"},
                    "claimed": {"type": "string", "format": "decimal"},
                    "claim_note": {"type": "string"},
                    "awarded": {"type": "string", "format": "decimal", "nullable": True},
                    "award_reason": {"type": "string"},
                },
                "required": ["indicator", "claimed", "claim_note", "awarded", "award_reason"],
            },
        }
    )
    def get_manual(self, assessment: Assessment) -> list[dict[str, Any]]:
        return [
            {
                "indicator": m.indicator.code,
                "claimed": str(m.claimed),
                "claim_note": m.claim_note,
                "awarded": None if m.awarded is None else str(m.awarded),
                "award_reason": m.award_reason,
            }
            for m in assessment.manual_scores.select_related("indicator").order_by(
                "indicator__order", "indicator_id"
            )
        ]

    def get_transitions(self, assessment: Assessment) -> list[str]:
        """The actions the caller may take now."""
        caller = self.context.get("request")
        if caller is None:
            return []
        return [t.name for t in transitions_available(ASSESSMENT_WORKFLOW, assessment, caller.user)]


class AssessmentTransitionSerializer(serializers.Serializer[Any]):
    name = serializers.ChoiceField(choices=TRANSITION_NAMES)
    reason = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class ClaimSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField(max_length=CODE_MAX_LENGTH, help_text="a manual item's code")
    points = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=Decimal(0))
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="",
        help_text="what the office did",
    )  # fmt: skip


class AwardSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField(max_length=CODE_MAX_LENGTH, help_text="a manual item's code")
    points = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=Decimal(0))
    reason = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="",
        help_text="required when the points differ from the claim",
    )  # fmt: skip


class RemarkSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField(max_length=CODE_MAX_LENGTH)
    text = serializers.CharField(max_length=NOTE_MAX_LENGTH, allow_blank=True)


class AssessmentViewSet(ScopedReadOnlyViewSet):
    """Each office's assessment: the office's own and those of the offices below it (its
    reviewers'); once published, every office's."""

    queryset = Assessment.objects.all()
    serializer_class = AssessmentSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = [ListFilterBackend]
    filterset_class = AssessmentFilter

    def scoped_queryset(self) -> Any:
        return Assessment.objects.select_related("office__parent", "round__scheme")

    def _shown(self, assessment: Assessment) -> Response:
        fresh = self.get_queryset().get(pk=assessment.pk)
        return Response(AssessmentSerializer(fresh, context={"request": self.request}).data)

    @extend_schema(request=AssessmentTransitionSerializer, responses={200: AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        """submit (the office), return or review (its reviewer: the province for a city,
        else the national office), confirm or reopen (the national office)."""
        form = AssessmentTransitionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        found = services.assessment_transition(
            actor=request.user, assessment=self.get_object(), name=data["name"],
            reason=data["reason"],
        )  # fmt: skip
        return self._shown(found)

    def _item(self, request: Request, form_class: Any, write: Callable[..., Any]) -> Response:
        """One write on an indicator of the assessment, answered with the assessment."""
        form = form_class(data=request.data)
        form.is_valid(raise_exception=True)
        assessment = self.get_object()
        write(actor=request.user, assessment=assessment, **form.validated_data)
        return self._shown(assessment)

    @extend_schema(request=ClaimSerializer, responses={200: AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def claims(self, request: Request, pk: str) -> Response:
        """The office's claim on a manual item, while it self-assesses."""
        return self._item(request, ClaimSerializer, services.manual_claim)

    @extend_schema(request=AwardSerializer, responses={200: AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def awards(self, request: Request, pk: str) -> Response:
        """The reviewer's points on a manual item, with the reason for a change."""
        return self._item(request, AwardSerializer, services.manual_award)

    @extend_schema(request=RemarkSerializer, responses={200: AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def remarks(self, request: Request, pk: str) -> Response:
        """The office's remark on an indicator (why a figure fell, say)."""
        return self._item(request, RemarkSerializer, services.assessment_remark)


# -- the what-if ------------------------------------------------------------------------------


class WhatIfRequestSerializer(serializers.Serializer[Any]):
    scheme = serializers.IntegerField(
        min_value=1, help_text="the id of a scheme (a draft, or the adopted one to change)"
    )
    year = serializers.IntegerField(
        min_value=1985, max_value=2100, required=False,
        help_text="the year scored; the scheme's own by default",
    )  # fmt: skip
    changes = serializers.DictField(
        child=IndicatorChangeSerializer(), required=False, default=dict,
        help_text="{indicator code: {weight, cap}}, applied in memory only",
    )  # fmt: skip
    against = serializers.IntegerField(
        min_value=1, required=False, allow_null=True,
        help_text="the id of the scheme to compare with; by default the one adopted for "
        "the year and level",
    )  # fmt: skip


class ComparedSerializer(serializers.Serializer[Any]):
    office = serializers.CharField(source="office.code")
    office_name = serializers.CharField(source="office.name")
    adopted_rank = serializers.IntegerField(allow_null=True)
    adopted_total = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    draft_rank = serializers.IntegerField()
    draft_total = serializers.DecimalField(max_digits=10, decimal_places=2)
    moved = serializers.IntegerField(
        allow_null=True, help_text="places gained by the what-if (positive: up)"
    )


class WhatIfSerializer(serializers.Serializer[Any]):
    scheme = serializers.IntegerField()
    scheme_version = serializers.IntegerField()
    against = serializers.IntegerField(allow_null=True)
    against_version = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField()
    level = serializers.CharField()
    changes = serializers.DictField(
        child=serializers.DictField(
            child=serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
        ),
        help_text="{indicator code: {weight and/or cap}}: what was changed, as read",
    )
    written = serializers.BooleanField(help_text="always false: a what-if writes nothing")
    rows = ComparedSerializer(many=True)


def what_if_data(found: WhatIf) -> dict[str, Any]:
    return {
        "scheme": found.scheme.pk,
        "scheme_version": found.scheme.version,
        "against": found.against.pk if found.against else None,
        "against_version": found.against.version if found.against else None,
        "year": found.year,
        "level": found.scheme.level,
        "changes": found.changes,
        "written": False,
        "rows": found.rows,
    }


class WhatIfView(APIView):
    """Score a scheme (a draft, or a scheme with some weights or caps changed) over a past
    year and compare its ranking with the adopted one: national managers only; nothing is
    written or published."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=WhatIfRequestSerializer,
        responses={200: WhatIfSerializer},
        operation_id="assessment_what_if",
    )
    def post(self, request: Request) -> Response:
        if not what_if_allowed(request.user):
            raise Http404
        form = WhatIfRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        visible = selectors.schemes_visible(request.user)
        scheme = visible.filter(pk=data["scheme"]).first()
        if scheme is None:
            raise InvalidInput({"scheme": [_("No such scheme.")]})
        against = None
        if data.get("against"):
            against = visible.filter(pk=data["against"]).first()
            if against is None:
                raise InvalidInput({"against": [_("No such scheme.")]})
        found = what_if_run(
            request.user,
            scheme=scheme,
            year=data.get("year") or scheme.year,
            changes={code: dict(change) for code, change in data["changes"].items()},
            against=against,
        )
        return Response(WhatIfSerializer(what_if_data(found)).data)
