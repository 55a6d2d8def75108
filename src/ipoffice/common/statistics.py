"""Report forms and the sections built on them: data that each app declares and registers.

Cases and complaints sit below reporting in the layer order, yet only they know what their
records mean. So each declares here, from its ``ready()``, its report form (the figures,
each a filter over its records; who may read them; how its records are listed behind a
figure) and its section (what the dashboard and the annual report show of it: tiles,
a paragraph filled from the figures, tables and charts, and grids: rows that no form's
figures make, such as a ranking, from a selector of the app). Reporting reads the
registries and computes; it names no form. An app above reporting adds its section the
same way, on a form of its own, an existing one, or none (a section of grids and facts).
Counting rules: docs/counting-rules.md; sections: docs/dashboards-and-annual-report.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.functional import Promise

from ipoffice.common.exports import Cell
from ipoffice.common.periods import Period

if TYPE_CHECKING:  # for the annotations only: offices sit above common
    from ipoffice.offices.models import Office

BLOCKING, WARNING = "blocking", "warning"

# Where a section's part appears.
DASHBOARD, PAGE, MARKDOWN, XLSX, PDF = "dashboard", "page", "markdown", "xlsx", "pdf"
REPORT = frozenset({PAGE, MARKDOWN, XLSX, PDF})  # the annual report, in every format
EVERYWHERE = REPORT | {DASHBOARD}

# What a chart's bars are: one figure per month of the year, one figure per office
# directly below, or several figures side by side.
BY_MONTH, BY_OFFICE, BY_FIGURE = "month", "office", "figure"


@dataclass(frozen=True)
class Figure:
    code: str
    label: Promise
    # Which records count, for a period: a Q over the form's model.
    where: Callable[[Period], Q] | None = None
    # "count" the records, or "sum:<field>" them.
    measure: str = "count"
    manual: bool = False  # entered per report: no record holds it
    # A stock (open at the start of the period) is not a sum over months; the roll-up
    # keeps the flows in and out per month, and the stock at a date is in minus out
    # over every earlier month. ``where`` stays the definition for live counts and
    # drill-down; tests check both agree.
    inflow: Callable[[Period], Q] | None = None
    outflow: Callable[[Period], Q] | None = None


@dataclass(frozen=True)
class Rule:
    """A consistency rule of a form's figures, checked before a report is submitted."""

    code: str
    severity: str  # BLOCKING or WARNING
    message: Promise
    holds: Callable[[dict[str, Any]], bool]


@dataclass(frozen=True)
class Column:
    """One column of the records behind a figure: ``name`` and ``value`` in the API's
    rows; ``page`` what the drill-down page shows (None: not shown there)."""

    name: str
    value: Callable[[Any], Any]
    page: Callable[[Any], Any] | None = None
    link: str = ""  # on the page, link to the record's own page (a URL name taking its pk)


@dataclass(frozen=True)
class ReportForm:
    code: str
    label: Promise
    model: str  # "app_label.Model", read through its scoped manager
    permission: str  # needed to read the figures and the records behind them
    office_field: str  # the model's foreign key to the office whose subtree counts it
    figures: tuple[Figure, ...] = field(default_factory=tuple)
    # Figures the sections use beyond the report's own (a breakdown by the patents of a
    # case, say): not filed, not in the statistics or the tables, not in the roll-up;
    # counted from the records when a section asks, listed by the same drill-down.
    extra: tuple[Figure, ...] = ()
    columns: tuple[Column, ...] = ()
    rules: tuple[Rule, ...] = ()
    base: str = ""  # the figure others are a share of ("disputes were 31.2% of cases")
    parts: tuple[str, ...] = ()  # the figures that are subsets of the base

    def figure(self, code: str) -> Figure:
        for item in (*self.figures, *self.extra):
            if item.code == code:
                return item
        raise KeyError(code)


@dataclass(frozen=True)
class Tile:
    """A dashboard tile: a figure of the year with its change, linking to its records; or,
    with ``now``, a count as of today (from a named selector) linking to a list."""

    figure: str = ""
    label: Promise | None = None  # default: the figure's label
    now: Callable[[Any, date], int] | None = None  # (office, today) -> how many
    url: str = ""  # URL name of the list behind a "now" tile
    query: str = ""  # and its query string


@dataclass(frozen=True)
class Chart:
    """Bars drawn from the figures, each also shown as a table."""

    code: str  # names its sheet in the XLSX report
    title: Promise  # of the chart and of its table
    by: str  # BY_MONTH, BY_OFFICE (one figure) or BY_FIGURE (several)
    figures: tuple[str, ...]
    heading: Promise | None = None  # above it in the annual report (default: title)
    card: Promise | None = None  # above it on the dashboard (default: title)
    wide: bool = False  # a whole row of the dashboard
    shown: frozenset[str] = EVERYWHERE


@dataclass(frozen=True)
class Table:
    """Figures listed by label and value under a heading (figures at 0 left out)."""

    heading: Promise
    figures: tuple[str, ...]
    shown: frozenset[str] = REPORT


