"""Reads of the assessment, always scoped: rankings, one office's result explained, the
what-if comparison. An office's draft is seen by the office and the offices above it (its
reviewers); published results by every office (``AssessmentQuerySet.visible_to``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.http import Http404
from django.urls import reverse

from ipoffice.assessment.access import national_holds
from ipoffice.assessment.enums import AssessmentStatus, Provenance, RoundStatus, SchemeStatus
from ipoffice.assessment.explain import figure_label, line_words
from ipoffice.assessment.models import (
    Assessment,
    AssessmentEvent,
    Evidence,
    Indicator,
    ManualScore,
    Result,
    Round,
    Scheme,
    SchemeEvent,
)
from ipoffice.assessment.scoring import Claim, OfficeScore, line_data, score
from ipoffice.assessment.services import round_claims
from ipoffice.assessment.workflow import ASSESSMENT_WORKFLOW, ROUND_WORKFLOW, assessment_may_act
from ipoffice.common.scoping import user_office
from ipoffice.common.statistics import registered_forms
from ipoffice.common.workflow import transitions_available
from ipoffice.offices.models import Office

TOTALS_SECONDS = 60


@dataclass
class Row:
    """One office in a ranking: its rank, total, points per indicator and group, the
    rank a year earlier (None: not ranked then) and how it was scored."""

    office: Office
    rank: int
    total: Decimal
    points: dict[str, Decimal]  # indicator code -> points
    groups: dict[str, Decimal]
    previous_rank: int | None
    published: bool
    assessment: Assessment | None = None
    score: OfficeScore | None = None  # live scores only (drafts)

    @property
    def rank_change(self) -> int | None:
        """Places gained since the year before (positive: up)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank


def rounds_visible(user: Any) -> Any:
    return Round.objects.visible_to(user).select_related("scheme")


def round_get(user: Any, pk: int) -> Round:
    found = rounds_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def schemes_visible(user: Any) -> Any:
    return Scheme.objects.visible_to(user).prefetch_related("indicators")


def assessments_visible(user: Any, round_: Round) -> Any:
    return (
        Assessment.objects.visible_to(user)
        .filter(round=round_)
        .select_related("office__parent", "round__scheme")
    )


def assessment_get(user: Any, round_: Round, office_code: str) -> Assessment:
    found = assessments_visible(user, round_).filter(office__code=office_code).first()
    if found is None:
        raise Http404
    return found


def previous_ranks(round_: Round) -> dict[int, int]:
    """Office id -> its published rank in the same level's round a year earlier."""
    earlier = Round.objects.filter(
        year=round_.year - 1, level=round_.level, status=RoundStatus.PUBLISHED
    ).first()
    if earlier is None:
        return {}
    return dict(Result.objects.filter(round=earlier).values_list("office_id", "rank"))


def _published_rows(round_: Round, previous: dict[int, int]) -> list[Row]:
    codes = {i.pk: i.code for i in round_.scheme.indicators.all()}
    rows = []
    for result in Result.objects.filter(round=round_).select_related("office"):
        points = {line["indicator"]: Decimal(str(line["points"])) for line in result.lines["lines"]}
        groups: dict[str, Decimal] = {}
        for indicator in round_.scheme.indicators.all():
            groups[indicator.group] = groups.get(indicator.group, Decimal(0)) + points.get(
                codes[indicator.pk], Decimal(0)
            )
        rows.append(
            Row(result.office, result.rank, result.total, points, groups,
                previous.get(result.office_id), True)
        )  # fmt: skip
    return rows


def _points(item: OfficeScore) -> dict[str, Decimal]:
    return {line.indicator.code: line.result.points for line in item.lines}


def ranking(user: Any, round_: Round) -> list[Row]:
    """The round's ranking as ``user`` may see it: once published, every office's frozen
    result; before, the live scores of the assessments the user sees (an office's own, a
    reviewer's offices below), ranked among all offices of the level."""
    previous = previous_ranks(round_)
    if round_.status == RoundStatus.PUBLISHED:
        return _published_rows(round_, previous)
    visible = {a.office_id: a for a in assessments_visible(user, round_)}
    if not visible:
        return []
    scores = score(round_.scheme, year=round_.year, claims=round_claims(round_))
    return [
        Row(s.office, s.rank, s.total, _points(s), s.groups, previous.get(s.office.pk), False,
            visible[s.office.pk], s)
        for s in scores
        if s.office.pk in visible
    ]  # fmt: skip


@dataclass
class Explained:
    """One office's result, line by line: the live score, or the published one."""

    assessment: Assessment
    score: OfficeScore | None  # live (not yet published)
    result: Result | None  # frozen (published)
    indicators: list[Indicator]
    rank: int
    total: Decimal
    of: int  # how many offices were ranked


