"""Pages for statistics (with drill-down) and for filing and reviewing reports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipoffice.common.errors import ApplicationError, InvalidInput, PermissionDeniedError
from ipoffice.common.periods import period_parse
from ipoffice.common.scoping import get_visible_or_404, user_office
from ipoffice.common.views import posted_note
from ipoffice.common.workflow import transitions_available
from ipoffice.offices.models import REPORTING_LEVELS
from ipoffice.reporting import figures, selectors, services
from ipoffice.reporting.definitions import FORMS
from ipoffice.reporting.filters import ReportFilter
from ipoffice.reporting.models import Report
from ipoffice.reporting.workflow import REPORT_WORKFLOW


def _params(request: HttpRequest) -> tuple[Any, Any, Any]:
    readable = selectors.readable_forms(request.user)
    if not readable:
        raise PermissionDenied
    form_code = request.GET.get("form") or readable[0].code
    if form_code not in FORMS:
        raise Http404
    if not selectors.form_readable(request.user, FORMS[form_code]):
        raise PermissionDenied
    try:
        period = period_parse(request.GET.get("period") or str(timezone.localdate().year - 1))
    except ValueError as exc:
        raise Http404(str(exc)) from None
    office = selectors.statistics_office(request.user, request.GET.get("office"))
    return FORMS[form_code], period, office


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    form, period, office = _params(request)
    result = selectors.statistics(form, office, period)
    return render(
        request,
        "reporting/statistics.html",
        {
            "result": result,
            "form": form,
            "period": period,
            "office": office,
            "forms": [(f.code, f.label) for f in selectors.readable_forms(request.user)],
        },
    )


@login_required
def drilldown_page(request: HttpRequest) -> HttpResponse:
    form, period, office = _params(request)
    code = request.GET.get("figure", "")
    try:
        records = figures.drilldown(form, office, period, code)
    except KeyError:
        raise Http404 from None
    rows = [
        [
            (c.page(r), reverse(c.link, args=[r.pk]) if c.link else "")
            for c in form.columns
            if c.page is not None
        ]
        for r in records.select_related(form.office_field)[:500]
    ]
    return render(
        request,
        "reporting/drilldown.html",
        {
            "form": form,
            "period": period,
            "office": office,
            "figure": form.figure(code),
            "count": records.count(),
            "rows": rows,
        },
    )


@login_required
def reports_page(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    office = user_office(user)
    if office is None:
        raise Http404
    form_code = request.GET.get("form") or next(iter(FORMS), "")
    period = request.GET.get("period") or str(timezone.localdate().year - 1)
    # The report list's parameters, checked as on /api/v1/reports/; a bad one is shown.
    asked = ReportFilter({"form": form_code, "period": period}, queryset=Report.objects.none())
    done, status = None, 400
    if asked.is_valid():
        chosen = asked.form.cleaned_data
        done = selectors.completeness(office=office, form=chosen["form"], period=chosen["period"])
        status = 200
    own = Report.objects.visible_to(user).filter(office=office).order_by("-period")
    return render(
        request,
        "reporting/reports.html",
        {
            "office": office,
            "completeness": done,
            "filter_form": asked.form,
            "own": own,
            "form_code": form_code,
            "forms": [(f.code, f.label) for f in FORMS.values()],
            "period": period,
            "worklist": selectors.worklist(user=user),
            "can_file": user.has_perm("reporting.submit_report")
            and office.level in REPORTING_LEVELS,
        },
        status=status,
    )


@login_required
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_visible_or_404(Report.objects.select_related("office"), request.user, pk=pk)
    if not selectors.form_readable(request.user, FORMS[report.form]):
        raise PermissionDenied
    detail = selectors.report_detail(report)
    labels = {f.code: f.label for f in FORMS[report.form].figures}
    return render(
        request,
        "reporting/report.html",
        {
            "report": report,
            "detail": detail,
            "rows": [
                (code, labels.get(code, code), value, (detail["approved_figures"] or {}).get(code))
                for code, value in detail["figures"].items()
            ],
            "manual_codes": [f.code for f in FORMS[report.form].figures if f.manual],
            "transitions": transitions_available(REPORT_WORKFLOW, report, request.user),
        },
    )


@login_required
@require_POST
def report_open_page(request: HttpRequest) -> HttpResponse:
    try:
        report = services.report_open(
            actor=request.user,
            form=request.POST.get("form", ""),
            period=request.POST.get("period", ""),
        )
    except PermissionDeniedError:
        raise PermissionDenied from None
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("reports")
    return redirect("report-detail", pk=report.pk)


@login_required
@require_POST
def report_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    report = get_visible_or_404(Report.objects.all(), request.user, pk=pk)
    try:
        if name == "fill":
            posted = {key: str(request.POST.get(key, "")) for key in request.POST}
            manual = {
                k[len("manual_") :]: int(v)
                for k, v in posted.items()
                if k.startswith("manual_") and v.strip().lstrip("-").isdigit()
            }
            explanations = {
                k[len("explain_") :]: v
                for k, v in posted.items()
                if k.startswith("explain_") and v.strip()
            }
            services.report_fill(
                actor=request.user, report=report, manual=manual, explanations=explanations
            )
        else:
            services.report_transition(
                actor=request.user, report=report, name=name, reason=posted_note(request, "reason")
            )
    except InvalidInput as exc:
        for field, errors in exc.errors.items():
            messages.error(request, f"{field}: {' '.join(str(e) for e in errors)}")
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("report-detail", pk=pk)


@login_required
def annual_page(request: HttpRequest) -> HttpResponse:
    """The annual report on a page, or as a PDF, XLSX or Markdown download."""
    from django.utils.translation import get_language

    from ipoffice.reporting.annual import build
    from ipoffice.reporting.render import context, to_markdown, to_pdf, to_xlsx

    sections = selectors.readable_sections(request.user)
    if not sections:
        raise PermissionDenied
    office = selectors.statistics_office(request.user, request.GET.get("office"))
    year_text = request.GET.get("year") or str(timezone.localdate().year - 1)
    if not year_text.isdigit() or not 1985 <= int(year_text) <= 2100:
        raise Http404
    language = "zh-hans" if (get_language() or "").startswith("zh") else "en"
    report = build(office, int(year_text), language, sections)
    kind = request.GET.get("format", "")
    files = {
        "pdf": (to_pdf, "application/pdf"),
        "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "md": (to_markdown, "text/markdown; charset=utf-8"),
    }
    if kind in files:
        renderer, content_type = files[kind]
        response = HttpResponse(renderer(report), content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="annual-report-{office.code}-{report.year}.{kind}"'
        )
        return response
    return render(request, "reporting/annual.html", {**context(report), "standalone": False})


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    from django.utils.translation import get_language

    from ipoffice.reporting.dashboard import dashboard

    sections = selectors.readable_sections(request.user)
    if not sections:
        raise PermissionDenied
    office = selectors.statistics_office(request.user, request.GET.get("office"))
    year_text = request.GET.get("year") or str(timezone.localdate().year - 1)
    if not year_text.isdigit() or not 1985 <= int(year_text) <= 2100:
        raise Http404
    language = "zh-hans" if (get_language() or "").startswith("zh") else "en"
    data = dashboard(office, int(year_text), language, sections)
    return render(
        request, "reporting/dashboard.html", {**data, "office": office, "year": int(year_text)}
    )


urlpatterns = [
    path("dashboard/", dashboard_page, name="dashboard"),
    path("reports/annual/", annual_page, name="annual-report"),
    path("statistics/", statistics_page, name="statistics"),
    path("statistics/drilldown/", drilldown_page, name="statistics-drilldown"),
    path("reports/", reports_page, name="reports"),
    path("reports/open/", report_open_page, name="report-open"),
    path("reports/<int:pk>/", report_page, name="report-detail"),
    path("reports/<int:pk>/<str:name>/", report_action, name="report-action"),
]
