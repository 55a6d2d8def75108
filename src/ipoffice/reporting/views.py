"""Pages for statistics (with drill-down) and for filing and reviewing reports."""

from __future__ import annotations

import re
import unicodedata
from functools import wraps
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
from ipoffice.common.filters import filter_page
from ipoffice.common.periods import period_parse, year_parse
from ipoffice.common.scoping import get_visible_or_404, user_office
from ipoffice.common.views import paginate, posted_note
from ipoffice.common.workflow import transitions_available
from ipoffice.offices.models import REPORTING_LEVELS
from ipoffice.offices.selectors import office_choices
from ipoffice.reporting import figures, selectors, services
from ipoffice.reporting.definitions import FORMS
from ipoffice.reporting.enums import ReportStatus
from ipoffice.reporting.filters import ReportFilter
from ipoffice.reporting.models import Report
from ipoffice.reporting.workflow import REPORT_WORKFLOW, event_label, may_fill


class Refused(Exception):
    """A page parameter the user typed that the page cannot answer: the page says why, in
    the user's language, instead of a bare error page."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.http_status = status


def refusing(view: Any) -> Any:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Refused as refused:
            own = user_office(request.user)
            return render(
                request,
                "reporting/refused.html",
                {"message": refused.message, "own": own, "path": request.path},
                status=refused.http_status,
            )

    return wrapped


def _office(request: HttpRequest) -> Any:
    """The office asked for (by code), if in the user's area; the user's own by default."""
    code = unicodedata.normalize("NFKC", request.GET.get("office", "")).strip()
    try:
        return selectors.statistics_office(request.user, code)
    except Http404:
        own = user_office(request.user)
        raise Refused(
            _(
                "No office %(code)s in your area: you see the figures of %(office)s and of "
                "the offices below it."
            )
            % {"code": code, "office": own.name if own else "—"},
            status=404,
        ) from None


def _year(request: HttpRequest) -> int:
    try:
        return year_parse(request.GET.get("year") or str(timezone.localdate().year - 1))
    except ValueError as exc:
        raise Refused(str(exc)) from None


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
        raise Refused(str(exc)) from None
    return FORMS[form_code], period, _office(request)


@login_required
@refusing
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
@refusing
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
            # Each report with its form's name (never its code).
            "own": [(r, FORMS[r.form].label) for r in own],
            "form_code": form_code,
            "forms": [(f.code, f.label) for f in FORMS.values()],
            "period": period,
            "worklist": [(r, FORMS[r.form].label) for r in selectors.worklist(user=user)],
            "can_file": user.has_perm("reporting.submit_report")
            and office.level in REPORTING_LEVELS,
        },
        status=status,
    )


@login_required
def report_list_page(request: HttpRequest) -> HttpResponse:
    """Every report of the user's area, filtered and sorted; the forms they may read."""
    readable = [f.code for f in selectors.readable_forms(request.user)]
    if not readable:
        raise PermissionDenied
    scoped = (
        Report.objects.visible_to(request.user)
        .filter(form__in=readable)
        .select_related("office")
        .order_by("-period", "office__path")
    )
    found, reports, status = filter_page(request, ReportFilter, scoped)
    page = paginate(request, reports)
    return render(
        request,
        "reporting/report_list.html",
        {
            "page": page,
            "rows": [(r, FORMS[r.form].label) for r in page],
            "filters": request.GET,
            "filter_form": found.form,
            "forms": [(f.code, f.label) for f in FORMS.values() if f.code in readable],
            "statuses": ReportStatus.choices,
            "offices": office_choices(user=request.user, levels=REPORTING_LEVELS),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


def _report_context(
    request: HttpRequest,
    report: Report,
    typed: dict[str, str] | None = None,
    problems: dict[str, str] | None = None,
) -> dict[str, Any]:
    detail = selectors.report_detail(report)
    figures_of = FORMS[report.form].figures
    labels = {f.code: f.label for f in figures_of}
    manual_codes = {f.code for f in figures_of if f.manual}
    approved = detail["approved_figures"] or {}
    rows = [
        {
            "code": code,
            "label": labels.get(code, code),
            "value": value,
            "approved": approved.get(code),
            "manual": code in manual_codes,
            # What was typed stays in the box when the page refuses it.
            "typed": (typed or {}).get(code, "" if value is None else str(value)),
            "problem": (problems or {}).get(code, ""),
        }
        for code, value in detail["figures"].items()
    ]
    return {
        "report": report,
        "form_label": FORMS[report.form].label,
        "detail": detail,
        "rows": rows,
        "fillable": may_fill(request.user, report),
        "returned": selectors.report_return(report),
        "events": [
            (e, event_label(e.action))
            for e in selectors.report_history(user=request.user, report=report)
        ],
        "transitions": transitions_available(REPORT_WORKFLOW, report, request.user),
        "typed_explanations": {
            k[len("explain_") :]: v for k, v in request.POST.items() if k.startswith("explain_")
        },
    }


def _visible_report(request: HttpRequest, pk: int) -> Report:
    report = get_visible_or_404(Report.objects.select_related("office"), request.user, pk=pk)
    if not selectors.form_readable(request.user, FORMS[report.form]):
        raise PermissionDenied
    return report


@login_required
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    return render(request, "reporting/report.html", _report_context(request, report))


WHOLE_NUMBER = re.compile(r"[0-9]+")  # ASCII only: int() would also take ² or ٣


def _manual_figures(report: Report, posted: Any) -> tuple[dict[str, int], dict[str, str]]:
    """The manual figures typed on the page, and a problem per figure it refuses. An empty
    box leaves the figure as it was."""
    values: dict[str, int] = {}
    problems: dict[str, str] = {}
    for figure in FORMS[report.form].figures:
        if not figure.manual:
            continue
        text = str(posted.get(f"manual_{figure.code}", "")).strip().replace(",", "")
        if not text:
            continue
        if WHOLE_NUMBER.fullmatch(text):
            values[figure.code] = int(text)
        else:
            problems[figure.code] = _("%(label)s: enter a whole number, zero or more.") % {
                "label": figure.label
            }
    return values, problems


def _report_fill(request: HttpRequest, report: Report) -> HttpResponse | None:
    """Save the figures, or the page again with every problem and what was typed."""
    manual, problems = _manual_figures(report, request.POST)
    explanations = {
        k[len("explain_") :]: str(v)
        for k, v in request.POST.items()
        if k.startswith("explain_") and str(v).strip()
    }
    if not problems:
        try:
            services.report_fill(
                actor=request.user, report=report, manual=manual, explanations=explanations
            )
            return None
        except InvalidInput as exc:
            labels = {f.code: f.label for f in FORMS[report.form].figures}
            problems = {
                code: f"{labels.get(code, _('Figure'))}: {' '.join(str(e) for e in errors)}"
                for code, errors in exc.errors.items()
            }
    typed = {
        k[len("manual_") :]: str(v) for k, v in request.POST.items() if k.startswith("manual_")
    }
    context = _report_context(request, report, typed, problems)
    return render(request, "reporting/report.html", context, status=400)


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
    report = get_visible_or_404(Report.objects.select_related("office"), request.user, pk=pk)
    try:
        if name == "fill":
            if (refused := _report_fill(request, report)) is not None:
                return refused
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
@refusing
def annual_page(request: HttpRequest) -> HttpResponse:
    """The annual report on a page, or as a PDF, XLSX or Markdown download."""
    from django.utils.translation import get_language

    from ipoffice.common.pdf import FontMissing
    from ipoffice.reporting.annual import build
    from ipoffice.reporting.render import context, to_markdown, to_pdf, to_xlsx

    sections = selectors.readable_sections(request.user)
    if not sections:
        raise PermissionDenied
    office, year = _office(request), _year(request)
    language = "zh-hans" if (get_language() or "").startswith("zh") else "en"
    report = build(office, year, language, sections)
    kind = request.GET.get("format", "")
    files = {
        "pdf": (to_pdf, "application/pdf"),
        "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "md": (to_markdown, "text/markdown; charset=utf-8"),
    }
    if kind in files:
        renderer, content_type = files[kind]
        try:
            body = renderer(report)
        except FontMissing as exc:  # an installation problem: say so, not a bare 500
            return HttpResponse(str(exc.message), status=exc.status, content_type="text/plain")
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="annual-report-{office.code}-{report.year}.{kind}"'
        )
        return response
    return render(request, "reporting/annual.html", {**context(report), "standalone": False})


@login_required
@refusing
def dashboard_page(request: HttpRequest) -> HttpResponse:
    from django.utils.translation import get_language

    from ipoffice.reporting.dashboard import dashboard

    sections = selectors.readable_sections(request.user)
    if not sections:
        raise PermissionDenied
    office, year = _office(request), _year(request)
    language = "zh-hans" if (get_language() or "").startswith("zh") else "en"
    data = dashboard(office, year, language, sections)
    return render(request, "reporting/dashboard.html", {**data, "office": office, "year": year})


urlpatterns = [
    path("dashboard/", dashboard_page, name="dashboard"),
    path("reports/annual/", annual_page, name="annual-report"),
    path("statistics/", statistics_page, name="statistics"),
    path("statistics/drilldown/", drilldown_page, name="statistics-drilldown"),
    path("reports/", reports_page, name="reports"),
    path("reports/open/", report_open_page, name="report-open"),
    path("reports/list/", report_list_page, name="report-list"),
    path("reports/<int:pk>/", report_page, name="report-detail"),
    path("reports/<int:pk>/<str:name>/", report_action, name="report-action"),
]
