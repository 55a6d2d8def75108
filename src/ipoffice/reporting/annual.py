"""The enforcement and complaint sections of the annual report, written from live figures.

One context feeds every format: the page and HTML file (each figure links to its records),
Markdown, XLSX and PDF (ReportLab, with its built-in Chinese font).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils import translation
from django.utils.translation import gettext as _

from ipoffice.cases.models import Case, CasePatent
from ipoffice.offices.models import REPORTING_LEVELS, Office, OfficeLevel
from ipoffice.reporting import figures
from ipoffice.reporting.definitions import COMPLAINTS, ENFORCEMENT
from ipoffice.reporting.periods import period_parse

TABLE_FIGURES = [
    "cases_accepted", "disputes_accepted", "infringement_disputes_accepted",
    "other_disputes_accepted", "passing_off_accepted", "e_commerce_accepted",
    "exhibition_accepted", "foreign_related_accepted", "cases_closed",
    "closed_within_time_limit", "penalty_decisions", "fines_total",
]  # fmt: skip


@dataclass
class AnnualReport:
    office: Office
    year: int
    language: str
    enforcement: dict[str, dict[str, Any]]
    complaints: dict[str, dict[str, Any]]
    paragraphs: list[str]
    complaint_paragraph: str
    months: list[tuple[int, int]]
    by_office: list[tuple[Office, int]]
    patent_types: list[tuple[str, int]]
    centers: int
    provinces_covered: int
    labels: dict[str, str] = field(default_factory=dict)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{abs(value):.1f}%"


def _paragraphs(e: dict[str, dict[str, Any]], office: Office, year: int) -> list[str]:
    cases, disputes = e["cases_accepted"], e["disputes_accepted"]
    infringement, passing = e["infringement_disputes_accepted"], e["passing_off_accepted"]

    def up(figure: dict[str, Any]) -> str:
        return _("increased") if (figure["change_pct"] or 0) >= 0 else _("decreased")

    values = {
        "office": office.name,
        "cases": f"{cases['value']:,}",
        "up": up(cases),
        "pct": _pct(cases["change_pct"]),
        "disputes": f"{disputes['value']:,}",
        "infringement": f"{infringement['value']:,}",
        "up2": up(disputes),
        "pct2": _pct(disputes["change_pct"]),
        "passing": f"{passing['value']:,}",
        "up3": up(passing),
        "pct3": _pct(passing["change_pct"]),
    }
    if office.level == OfficeLevel.NATIONAL:
        opening = (
            _(
                "Throughout the year, %(cases)s patent cases of various types were "
                "handled, %(up)s by %(pct)s compared with the previous year."
            )
            % values
        )
    else:
        opening = (
            _(
                "Throughout the year, %(office)s handled %(cases)s patent cases of "
                "various types, %(up)s by %(pct)s compared with the previous year."
            )
            % values
        )
    rest = (
        _(
            "Among these cases, %(disputes)s were patent disputes (including "
            "%(infringement)s patent infringement disputes), %(up2)s by %(pct2)s compared "
            "with the previous year; %(passing)s were cases of passing off patents, %(up3)s "
            "by %(pct3)s."
        )
        % values
    )
    joiner = "" if (translation.get_language() or "").startswith("zh") else " "
    return [opening + joiner + rest]


def build(office: Office, year: int, language: str = "en") -> AnnualReport:
    with translation.override(language):
        period = period_parse(str(year))
        enforcement = figures.with_previous(ENFORCEMENT, office, period)
        complaint_figures = figures.with_previous(COMPLAINTS, office, period)
        cases = Case.objects.in_subtree(office).filter(accepted_on__year=year)
        months = dict(
            cases.annotate(m=ExtractMonth("accepted_on"))
            .values_list("m")
            .annotate(n=Count("id"))
            .order_by()
        )
        by_office = _by_child(office, cases)
        types = dict(
            CasePatent.objects.filter(
                case__in=cases.filter(case_type__in=["infringement_dispute", "other_dispute"])
            )
            .values_list("patent_type")
            .annotate(n=Count("case", distinct=True))
            .order_by()
        )
        centers = Office.objects.in_subtree(office).filter(
            level=OfficeLevel.ASSISTANCE_CENTER, is_active=True
        )
        received = complaint_figures["complaints_received"]["value"]
        provinces = len({c.code[:2] for c in centers})
        complaint_paragraph = _(
            "%(centers)s IP enforcement assistance centers in %(provinces)s provinces ran the "
            "12330 hotline and took %(received)s complaints, reports and requests for help in "
            "the year; %(converted)s became enforcement cases and %(returned)s complainants "
            "were told the result."
        ) % {
            "centers": centers.count(),
            "provinces": provinces,
            "received": f"{received:,}",
            "converted": f"{complaint_figures['converted_to_cases']['value']:,}",
            "returned": f"{complaint_figures['results_returned']['value']:,}",
        }
        labels = {f.code: str(f.label) for f in (*ENFORCEMENT.figures, *COMPLAINTS.figures)}
        type_names = {
            "invention": _("Invention"),
            "utility_model": _("Utility model"),
            "design": _("Design"),
            "pct_invention": _("Invention (PCT)"),
            "pct_utility_model": _("Utility model (PCT)"),
        }
        return AnnualReport(
            office=office,
            year=year,
            language=language,
            enforcement=enforcement,
            complaints=complaint_figures,
            paragraphs=_paragraphs(enforcement, office, year),
            complaint_paragraph=complaint_paragraph,
            months=[(m, months.get(m, 0)) for m in range(1, 13)],
            by_office=by_office,
            patent_types=[(str(type_names.get(t, t)), n) for t, n in sorted(types.items())],
            centers=centers.count(),
            provinces_covered=provinces,
            labels=labels,
        )


def _by_child(office: Office, cases: Any) -> list[tuple[Office, int]]:
    """Cases per office directly below (their whole subtrees), largest first."""
    children = {c.code: c for c in Office.objects.filter(parent=office, level__in=REPORTING_LEVELS)}
    depth = office.path.count("/")
    totals: dict[str, int] = {}
    for path, n in cases.values_list("office__path").annotate(n=Count("id")).order_by():
        parts = path.split("/")
        if len(parts) > depth + 1 and parts[depth] in children:
            totals[parts[depth]] = totals.get(parts[depth], 0) + n
    return sorted(((children[c], n) for c, n in totals.items()), key=lambda x: -x[1])