def result_for(user: Any, assessment: Assessment) -> Explained:
    """How ``assessment``'s office scored, indicator by indicator (assessment is one the
    user may see: pass it from ``assessment_get``)."""
    round_ = assessment.round
    indicators = list(round_.scheme.indicators.all())
    if round_.status == RoundStatus.PUBLISHED:
        result = Result.objects.get(round=round_, office=assessment.office)
        count = Result.objects.filter(round=round_).count()
        return Explained(assessment, None, result, indicators, result.rank, result.total, count)
    claims = round_claims(round_, office_id=assessment.office_id)
    (mine,) = score(round_.scheme, year=round_.year, offices=[assessment.office], claims=claims)
    others = {o: t for o, t in round_totals(round_).items() if o != assessment.office_id}
    rank = 1 + sum(1 for total in others.values() if total > mine.total)
    return Explained(assessment, mine, None, indicators, rank, mine.total, len(others) + 1)


def round_totals(round_: Round) -> dict[int, Decimal]:
    """Every office's live total in an open round, kept for ``TOTALS_SECONDS``: one
    office's result page scores that office live and ranks it among these, rather than
    scoring the whole level on each view. An act on any of the round's assessments (a
    claim, an award, a transition) starts afresh; a change of the records shows within
    the minute."""
    newest = AssessmentEvent.objects.filter(assessment__round=round_).aggregate(n=Max("id"))["n"]
    key = f"assessment:totals:{round_.pk}:{round_.scheme_id}:{newest}"
    found = cache.get(key)
    if found is None:
        scores = score(round_.scheme, year=round_.year, claims=round_claims(round_))
        found = {s.office.pk: s.total for s in scores}
        cache.set(key, found, TOTALS_SECONDS)
    return dict(found)


@dataclass
class Compared:
    """An office in two rankings side by side: the adopted scheme's and the what-if's."""

    office: Office
    adopted_rank: int | None
    adopted_total: Decimal | None
    draft_rank: int
    draft_total: Decimal

    @property
    def moved(self) -> int | None:
        return None if self.adopted_rank is None else self.adopted_rank - self.draft_rank


def what_if(
    user: Any, *, draft: Scheme, year: int, against: Scheme | None = None
) -> list[Compared]:
    """Score ``draft`` over ``year`` and compare with the scheme adopted for that year and
    level (or ``against``), office by office; writes nothing, publishes nothing. Manual
    items come from that year's round, as awarded (or claimed)."""
    # Every office's scores for the year: the national office's view (drafts included).
    if not national_holds(user, "assessment.manage_scheme"):
        raise Http404
    if not Scheme.objects.visible_to(user).filter(pk=draft.pk).exists():
        raise Http404
    base = (
        against
        or Scheme.objects.filter(year=year, level=draft.level, status=SchemeStatus.ADOPTED).first()
    )
    round_ = Round.objects.filter(year=year, level=draft.level).first()
    claims: dict[tuple[int, str], Claim] = round_claims(round_) if round_ else {}
    drafted = score(draft, year=year, claims=claims)
    adopted = {s.office.pk: s for s in score(base, year=year, claims=claims)} if base else {}
    return [
        Compared(
            s.office,
            adopted[s.office.pk].rank if s.office.pk in adopted else None,
            adopted[s.office.pk].total if s.office.pk in adopted else None,
            s.rank,
            s.total,
        )
        for s in drafted
    ]


def published_status(assessment: Assessment) -> bool:
    return assessment.status == AssessmentStatus.PUBLISHED


# -- for the pages -------------------------------------------------------------------------

DONE = (AssessmentStatus.CONFIRMED, AssessmentStatus.PUBLISHED)


def rounds_overview(user: Any) -> Any:
    """The rounds with how many of their assessments are confirmed (a count of offices:
    no office's data)."""
    return rounds_visible(user).annotate(
        assessed=Count("assessments"),
        confirmed=Count("assessments", filter=Q(assessments__status__in=DONE)),
    )


def scheme_get(user: Any, pk: int) -> Scheme:
    found = schemes_visible(user).filter(pk=pk).select_related("based_on").first()
    if found is None:
        raise Http404
    return found


def scheme_history(user: Any, scheme: Scheme) -> Any:
    return (
        SchemeEvent.objects.visible_to(user).filter(scheme=scheme).select_related("actor__office")
    )


def schemes_without_round(user: Any) -> list[Scheme]:
    """Adopted schemes whose year and level have no round yet (to open one)."""
    opened = set(Round.objects.values_list("year", "level"))
    return [
        s
        for s in schemes_visible(user).filter(status=SchemeStatus.ADOPTED)
        if (s.year, s.level) not in opened
    ]


def national_manager(user: Any, permission: str) -> bool:
    return national_holds(user, permission)


