"""The assessment's section of the annual report: a paragraph and the published rankings
of the year, registered in ``ready()`` (common/statistics.py). A section of grids and
facts: no report form, since the rankings are no figures of one form."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ipoffice.assessment.enums import AssessedLevel, RoundStatus
from ipoffice.assessment.models import Result, Round
from ipoffice.common.exports import Cell
from ipoffice.common.periods import Period
from ipoffice.common.statistics import Grid, GridColumn, Section, Sentence, section_register
from ipoffice.offices.models import NATIONAL_CODE, Office

# In the national office's report a long ranking stops here; an office's own report
# lists every office of its subtree.
NATIONAL_ROWS = 20


def _results(office: Office, year: int, level: str) -> list[Result]:
    round_ = Round.objects.filter(year=year, level=level, status=RoundStatus.PUBLISHED).first()
    if round_ is None:
        return []
    found = (
        Result.objects.filter(round=round_, office__path__startswith=office.path)
        .select_related("office")
        .order_by("rank", "office__code")
    )
    if office.code == NATIONAL_CODE and level != AssessedLevel.PROVINCIAL:
        return list(found[:NATIONAL_ROWS])
    return list(found)


def ranking_rows(level: str) -> Any:
    """The grid's rows for one level: rank, office, points, places gained on the year
    before (None where the office was not ranked then)."""

    def rows(office: Office, period: Period) -> list[tuple[Any, ...]]:
        year = period.start.year
        before = {
            r.office_id: r.rank
            for r in Result.objects.filter(
                round__year=year - 1, round__level=level, round__status=RoundStatus.PUBLISHED
            )
        }
        return [
            (r.rank, r.office.name, r.total,
             before[r.office_id] - r.rank if r.office_id in before else None)
            for r in _results(office, year, level)
        ]  # fmt: skip

    return rows


COLUMNS = (
    GridColumn("rank", _lazy("Rank"), Cell.INT),  # the national report: the first 20
    GridColumn("office", _lazy("Office")),
    GridColumn("total", _lazy("Points"), Cell.POINTS),
    GridColumn("rank_change", _lazy("Places gained"), Cell.RANK_CHANGE),
)


def summary(office: Office, period: Period) -> dict[str, Any]:
    """The paragraph's one sentence, said in full here since it depends on which rounds
    are published."""
    year = period.start.year
    rounds = {
        r.level: r
        for r in Round.objects.filter(year=year, status=RoundStatus.PUBLISHED).select_related(
            "scheme"
        )
    }
    if not rounds:
        none = _("No assessment results were published for %(year)s.") % {"year": year}
        return {"assessment_summary": none, "assessment_leader": ""}
    counts = {level: r.results.count() for level, r in rounds.items()}
    first = rounds.get(AssessedLevel.PROVINCIAL)
    top = first.results.select_related("office").order_by("rank").first() if first else None
    words = {
        AssessedLevel.PROVINCIAL: _("%(n)s provincial offices"),
        AssessedLevel.MUNICIPAL: _("%(n)s municipal offices"),
        AssessedLevel.ASSISTANCE_CENTER: _("%(n)s assistance centers"),
    }
    joiner = "、" if (get_language() or "").startswith("zh") else ", "
    parts = joiner.join(words[level] % {"n": counts[level]} for level in words if level in counts)
    text = _(
        "The results of the %(year)s performance assessment of patent enforcement and "
        "complaint handling were published for %(parts)s, scored under the measures of the "
        "year from the figures confirmed by the reporting system."
    ) % {"year": year, "parts": parts}
    leader = ""
    if top is not None:
        points = f"{top.total:,.2f}".rstrip("0").rstrip(".")
        leader = _("%(office)s ranked first among the provinces with %(points)s points.") % {
            "office": top.office.name,
            "points": points,
        }
    return {"assessment_summary": text, "assessment_leader": leader}


ASSESSMENT_SECTION = Section(
    "assessment",
    "",
    _lazy("Performance assessment"),
    paragraph=(Sentence(_lazy("%(assessment_summary)s")), Sentence(_lazy("%(assessment_leader)s"))),
    yearly_facts=summary,
    grids=(
        Grid(
            "assessment_provinces",
            _lazy("Ranking of the provincial offices"),
            COLUMNS,
            ranking_rows(AssessedLevel.PROVINCIAL),
        ),
        Grid(
            "assessment_cities",
            _lazy("Ranking of the municipal offices"),
            COLUMNS,
            ranking_rows(AssessedLevel.MUNICIPAL),
        ),
        Grid(
            "assessment_centers",
            _lazy("Ranking of the assistance centers"),
            COLUMNS,
            ranking_rows(AssessedLevel.ASSISTANCE_CENTER),
        ),
    ),
    permission="assessment.view_result",
    order=70,
)


def statistics_register() -> None:
    """Called once from ``AssessmentConfig.ready()``."""
    section_register(ASSESSMENT_SECTION)
