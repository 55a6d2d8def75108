"""Reads of the assessment, always scoped: rankings, one office's result explained, the
what-if comparison. An office's draft is seen by the office and the offices above it (its
reviewers); published results by every office (``AssessmentQuerySet.visible_to``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404

from ipoffice.assessment.enums import AssessmentStatus, RoundStatus, SchemeStatus
from ipoffice.assessment.models import Assessment, Indicator, Result, Round, Scheme
from ipoffice.assessment.scoring import Claim, OfficeScore, score
from ipoffice.assessment.services import round_claims
from ipoffice.offices.models import NATIONAL_CODE, Office


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
    scores = score(round_.scheme, year=round_.year, claims=round_claims(round_))
    mine = next(s for s in scores if s.office.pk == assessment.office_id)
    return Explained(assessment, mine, None, indicators, mine.rank, mine.total, len(scores))


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
    if not (
        user.has_perm("assessment.manage_scheme")
        and getattr(user.office, "code", "") == NATIONAL_CODE
    ):
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
