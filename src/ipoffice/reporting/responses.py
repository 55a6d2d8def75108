"""The shapes of the reporting API's answers, declared for the OpenAPI schema.

The selectors build these answers as dictionaries (``statistics``, ``completeness``,
``report_detail``); the serializers below say what a client receives."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


def number() -> serializers.FloatField:
    return serializers.FloatField(
        allow_null=True, help_text="a count or an amount; null when not filled in"
    )


class FigureSerializer(serializers.Serializer[Any]):
    # DRF collects declared fields by name, so a field may be called "label".
    label = serializers.CharField()  # type: ignore[assignment]
    value = number()
    previous = serializers.FloatField(allow_null=True, help_text="the same period a year earlier")
    change_pct = serializers.FloatField(allow_null=True, help_text="change on a year earlier, %")
    share_pct = serializers.FloatField(
        allow_null=True, required=False, help_text="share of the form's base figure, % (live)"
    )


class StatisticsSerializer(serializers.Serializer[Any]):
    office = serializers.CharField()
    office_name = serializers.CharField()
    form = serializers.CharField()
    period = serializers.CharField()
    basis = serializers.ChoiceField(choices=["live", "approved"])
    computed_at = serializers.DateTimeField(required=False, help_text="live figures only")
    approved_version = serializers.IntegerField(
        required=False, help_text="live: the version of the latest approved snapshot, if any"
    )
    revision_pending = serializers.BooleanField(
        required=False, help_text="live: the records now differ from the approved snapshot"
    )
    complete = serializers.BooleanField(
        required=False, help_text="approved: every office below had approved figures"
    )
    version = serializers.IntegerField(
        required=False, allow_null=True, help_text="approved: the snapshot's version"
    )
    figures = serializers.DictField(child=FigureSerializer(), help_text="figure code: figure")


class DrilldownSerializer(serializers.Serializer[Any]):
    office = serializers.CharField()
    period = serializers.CharField()
    figure = serializers.CharField()
    basis = serializers.CharField(help_text="always live: the records now")
    count = serializers.IntegerField()
    count_capped = serializers.BooleanField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    records = serializers.ListField(
        child=serializers.DictField(),
        help_text="cases (id, case_number, office, case_type, status, accepted_on, "
        "concluded_on, outcome) or complaints (id, tracking_number, center, kind, channel, "
        "status, received_on, respondent_code)",
    )


class FindingSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    severity = serializers.CharField()
    message = serializers.CharField()
    figure = serializers.CharField()


class VersionSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField()
    approved_at = serializers.DateTimeField()
    figures = serializers.DictField()


class ReportDetailSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    office = serializers.CharField()
    form = serializers.CharField()
    period = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    due_on = serializers.DateField()
    submitted_on = serializers.DateField(allow_null=True)
    figures = serializers.DictField(child=number(), help_text="figure code: live value")
    manual = serializers.DictField(child=serializers.IntegerField())
    explanations = serializers.DictField(child=serializers.CharField())
    findings = FindingSerializer(many=True)
    approved_version = serializers.IntegerField(allow_null=True)
    approved_figures = serializers.DictField(allow_null=True)
    revision_pending = serializers.BooleanField()
    versions = VersionSerializer(many=True)


class BulkResultSerializer(serializers.Serializer[Any]):
    results = serializers.DictField(
        child=serializers.CharField(), help_text='report id: "ok" or why it was refused'
    )


class CompletenessRowSerializer(serializers.Serializer[Any]):
    office = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField(help_text='a report status, or "missing"')
    due_on = serializers.DateField()
    submitted_on = serializers.DateField(allow_null=True)
    late = serializers.BooleanField()
    report = serializers.IntegerField(allow_null=True)


class CompletenessSerializer(serializers.Serializer[Any]):
    office = serializers.CharField()
    form = serializers.CharField()
    period = serializers.CharField()
    due_on = serializers.DateField()
    summary = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="how many offices are missing, in each status, late, and expected",
    )
    offices = CompletenessRowSerializer(many=True)
