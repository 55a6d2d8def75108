"""The report list's query parameters, for /api/v1/reports/ and the /reports/ page."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ipoffice.common.filters import ListFilterSet, SortFilter
from ipoffice.common.periods import period_parse
from ipoffice.offices.models import code_validator
from ipoffice.reporting import selectors
from ipoffice.reporting.definitions import FORMS
from ipoffice.reporting.enums import ReportStatus
from ipoffice.reporting.models import Report


class PeriodField(forms.CharField):
    """A reporting period, given as YYYY, YYYY-Qn or YYYY-MM; cleaned to its code."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        try:
            return period_parse(text).code
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class PeriodFilter(django_filters.CharFilter):
    field_class = PeriodField


class ReportFilter(ListFilterSet):
    # Declared filters leave the class, so "form" does not hide FilterSet.form.
    form = django_filters.ChoiceFilter(
        label=_("Report form"), choices=[(code, f.label) for code, f in FORMS.items()]
    )
    period = PeriodFilter(label=_("Period"), help_text=_("YYYY, YYYY-Qn or YYYY-MM."))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReportStatus.choices)
    office = django_filters.CharFilter(
        label=_("Office"),
        help_text=_("An office code: the reports of that office and of the offices below it."),
        validators=[code_validator],
    )
    sort = SortFilter(
        fields=(
            ("office__path", "office"),
            ("form", "form"),
            ("period", "period"),
            ("status", "status"),
            ("due_on", "due_on"),
            ("submitted_on", "submitted_on"),
        ),
        field_labels={
            "office__path": _("Office"),
            "form": _("Report form"),
            "period": _("Period"),
            "status": _("Status"),
            "due_on": _("Due"),
            "submitted_on": _("Submitted"),
        },
    )

    class Meta:
        model = Report
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        return selectors.reports_filtered(queryset, **given)
