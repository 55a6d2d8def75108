"""The enforcement report form and the enforcement section, registered in ``ready()``.

Each figure is a filter over cases plus a way to count them; the same definition computes
the figure and lists the records behind it (drill-down). The section says what the
dashboard and the annual report show of enforcement. Counting rules:
docs/counting-rules.md; the section: docs/dashboards-and-annual-report.md.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from operator import attrgetter
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipoffice.cases.enums import CaseSource, CaseType, Industry, Outcome
from ipoffice.cases.models import Case, CasePatent
from ipoffice.cases.selectors import overdue_cases
from ipoffice.common.identifiers import PATENT_TYPES
from ipoffice.common.periods import Period
from ipoffice.common.statistics import (
    BLOCKING,
    BY_FIGURE,
    BY_MONTH,
    BY_OFFICE,
    DASHBOARD,
    MARKDOWN,
    PAGE,
    PDF,
    WARNING,
    XLSX,
    Chart,
    Column,
    Figure,
    ReportForm,
    Rule,
    Section,
    Sentence,
    Table,
    Tile,
    form_register,
    section_register,
)

DISPUTES = (CaseType.INFRINGEMENT_DISPUTE, CaseType.OTHER_DISPUTE)
# The outcomes that are an administrative decision (处理决定 or 处罚决定); mediation,
# withdrawal, dismissal and transfer end a case without one.
DECISIONS = (Outcome.INFRINGEMENT_FOUND, Outcome.NO_INFRINGEMENT, Outcome.PENALTY_IMPOSED)


def _accepted(p: Period, **extra: Any) -> Q:
    return Q(accepted_on__range=(p.start, p.end), **extra)


def _concluded(p: Period, **extra: Any) -> Q:
    return Q(concluded_on__range=(p.start, p.end), **extra)


PATENT_TYPE_LABELS = {
    "invention": _("Invention"),
    "utility_model": _("Utility model"),
    "design": _("Design"),
    "pct_invention": _("Invention (PCT)"),
    "pct_utility_model": _("Utility model (PCT)"),
}


def _disputes_about(patent_type: str) -> Figure:
    """Disputes accepted with a patent of this type (a case counts once per type)."""
    patents = CasePatent.objects.filter(patent_type=patent_type).values("case_id")
    return Figure(
        f"disputes_{patent_type}",
        PATENT_TYPE_LABELS[patent_type],
        lambda p: _accepted(p, case_type__in=DISPUTES, pk__in=patents),
    )


def _at_most(part: str, whole: str) -> Callable[[dict[str, Any]], bool]:
    """A rule that ``part`` is no more than ``whole``, once both are filled in."""

    def holds(v: dict[str, Any]) -> bool:
        return v.get(part) is None or v.get(whole) is None or v[part] <= v[whole]

    return holds


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


ENFORCEMENT = ReportForm(
    "enforcement",
    _("Patent administrative enforcement"),
    "cases.Case",
    permission="cases.view_case",
    office_field="office",
    figures=(
        Figure("cases_accepted", _("Cases accepted"), _accepted),
        Figure(
            "disputes_accepted",
            _("Disputes accepted"),
            lambda p: _accepted(p, case_type__in=DISPUTES),
        ),
        Figure(
            "infringement_disputes_accepted",
            _("Infringement disputes accepted"),
            lambda p: _accepted(p, case_type=CaseType.INFRINGEMENT_DISPUTE),
        ),
        Figure(
            "other_disputes_accepted",
            _("Other disputes accepted"),
            lambda p: _accepted(p, case_type=CaseType.OTHER_DISPUTE),
        ),
        Figure(
            "passing_off_accepted",
            _("Passing-off cases accepted"),
            lambda p: _accepted(p, case_type=CaseType.PASSING_OFF),
        ),
        Figure(
            "e_commerce_accepted",
            _("E-commerce cases accepted"),
            lambda p: _accepted(p) & (Q(e_commerce=True) | Q(source=CaseSource.E_COMMERCE)),
        ),
        Figure(
            "exhibition_accepted",
            _("Exhibition cases accepted"),
            lambda p: (
                _accepted(p) & (Q(source=CaseSource.EXHIBITION) | Q(industry=Industry.EXHIBITIONS))
            ),
        ),
        Figure(
            "foreign_related_accepted",
            _("Foreign-related cases accepted"),
            lambda p: _accepted(p, foreign_related=True),
        ),
        Figure(
            "open_at_start",
            _("Cases open at the start of the period"),
            lambda p: (
                Q(accepted_on__lt=p.start)
                & (Q(concluded_on__isnull=True) | Q(concluded_on__gte=p.start))
            ),
            inflow=_accepted,
            outflow=lambda p: _concluded(p, accepted_on__isnull=False),
        ),
        Figure("cases_closed", _("Cases concluded"), _concluded),
        Figure(
            "closed_within_time_limit",
            _("Concluded within the statutory time limit"),
            lambda p: _concluded(p, concluded_within_limit=True),
        ),
        Figure(
            "cases_transferred",
            _("Cases transferred"),
            lambda p: _concluded(p, outcome=Outcome.TRANSFERRED),
        ),
        Figure(
            "infringement_found",
            _("Decisions finding infringement"),
            lambda p: _concluded(p, outcome=Outcome.INFRINGEMENT_FOUND),
        ),
        Figure(
            "mediated",
            _("Concluded by mediation"),
            lambda p: _concluded(p, outcome=Outcome.MEDIATED),
        ),
        Figure(
            "penalty_decisions",
            _("Penalty decisions"),
            lambda p: _concluded(p, outcome=Outcome.PENALTY_IMPOSED),
        ),
        Figure(
            "fines_total",
            _("Fines imposed (RMB)"),
            lambda p: _concluded(p, outcome=Outcome.PENALTY_IMPOSED),
            measure="sum:fine_amount",
        ),
        Figure(
            "decisions_issued",
            _("Administrative decisions issued"),
            lambda p: _concluded(p, outcome__in=DECISIONS),
        ),
        Figure(
            "decisions_published",
            _("Decisions published"),
            # When the decision was published, whenever the case concluded.
            lambda p: Q(published_on__range=(p.start, p.end)),
        ),
        Figure("enforcement_staff", _("Enforcement staff"), manual=True),
        Figure("premises_inspected", _("Premises inspected"), manual=True),
        Figure("training_sessions", _("Training sessions"), manual=True),
        # Cases a higher office supervises (督办): no field of the case says so yet.
        Figure("supervised_cases_closed", _("Supervised cases concluded"), manual=True),
        # Suits against the office's decisions are heard by the courts, outside the records.
        Figure("administrative_litigation", _("Administrative litigation cases"), manual=True),
        Figure("administrative_litigation_won", _("of which won by the office"), manual=True),
    ),
    extra=tuple(_disputes_about(t) for t in PATENT_TYPES.values()),
    columns=(
        Column("id", attrgetter("pk")),
        Column("case_number", attrgetter("case_number"), attrgetter("case_number"), "case-detail"),
        Column("office", attrgetter("office.code"), attrgetter("office.name")),
        Column("case_type", attrgetter("case_type"), lambda c: c.get_case_type_display()),
        Column("accepted_on", attrgetter("accepted_on"), lambda c: _day(c.accepted_on)),
        Column("status", attrgetter("status"), lambda c: c.get_status_display()),
        Column("concluded_on", attrgetter("concluded_on")),
        Column("outcome", attrgetter("outcome")),
    ),
    rules=(
        Rule(
            "infringement_within_disputes",
            BLOCKING,
            _("Infringement disputes cannot exceed disputes."),
            lambda v: v["infringement_disputes_accepted"] <= v["disputes_accepted"],
        ),
        Rule(
            "disputes_within_cases",
            BLOCKING,
            _("Disputes cannot exceed all cases accepted."),
            lambda v: v["disputes_accepted"] <= v["cases_accepted"],
        ),
        Rule(
            "closed_within_open_and_accepted",
            BLOCKING,
            _("Cases concluded cannot exceed cases open at the start plus cases accepted."),
            lambda v: v["cases_closed"] <= v["open_at_start"] + v["cases_accepted"],
        ),
        Rule(
            "litigation_won_within_litigation",
            BLOCKING,
            _("Litigation cases won cannot exceed administrative litigation cases."),
            _at_most("administrative_litigation_won", "administrative_litigation"),
        ),
        Rule(
            "manual_items_filled",
            WARNING,
            _("Enforcement staff is not filled in."),
            lambda v: v.get("enforcement_staff") is not None,
        ),
    ),
    base="cases_accepted",
    parts=(
        "disputes_accepted",
        "infringement_disputes_accepted",
        "other_disputes_accepted",
        "passing_off_accepted",
        "e_commerce_accepted",
        "exhibition_accepted",
        "foreign_related_accepted",
    ),
)


TABLE_FIGURES = (
    "cases_accepted", "disputes_accepted", "infringement_disputes_accepted",
    "other_disputes_accepted", "passing_off_accepted", "e_commerce_accepted",
    "exhibition_accepted", "foreign_related_accepted", "cases_closed",
    "closed_within_time_limit", "penalty_decisions", "fines_total",
)  # fmt: skip


def _overdue_now(office: Any, today: date) -> int:
    return int(overdue_cases(Case.objects.in_subtree(office), today).count())


ENFORCEMENT_SECTION = Section(
    "enforcement",
    ENFORCEMENT.code,
    _("Patent administrative enforcement"),
    paragraph=(
        Sentence(
            _(
                "Throughout the year, %(office)s handled %(cases_accepted)s patent cases of "
                "various types, %(cases_accepted__trend)s by %(cases_accepted__change)s "
                "compared with the previous year."
            ),
            national=_(
                "Throughout the year, %(cases_accepted)s patent cases of various types were "
                "handled, %(cases_accepted__trend)s by %(cases_accepted__change)s compared "
                "with the previous year."
            ),
        ),
        Sentence(
            _(
                "Among these cases, %(disputes_accepted)s were patent disputes (including "
                "%(infringement_disputes_accepted)s patent infringement disputes), "
                "%(disputes_accepted__trend)s by %(disputes_accepted__change)s compared with "
                "the previous year; %(passing_off_accepted)s were cases of passing off "
                "patents, %(passing_off_accepted__trend)s by %(passing_off_accepted__change)s."
            )
        ),
    ),
    table=TABLE_FIGURES,
    tiles=(
        *(
            Tile(code)
            for code in (
                "cases_accepted",
                "disputes_accepted",
                "infringement_disputes_accepted",
                "passing_off_accepted",
                "cases_closed",
                "closed_within_time_limit",
            )
        ),
        Tile(label=_("Overdue cases now"), now=_overdue_now, url="case-list", query="overdue=1"),
    ),
    charts=(
        Chart(
            "months",
            _("Cases accepted by month"),
            BY_MONTH,
            ("cases_accepted",),
            heading=_("Cases by month"),
        ),
        Chart(
            "types",
            _("Cases accepted by type"),
            BY_FIGURE,
            ("infringement_disputes_accepted", "other_disputes_accepted", "passing_off_accepted"),
            card=_("By type"),
            shown=frozenset({DASHBOARD}),
        ),
        Chart(
            "offices",
            _("Cases accepted by office below"),
            BY_OFFICE,
            ("cases_accepted",),
            heading=_("Cases by office"),
            wide=True,
            shown=frozenset({DASHBOARD, PAGE, XLSX, PDF}),
        ),
    ),
    tables=(
        Table(
            _("Disputes by patent type"),
            tuple(f"disputes_{t}" for t in PATENT_TYPES.values()),
            shown=frozenset({PAGE, MARKDOWN, XLSX, PDF}),
        ),
    ),
    completeness=True,
    order=10,
)


def statistics_register() -> None:
    """Called once from ``CasesConfig.ready()``."""
    form_register(ENFORCEMENT)
    section_register(ENFORCEMENT_SECTION)
