"""The annual report, and the dashboard's figures, assembled from the registered sections.

Each app registers a section (common/statistics.py): its report form (or none), paragraph,
table, tiles, charts, tables and grids. ``build`` computes what the chosen sections show,
for one office and year, from the roll-up, the form definitions and the grids' selectors;
one result feeds every format (render.py) and the dashboard (dashboard.py). Nothing here
names a form or a section.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from ipoffice.common.periods import Period, period_parse
from ipoffice.common.statistics import (
    BY_FIGURE,
    BY_MONTH,
    REPORT,
    Chart,
    Figure,
    Grid,
    ReportForm,
    Section,
    Table,
    registered_sections,
)
from ipoffice.offices.models import Office, OfficeLevel
from ipoffice.reporting import figures
from ipoffice.reporting.definitions import FORMS

Row = tuple[str, str, Any, Any, str]  # code, label, value, previous, change


@dataclass
class SectionReport:
    """One section, computed: figures with the year before, and what it shows."""

    section: Section
    form: ReportForm | None  # None: a section of grids and facts only
    figures: dict[str, dict[str, Any]]
    extra: dict[str, Any]
    paragraph: str = ""
    rows: list[Row] = field(default_factory=list)
    # Each chart with its values: (month number | Office | label, value).
    charts: list[tuple[Chart, list[tuple[Any, Any]]]] = field(default_factory=list)
    tables: list[tuple[Table, list[tuple[str, Any]]]] = field(default_factory=list)
    grids: list[tuple[Grid, list[tuple[Any, ...]]]] = field(default_factory=list)

    def label(self, code: str) -> str:
        return str(self.figure(code).label)

    def figure(self, code: str) -> Figure:
        if self.form is None:
            raise KeyError(code)  # Section refuses figures without a form: not reached
        return self.form.figure(code)

    def value(self, code: str) -> Any:
        return self.figures[code]["value"] if code in self.figures else self.extra[code]


@dataclass
class AnnualReport:
    office: Office
    year: int
    language: str
    sections: list[SectionReport]


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{abs(value):.1f}%"


def _change(item: dict[str, Any]) -> str:
    pct = item["change_pct"]
    return "—" if pct is None else f"{pct:+.1f}%"


def _paragraph(done: SectionReport, office: Office, period: Period) -> str:
    """The section's sentences, each a translated message filled with the figures."""
    values: dict[str, Any] = {"office": office.name}
    if done.section.facts is not None:
        values.update(done.section.facts(office))
    if done.section.yearly_facts is not None:
        values.update(done.section.yearly_facts(office, period))
    for code, item in done.figures.items():
        values[code] = f"{item['value']:,}"
        values[f"{code}__trend"] = (
            _("increased") if (item["change_pct"] or 0) >= 0 else _("decreased")
        )
        values[f"{code}__change"] = _pct(item["change_pct"])
    values.update({code: f"{value:,}" for code, value in done.extra.items()})
    national = office.level == OfficeLevel.NATIONAL
    sentences = [
        str(s.national if national and s.national is not None else s.text) % values
        for s in done.section.paragraph
    ]
    joiner = "" if (translation.get_language() or "").startswith("zh") else " "
    return joiner.join(sentences)


def _row(done: SectionReport, code: str) -> Row:
    item = done.figures[code]
    return (code, done.label(code), item["value"], item["previous"], _change(item))


def _chart_values(
    chart: Chart, form: ReportForm, done: SectionReport, office: Office, period: Period
) -> list[tuple[Any, Any]]:
    if chart.by == BY_FIGURE:
        return [(done.label(code), done.value(code)) for code in chart.figures]
    (code,) = chart.figures
    if chart.by == BY_MONTH:
        return list(figures.by_month(form, office, period.start.year, code).items())
    return figures.by_office_below(form, office, period, code)


def _grid_rows(grid: Grid, office: Office, period: Period) -> list[tuple[Any, ...]]:
    rows = [tuple(row) for row in grid.rows(office, period)]
    for row in rows:
        if len(row) != len(grid.columns):
            # A misaligned row would put values under the wrong headers in every format.
            raise ValueError(
                f"grid {grid.code}: a row of {len(row)} values for {len(grid.columns)} columns"
            )
    return rows


def _section(
    section: Section, office: Office, period: Period, places: frozenset[str]
) -> SectionReport:
    form = FORMS[section.form] if section.form else None
    done = SectionReport(section=section, form=form, figures={}, extra={})
    if form is not None:
        charts = [c for c in section.charts if c.shown & places]
        tables = [t for t in section.tables if t.shown & places]
        wanted = {code for c in charts for code in c.figures}
        wanted |= {code for t in tables for code in t.figures}
        extra_codes = sorted(wanted - {f.code for f in form.figures})
        done.figures = figures.with_previous(form, office, period)
        done.extra = figures.compute_extra(form, office, period, extra_codes)
        done.charts = [(c, _chart_values(c, form, done, office, period)) for c in charts]
        done.tables = [
            (t, [(done.label(code), v) for code in t.figures if (v := done.value(code))])
            for t in tables
        ]
    if places & REPORT:
        done.paragraph = _paragraph(done, office, period)
        done.rows = [_row(done, code) for code in section.table]
        done.grids = [(g, _grid_rows(g, office, period)) for g in section.grids if g.shown & places]
    return done


def build(
    office: Office,
    year: int,
    language: str = "en",
    sections: list[Section] | None = None,
    places: frozenset[str] = REPORT,
) -> AnnualReport:
    """The sections (all registered by default) for the office's subtree and the year,
    computing what they show in ``places`` (the report's formats, or the dashboard)."""
    chosen = list(registered_sections()) if sections is None else sections
    with translation.override(language):
        period = period_parse(str(year))
        return AnnualReport(
            office=office,
            year=year,
            language=language,
            sections=[_section(s, office, period, places) for s in chosen],
        )