def round_publishable(user: Any, round_: Round) -> bool:
    """Whether ``user`` may publish the round now: open, every assessment confirmed."""
    if not transitions_available(ROUND_WORKFLOW, round_, user):
        return False
    return not round_.assessments.exclude(status=AssessmentStatus.CONFIRMED).exists()


def may_edit(user: Any, assessment: Assessment, by: str) -> bool:
    """Whether ``user`` may write the office's part ("own": claims, remarks, evidence)
    or the reviewer's ("reviewer": awards) of ``assessment`` now."""
    if assessment.round.status != RoundStatus.OPEN:
        return False
    t = ASSESSMENT_WORKFLOW.get("submit" if by == "own" else "review")
    return assessment.status in t.sources and assessment_may_act(user, assessment, t)


def assessment_history(user: Any, assessment: Assessment) -> Any:
    return (
        AssessmentEvent.objects.visible_to(user)
        .filter(assessment=assessment)
        .select_related("actor__office")
    )


def manual_scores(user: Any, assessment: Assessment) -> dict[str, ManualScore]:
    """The manual items (claims and awards) by indicator code: the office's subtree only."""
    return {
        m.indicator.code: m
        for m in ManualScore.objects.visible_to(user)
        .filter(assessment=assessment)
        .select_related("indicator")
    }


def evidence_list(user: Any, assessment: Assessment) -> dict[str, list[Evidence]]:
    found: dict[str, list[Evidence]] = {}
    for item in (
        Evidence.objects.visible_to(user).filter(assessment=assessment).select_related("indicator")
    ):
        found.setdefault(item.indicator.code, []).append(item)
    return found


@dataclass
class FigureLink:
    """One figure an indicator read, and where its records are listed (if the reader may
    see them: the office's own subtree)."""

    label: str
    value: Decimal
    url: str
    year: int


@dataclass
class ResultLine:
    indicator: Indicator
    points: Decimal
    capped: bool
    pending: bool
    words: str
    figures: list[FigureLink] = field(default_factory=list)
    remark: str = ""


@dataclass
class Source:
    """Where one report form's figures came from: an approved report, or the records."""

    form: str
    label: str
    from_report: bool
    report_url: str
    version: int | None


def _may_drill(user: Any, office: Office, form: str) -> bool:
    own = user_office(user)
    found = registered_forms().get(form)
    return (
        own is not None
        and found is not None
        and office.path.startswith(own.path)
        and user.has_perm(found.permission)
    )


def drilldown_url(form: str, office: Office, year: int, figure: str) -> str:
    query = {"form": form, "office": office.code, "period": str(year), "figure": figure}
    return f"{reverse('statistics-drilldown')}?{urlencode(query)}"


def _figures(user: Any, office: Office, year: int, data: dict[str, Any]) -> list[FigureLink]:
    links = []
    for step in data.get("steps") or []:
        form, code = step.get("form"), step.get("figure")
        if not form or not code:
            continue
        drill = _may_drill(user, office, form)
        label = figure_label(form, code)
        links.append(
            FigureLink(label, Decimal(str(step["value"])),
                       drilldown_url(form, office, year, code) if drill else "", year)
        )  # fmt: skip
        if step.get("previous") is not None:
            links.append(
                FigureLink(label, Decimal(str(step["previous"])),
                           drilldown_url(form, office, year - 1, code) if drill else "", year - 1)
            )  # fmt: skip
    return links


def result_lines(user: Any, explained: Explained) -> tuple[list[ResultLine], list[Source]]:
    """Each indicator's points explained in words with the figures it read (and their
    records), and where the figures came from: the frozen result once published, the live
    score before."""
    assessment = explained.assessment
    office, year = assessment.office, assessment.round.year
    if explained.result is not None:
        lines = {d["indicator"]: d for d in explained.result.lines["lines"]}
        provenance = dict(explained.result.lines.get("provenance") or {})
    else:
        assert explained.score is not None
        lines = {line.indicator.code: line_data(line) for line in explained.score.lines}
        provenance = dict(explained.score.figures.provenance)
    claims = manual_scores(user, assessment)
    found = []
    for indicator in explained.indicators:
        data = lines.get(indicator.code)
        if data is None:
            continue
        found.append(
            ResultLine(
                indicator,
                Decimal(str(data["points"])),
                bool(data.get("capped")),
                bool(data.get("pending")),
                line_words(indicator, data, claims.get(indicator.code)),
                _figures(user, office, year, data),
                str(assessment.remarks.get(indicator.code, "")),
            )
        )
    sources = []
    for form, (kind, report_id, version) in sorted(provenance.items()):
        report_form = registered_forms().get(form)
        from_report = kind == Provenance.REPORT
        sources.append(
            Source(
                form,
                str(report_form.label) if report_form else form,
                from_report,
                reverse("report-detail", args=[report_id])
                if from_report and report_id and _may_drill(user, office, form)
                else "",
                version,
            )
        )
    return found, sources