@dataclass(frozen=True)
class GridColumn:
    """A column of a grid: ``kind`` says how its values are written (a count, a score,
    a change, a rank change: numbers in the XLSX, right-aligned elsewhere)."""

    name: str
    label: Promise
    kind: Cell = Cell.TEXT


@dataclass(frozen=True)
class Grid:
    """A table of rows that no report form's figures make (a ranking of offices, say):
    ``rows(office, period)`` is a named selector of the owning app, called in the
    report's language, giving one tuple of plain values (text, numbers, None) per row
    in the order of ``columns``. Shown in the annual report only."""

    code: str
    heading: Promise  # above it, and its sheet's name in the XLSX report
    columns: tuple[GridColumn, ...]
    rows: Callable[[Office, Period], list[tuple[Any, ...]]]
    shown: frozenset[str] = REPORT
    # Said instead of the table when there are no rows. Without it such a grid is left
    # out of the page, the Markdown and the PDF; its XLSX sheet keeps its header row.
    empty: Promise | None = None


@dataclass(frozen=True)
class Sentence:
    """One sentence of a section's paragraph, a translatable message filled with
    ``%(figure)s`` (the value), ``%(figure__trend)s`` ("increased"), ``%(figure__change)s``
    ("79.8%"), ``%(office)s`` and the section's facts."""

    text: Promise
    national: Promise | None = None  # the wording for the national office, if different


@dataclass(frozen=True)
class Section:
    """What the dashboard and the annual report show of one domain."""

    code: str  # names its sheet in the XLSX report
    # The report form its figures come from; "" for a section of grids and facts only,
    # which has no figures (no table, charts, tables or figure tiles).
    form: str
    title: Promise
    paragraph: tuple[Sentence, ...] = ()
    table: tuple[str, ...] = ()  # figures with the year before and the change
    tiles: tuple[Tile, ...] = ()
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()
    # More values for the paragraph, not figures of a period: (office) -> {name: value},
    # from a named selector of the app.
    facts: Callable[[Any], dict[str, Any]] | None = None
    # The same for the report's period: (office, period) -> {name: value}.
    yearly_facts: Callable[[Any, Period], dict[str, Any]] | None = None
    completeness: bool = False  # the dashboard shows how the offices below file the form
    grids: tuple[Grid, ...] = ()
    # Who may read a section with no form (with a form: the form's read permission).
    permission: str = ""
    order: int = 100

    def __post_init__(self) -> None:
        problem = _section_problem(self)
        if problem:
            raise ValueError(f"section {self.code}: {problem}")


def _section_problem(section: Section) -> str:
    """What a section declares that cannot be shown, found when it is declared rather
    than when a report first fails."""
    if any(DASHBOARD in g.shown for g in section.grids):
        return "grids are shown in the annual report only"
    if section.form:
        return "its form's permission decides who reads it" if section.permission else ""
    if not section.permission:
        return "a section without a form needs a permission"
    figures = section.table or section.charts or section.tables or section.completeness
    if figures or any(t.now is None for t in section.tiles):
        return "a section without a form has no figures to show"
    return ""


_FORMS: dict[str, ReportForm] = {}
_FOLLOWERS: list[Callable[[ReportForm], None]] = []
_SECTIONS: dict[str, Section] = {}
_READERS: list[Callable[[ReportForm, Any, Period], dict[str, Any]]] = []


def form_register(form: ReportForm) -> ReportForm:
    if form.code in _FORMS:
        raise ValueError(f"report form {form.code} is already registered")
    _FORMS[form.code] = form
    for follower in _FOLLOWERS:
        follower(form)
    return form


def forms_follow(follower: Callable[[ReportForm], None]) -> None:
    """Call ``follower`` for every form registered, now and later (the roll-up counts
    each form's model, whichever app registers it and when)."""
    _FOLLOWERS.append(follower)
    for form in list(_FORMS.values()):
        follower(form)


def registered_forms() -> Mapping[str, ReportForm]:
    """Every report form by code, in registration order (a live, read-only view)."""
    return MappingProxyType(_FORMS)


def section_register(section: Section) -> Section:
    if section.code in _SECTIONS:
        raise ValueError(f"section {section.code} is already registered")
    _SECTIONS[section.code] = section
    return section


def section_unregister(code: str) -> None:
    del _SECTIONS[code]


def registered_sections() -> tuple[Section, ...]:
    return tuple(sorted(_SECTIONS.values(), key=lambda s: s.order))


def figures_reader_register(reader: Callable[[ReportForm, Any, Period], dict[str, Any]]) -> None:
    """The app that counts the forms (reporting) registers how, in its ``ready()``."""
    if _READERS:
        raise ValueError("a figures reader is already registered")
    _READERS.append(reader)


def figures_read(form: ReportForm, office: Any, period: Period) -> dict[str, Any]:
    """The form's figures for the office's subtree: for the apps below the one counting."""
    if not _READERS:
        raise LookupError("no app counts the report forms (is reporting installed?)")
    return _READERS[0](form, office, period)
