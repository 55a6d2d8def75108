"""Writes of the assessment: schemes and their versions, rounds, self-assessment, review,
confirmation and publication. Keyword-only, checked, recorded in the history, each in one
transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ipoffice.assessment.access import national_holds
from ipoffice.assessment.enums import AssessedLevel, RuleKind, SchemeStatus, ValueSource
from ipoffice.assessment.models import (
    Assessment,
    Evidence,
    Indicator,
    ManualScore,
    Result,
    Round,
    Scheme,
)
from ipoffice.assessment.rules import Manual, RuleError, rule_parse
from ipoffice.assessment.scoring import Claim, assessed_offices, line_data, score
from ipoffice.assessment.workflow import (
    ASSESSMENT_WORKFLOW,
    MANAGE,
    PUBLISH,
    REVIEW,
    REVIEWER,
    ROUND_WORKFLOW,
    SCHEME_WORKFLOW,
    SELF,
    assessment_may_act,
)
from ipoffice.common.errors import ApplicationError, InvalidInput, PermissionDeniedError
from ipoffice.common.history import history_append
from ipoffice.common.uploads import check_upload, upload_name
from ipoffice.common.workflow import transition_perform

INDICATOR_FIELDS = ("code", "group_zh", "group_en", "name_zh", "name_en", "kind", "rule")


def _require_national(actor: Any, permission: str, message: str) -> None:
    if not national_holds(actor, permission):
        raise PermissionDeniedError(message)


def number_check(value: Any, field: str, *, column: Any, optional: bool = False) -> Decimal | None:
    """``value`` as a number of 0 or more that ``column`` (a model's DecimalField) can
    store, rounded to its places; None for an empty optional value. The limit is the
    column's, so a number the database would refuse is refused here by field."""
    if optional and value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput({field: [_("Enter a number.")]}) from None
    if not number.is_finite() or number < 0:
        raise InvalidInput({field: [_("Enter a number of 0 or more.")]})
    limit = 10 ** (column.max_digits - column.decimal_places)
    if number >= limit:
        message = _("Enter a number below %(limit)s.") % {"limit": f"{limit:,}"}
        raise InvalidInput({field: [message]})
    return number.quantize(Decimal(1).scaleb(-column.decimal_places))


WEIGHT, CAP = Indicator._meta.get_field("weight"), Indicator._meta.get_field("cap")
POINTS = ManualScore._meta.get_field("claimed")


def _indicator_check(n: int, data: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    where = f"indicators[{n}]"
    for name in ("code", "group_zh", "name_zh", "kind"):
        if not str(data.get(name, "")).strip():
            errors[f"{where}.{name}"] = [_("This field is required.")]
    if not errors:
        try:
            rule_parse(str(data["kind"]), data.get("rule") or {})
        except RuleError as problem:
            errors[f"{where}.rule"] = [str(problem)]
    return errors


def _indicators_write(scheme: Scheme, indicators: Sequence[Mapping[str, Any]]) -> None:
    errors: dict[str, list[str]] = {}
    codes: set[str] = set()
    for n, data in enumerate(indicators):
        errors.update(_indicator_check(n, data))
        if data.get("code") in codes:
            errors[f"indicators[{n}].code"] = [_("Two indicators have this code.")]
        codes.add(str(data.get("code")))
    if errors:
        raise InvalidInput(errors)
    for n, data in enumerate(indicators):
        Indicator.objects.create(
            scheme=scheme,
            order=n + 1,
            weight=number_check(data.get("weight", 1), f"indicators[{n}].weight", column=WEIGHT)
            or Decimal(0),
            cap=number_check(data.get("cap"), f"indicators[{n}].cap", column=CAP, optional=True),
            **{
                name: data.get(name, "") or ({} if name == "rule" else "")
                for name in INDICATOR_FIELDS
            },
        )


@transaction.atomic
def scheme_create(
    *,
    actor: Any,
    year: int,
    level: str,
    name_zh: str,
    source: str,
    indicators: Sequence[Mapping[str, Any]],
    name_en: str = "",
    source_url: str = "",
    value_source: str = ValueSource.REPORTS,
    note: str = "",
) -> Scheme:
    """A draft scheme, version 1 or the next one of its year and level."""
    _require_national(actor, MANAGE, _("Only the national office drafts assessment schemes."))
    if level not in AssessedLevel.values:
        raise InvalidInput({"level": [_("Choose a level.")]})
    if not name_zh.strip() or not source.strip():
        field = "name_zh" if not name_zh.strip() else "source"
        raise InvalidInput({field: [_("This field is required.")]})
    last = Scheme.objects.filter(year=year, level=level).aggregate(v=Max("version"))["v"] or 0
    scheme = Scheme.objects.create(
        year=year,
        level=level,
        version=last + 1,
        name_zh=name_zh,
        name_en=name_en,
        source=source,
        source_url=source_url,
        value_source=value_source,
        note=note,
    )
    _indicators_write(scheme, indicators)
    history_append(
        scheme, actor=actor, action="create", changes={"version": [None, scheme.version]}
    )
    return scheme


def _indicator_data(indicator: Indicator) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
    return {**data, "weight": indicator.weight, "cap": indicator.cap}


@transaction.atomic
def scheme_copy(
    *,
    actor: Any,
    scheme: Scheme,
    year: int | None = None,
    changes: Mapping[str, Mapping[str, Any]] | None = None,
    note: str = "",
) -> Scheme:
    """A draft copy of ``scheme`` (the next version of its year, or version 1 of another
    year), with some indicators' weight, cap or rule changed: the what-if's draft."""
    changes = changes or {}
    unknown = sorted(set(changes) - set(scheme.indicators.values_list("code", flat=True)))
    if unknown:
        raise InvalidInput({"changes": [_("No indicator %(code)s.") % {"code": unknown[0]}]})
    indicators = [
        {**_indicator_data(i), **changes.get(i.code, {})} for i in scheme.indicators.all()
    ]
    copy = scheme_create(
        actor=actor,
        year=year or scheme.year,
        level=scheme.level,
        name_zh=scheme.name_zh,
        name_en=scheme.name_en,
        source=scheme.source,
        source_url=scheme.source_url,
        value_source=scheme.value_source,
        indicators=indicators,
        note=note,
    )
    copy.based_on = scheme
    copy.save(update_fields=["based_on"])
    return copy


@transaction.atomic
def indicator_change(
    *,
    actor: Any,
    indicator: Indicator,
    weight: Any = None,
    cap: Any = None,
    rule: Mapping[str, Any] | None = None,
    clear_cap: bool = False,
) -> Indicator:
    """Change a draft scheme's indicator; an adopted scheme changes only by a new version."""
    _require_national(actor, MANAGE, _("Only the national office changes assessment schemes."))
    indicator = Indicator.objects.select_for_update().select_related("scheme").get(pk=indicator.pk)
    if indicator.scheme.status != SchemeStatus.DRAFT:
        raise ApplicationError(
            _("An adopted scheme is not changed: copy it into a new version."), field="scheme"
        )
    before = _indicator_data(indicator)
    if weight is not None:
        indicator.weight = number_check(weight, "weight", column=WEIGHT) or Decimal(0)
    if cap is not None or clear_cap:
        indicator.cap = None if clear_cap else number_check(cap, "cap", column=CAP)
    if rule is not None:
        try:
            rule_parse(indicator.kind, rule)
        except RuleError as problem:
            raise InvalidInput({"rule": [str(problem)]}) from None
        indicator.rule = dict(rule)
    indicator.save()
    after = _indicator_data(indicator)
    history_append(
        indicator.scheme,
        actor=actor,
        action="change",
        changes={
            f"{indicator.code}.{k}": [before[k], after[k]] for k in after if before[k] != after[k]
        },
    )
    return indicator


def scheme_adopt(*, actor: Any, scheme: Scheme, reason: str = "") -> Scheme:
    return transition_perform(
        SCHEME_WORKFLOW, record=scheme, name="adopt", actor=actor, reason=reason
    )


@transaction.atomic
def round_open(*, actor: Any, year: int, level: str) -> Round:
    """The year's round for a level, scored by its adopted scheme, with an assessment for
    every active office of the level."""
    _require_national(actor, PUBLISH, _("Only the national office opens assessment rounds."))
    scheme = Scheme.objects.filter(year=year, level=level, status=SchemeStatus.ADOPTED).first()
    if scheme is None:
        raise ApplicationError(
            _("No scheme is adopted for %(year)s and this level.") % {"year": year}, field="year"
        )
    if Round.objects.filter(year=year, level=level).exists():
        raise ApplicationError(_("This round is open already."), field="year")
    round_ = Round.objects.create(
        year=year, level=level, scheme=scheme, opened_on=timezone.localdate()
    )
    history_append(round_, actor=actor, action="open", changes={"scheme": [None, str(scheme)]})
    for office in assessed_offices(level):
        assessment = Assessment.objects.create(round=round_, office=office)
        history_append(assessment, actor=actor, action="open")
    return round_


def _editable(actor: Any, assessment: Assessment, by: str) -> Assessment:
    """Lock the assessment and check that ``actor`` may write its part now: the office
    while it self-assesses, the reviewer while it is under review."""
    assessment = ASSESSMENT_WORKFLOW.lock(assessment)
    transition = ASSESSMENT_WORKFLOW.get("submit" if by == "own" else "review")
    if not assessment_may_act(actor, assessment, transition):
        raise PermissionDeniedError(str(ASSESSMENT_WORKFLOW.denied))
    if assessment.status not in transition.sources:
        raise ApplicationError(
            _("This assessment cannot be changed now (it is %(status)s).")
            % {"status": assessment.get_status_display()},
            field="transition",
        )
    return assessment


def _manual_indicator(assessment: Assessment, code: str) -> Indicator:
    indicator = assessment.round.scheme.indicators.filter(code=code).first()
    if indicator is None or indicator.kind != RuleKind.MANUAL:
        raise InvalidInput(
            {"indicator": [_("This scheme has no manual item %(code)s.") % {"code": code}]}
        )
    return indicator


def _within(indicator: Indicator, points: Decimal, field: str) -> None:
    rule = rule_parse(indicator.kind, indicator.rule)
    assert isinstance(rule, Manual)
    if points > rule.max_points:
        raise InvalidInput({field: [_("At most %(max)s points.") % {"max": rule.max_points}]})


@transaction.atomic
def manual_claim(
    *, actor: Any, assessment: Assessment, indicator: str, points: Any, note: str = ""
) -> ManualScore:
    """The office's claim on a manual item, with what it did."""
    assessment = _editable(actor, assessment, "own")
    item = _manual_indicator(assessment, indicator)
    claimed = number_check(points, "points", column=POINTS) or Decimal(0)
    _within(item, claimed, "points")
    score_, _created = ManualScore.objects.get_or_create(
        assessment=assessment, indicator=item, defaults={"claimed": claimed}
    )
    before = None if _created else [score_.claimed, score_.claim_note]
    score_.claimed, score_.claim_note = claimed, note
    score_.save()
    history_append(
        assessment,
        actor=actor,
        action="claim",
        changes={item.code: [before, [claimed, note]]},
    )
    return score_


@transaction.atomic
def manual_award(
    *, actor: Any, assessment: Assessment, indicator: str, points: Any, reason: str = ""
) -> ManualScore:
    """The reviewer's points on a manual item; a change from the claim needs a reason."""
    assessment = _editable(actor, assessment, REVIEWER)
    item = _manual_indicator(assessment, indicator)
    awarded = number_check(points, "points", column=POINTS) or Decimal(0)
    _within(item, awarded, "points")
    score_ = ManualScore.objects.filter(assessment=assessment, indicator=item).first()
    if score_ is None:
        raise InvalidInput({"indicator": [_("The office has not claimed this item.")]})
    if awarded != score_.claimed and not reason.strip():
        raise InvalidInput(
            {"reason": [_("Give the reason for awarding other points than claimed.")]}
        )
    before = [score_.awarded, score_.award_reason]
    score_.awarded, score_.award_reason = awarded, reason
    score_.save()
    history_append(
        assessment,
        actor=actor,
        action="award",
        reason=reason,
        changes={item.code: [before, [awarded, reason]]},
    )
    return score_


@transaction.atomic
def assessment_remark(
    *, actor: Any, assessment: Assessment, indicator: str, text: str
) -> Assessment:
    """The office's remark on a computed indicator (e.g. why a figure fell)."""
    assessment = _editable(actor, assessment, "own")
    if not assessment.round.scheme.indicators.filter(code=indicator).exists():
        raise InvalidInput(
            {"indicator": [_("This scheme has no indicator %(code)s.") % {"code": indicator}]}
        )
    before = assessment.remarks.get(indicator, "")
    assessment.remarks = {**assessment.remarks, indicator: text}
    assessment.save(update_fields=["remarks", "updated_at"])
    history_append(assessment, actor=actor, action="remark", changes={indicator: [before, text]})
    return assessment


@transaction.atomic
def evidence_attach(
    *,
    actor: Any,
    assessment: Assessment,
    indicator: str,
    upload: UploadedFile,
    description: str = "",
) -> Evidence:
    assessment = _editable(actor, assessment, "own")
    item = _manual_indicator(assessment, indicator)
    name = upload_name(upload.name)
    content_type = check_upload(upload, field="file")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    evidence = Evidence(
        assessment=assessment,
        indicator=item,
        original_name=name,
        description=description,
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    history_append(
        assessment,
        actor=actor,
        action="evidence",
        changes={item.code: [None, name], "sha256": [None, evidence.sha256]},
    )
    return evidence


def assessment_transition(
    *, actor: Any, assessment: Assessment, name: str, reason: str = ""
) -> Assessment:
    return transition_perform(
        ASSESSMENT_WORKFLOW, record=assessment, name=name, actor=actor, reason=reason
    )


def round_claims(round_: Round, *, office_id: int | None = None) -> dict[tuple[int, str], Claim]:
    """The manual items of a round (or of one office in it) as they stand: awarded, else
    claimed."""
    scores = ManualScore.objects.filter(assessment__round=round_)
    if office_id is not None:
        scores = scores.filter(assessment__office_id=office_id)
    return {
        (m.assessment.office_id, m.indicator.code): Claim(
            m.claimed if m.awarded is None else m.awarded, m.awarded is not None
        )
        for m in scores.select_related("assessment", "indicator")
    }


def results_freeze(*, round_: Round) -> int:
    """Keep each office's result as scored now (called when the round is published)."""
    offices = [a.office for a in round_.assessments.select_related("office")]
    scores = score(round_.scheme, year=round_.year, offices=offices, claims=round_claims(round_))
    Result.objects.bulk_create(
        [
            Result(
                round=round_,
                office=s.office,
                scheme=round_.scheme,
                total=s.total,
                rank=s.rank,
                lines={
                    "lines": [line_data(line) for line in s.lines],
                    "provenance": s.figures.provenance,
                },
            )
            for s in scores
        ]
    )
    return len(scores)


def round_publish(*, actor: Any, round_: Round, reason: str = "") -> Round:
    return transition_perform(
        ROUND_WORKFLOW, record=round_, name="publish", actor=actor, reason=reason
    )


__all__ = [
    "REVIEW",
    "SELF",
    "assessment_remark",
    "assessment_transition",
    "evidence_attach",
    "indicator_change",
    "manual_award",
    "manual_claim",
    "results_freeze",
    "round_claims",
    "round_open",
    "round_publish",
    "scheme_adopt",
    "scheme_copy",
    "scheme_create",
]
