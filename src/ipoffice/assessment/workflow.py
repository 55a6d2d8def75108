"""The assessment workflows: a scheme's adoption, an office's assessment (self-assessment
→ review by the province or the national office → national confirmation → publication),
and a round's publication, which publishes every assessment in it. ``transition_perform``
with these tables is the only writer of their statuses."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ipoffice.assessment.access import national_holds
from ipoffice.assessment.enums import AssessedLevel, AssessmentStatus, RoundStatus, RuleKind
from ipoffice.assessment.enums import SchemeStatus as Sch
from ipoffice.assessment.models import Assessment, Round, Scheme
from ipoffice.assessment.rules import RuleError, rule_parse
from ipoffice.common.errors import ApplicationError, InvalidInput
from ipoffice.common.scoping import user_office
from ipoffice.common.workflow import Act, Transition, Workflow, transition, transition_perform
from ipoffice.offices.models import NATIONAL_CODE

S = AssessmentStatus
MANAGE = "assessment.manage_scheme"
SELF, REVIEW = "assessment.self_assess", "assessment.review_assessment"
CONFIRM, PUBLISH = "assessment.confirm_assessment", "assessment.publish_round"
OWN, REVIEWER, NATIONAL = "own", "reviewer", "national"
EITHER = "reviewer_or_national"  # a return: the reviewer, or the national office before it confirms


# -- schemes ------------------------------------------------------------------------------


def _rules_valid(act: Act) -> None:
    """A scheme is adopted only when every indicator's rule is one."""
    errors: dict[str, list[str]] = {}
    indicators = list(act.record.indicators.all())
    if not indicators:
        raise ApplicationError(gettext("A scheme needs at least one indicator."), field="scheme")
    for indicator in indicators:
        try:
            rule_parse(indicator.kind, indicator.rule)
        except RuleError as problem:
            errors[indicator.code] = [str(problem)]
    if errors:
        raise InvalidInput(errors)


def _adopted_free(act: Act) -> None:
    """The adopted version steps aside (superseded) before the new one is saved, so that
    there is never a moment with two adopted versions."""
    scheme = act.record
    for earlier in Scheme.objects.filter(
        year=scheme.year, level=scheme.level, status=Sch.ADOPTED
    ).exclude(pk=scheme.pk):
        transition_perform(
            SCHEME_WORKFLOW,
            record=earlier,
            name="supersede",
            actor=act.actor,
            reason=gettext("superseded by version %(version)s") % {"version": scheme.version},
            caused_by=scheme,
        )


SCHEME_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        transition(
            "adopt",
            _("Adopt"),
            (Sch.DRAFT,),
            Sch.ADOPTED,
            MANAGE,
            stamps=("adopted_on",),
            checks=(_rules_valid,),
            hooks=(_adopted_free,),
        ),
        transition(
            "supersede",
            _("Superseded by a new version"),
            (Sch.ADOPTED,),
            Sch.SUPERSEDED,
            "",
            own_service=True,
            offered=False,
        ),
    )
}


def _scheme_may_act(actor: Any, scheme: Scheme, t: Transition) -> bool:
    return bool(t.permission) and national_holds(actor, t.permission)


SCHEME_WORKFLOW = Workflow(
    name="assessment_scheme",
    model=Scheme,
    transitions=SCHEME_TRANSITIONS,
    lock=lambda s: Scheme.objects.select_for_update().get(pk=s.pk),
    may_act=_scheme_may_act,
    denied=_("Only the national office adopts assessment schemes."),
    not_possible=_("“%(action)s” is not possible on a scheme that is %(status)s."),
)


# -- an office's assessment ----------------------------------------------------------------


def reviewer_of(assessment: Assessment) -> str:
    """The office code that reviews: the province for a city, else the national office."""
    parent = assessment.office.parent
    if assessment.round.level == AssessedLevel.MUNICIPAL and parent is not None:
        return str(parent.code)
    return NATIONAL_CODE


def _manual_items(assessment: Assessment) -> list[Any]:
    return [i for i in assessment.round.scheme.indicators.all() if i.kind == RuleKind.MANUAL]


def _claims_complete(act: Act) -> None:
    """Every manual item claimed (0 is a claim), with evidence where the scheme asks."""
    assessment = act.record
    claimed = {m.indicator_id: m for m in assessment.manual_scores.all()}
    with_files = set(assessment.evidence.values_list("indicator_id", flat=True))
    errors: dict[str, list[str]] = {}
    for indicator in _manual_items(assessment):
        rule = rule_parse(indicator.kind, indicator.rule)
        claim = claimed.get(indicator.pk)
        if claim is None:
            errors[indicator.code] = [gettext("Enter the points claimed (0 if none).")]
        elif (
            claim.claimed > 0
            and getattr(rule, "evidence_required", False)
            and indicator.pk not in with_files
        ):
            errors[indicator.code] = [gettext("Attach the evidence for the points claimed.")]
    if errors:
        raise InvalidInput(errors)


def _awards_complete(act: Act) -> None:
    missing = [
        m.indicator.code
        for m in act.record.manual_scores.select_related("indicator")
        if m.awarded is None
    ]
    if missing:
        raise InvalidInput(
            {code: [gettext("Award the points of this item first.")] for code in missing}
        )


def _round_open(act: Act) -> None:
    if act.record.round.status != RoundStatus.OPEN:
        raise ApplicationError(
            gettext("The round's results are published: nothing changes any more."),
            field="transition",
        )


ASSESSMENT_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        transition(
            "submit",
            _("Submit the self-assessment"),
            (S.SELF_ASSESSMENT, S.RETURNED),
            S.SUBMITTED,
            SELF,
            stamps=("submitted_on",),
            checks=(_round_open, _claims_complete),
            options={"by": OWN},
        ),
        transition(
            "return",
            _("Return with a reason"),
            (S.SUBMITTED, S.REVIEWED),
            S.RETURNED,
            REVIEW,
            reason_required=True,
            checks=(_round_open,),
            options={"by": EITHER},
        ),
        transition(
            "review",
            _("Complete the review"),
            (S.SUBMITTED,),
            S.REVIEWED,
            REVIEW,
            stamps=("reviewed_on",),
            checks=(_round_open, _awards_complete),
            options={"by": REVIEWER},
        ),
        transition(
            "confirm",
            _("Confirm (national office)"),
            (S.REVIEWED,),
            S.CONFIRMED,
            CONFIRM,
            stamps=("confirmed_on",),
            checks=(_round_open,),
            options={"by": NATIONAL},
        ),
        transition(
            "reopen",
            _("Reopen the review (national office)"),
            (S.CONFIRMED,),
            S.RETURNED,
            CONFIRM,
            reason_required=True,
            checks=(_round_open,),
            options={"by": NATIONAL},
        ),
        # Every confirmed assessment of a round, when the round is published.
        transition(
            "publish",
            _("Published with the round"),
            (S.CONFIRMED,),
            S.PUBLISHED,
            "",
            stamps=("published_on",),
            public=True,
            own_service=True,
            offered=False,
        ),
    )
}


def assessment_may_act(actor: Any, assessment: Assessment, t: Transition) -> bool:
    own = user_office(actor)
    if own is None or not t.permission or not actor.has_perm(t.permission):
        return False
    by = t.options.get("by")
    if by == OWN:
        return own.pk == assessment.office_id
    if by == REVIEWER:
        return own.code == reviewer_of(assessment)
    if by == EITHER:
        return own.code in (reviewer_of(assessment), NATIONAL_CODE)
    return own.code == NATIONAL_CODE


def _lock_assessment(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("office__parent", "round__scheme")
        .get(pk=assessment.pk)
    )


ASSESSMENT_WORKFLOW = Workflow(
    name="assessment",
    model=Assessment,
    transitions=ASSESSMENT_TRANSITIONS,
    lock=_lock_assessment,
    may_act=assessment_may_act,
    denied=_("You may not do this on that office's assessment."),
    not_possible=_("“%(action)s” is not possible on an assessment that is %(status)s."),
)


# -- a round ------------------------------------------------------------------------------


def _all_confirmed(act: Act) -> None:
    waiting = act.record.assessments.exclude(status=S.CONFIRMED).select_related("office")
    if waiting.exists():
        names = ", ".join(a.office.name for a in waiting[:5])
        raise ApplicationError(
            gettext("Every assessment must be confirmed first; still waiting: %(offices)s.")
            % {"offices": names},
            field="transition",
        )


def _freeze_and_publish(act: Act) -> None:
    from ipoffice.assessment.services import results_freeze

    results_freeze(round_=act.record)
    for assessment in act.record.assessments.all():
        transition_perform(
            ASSESSMENT_WORKFLOW,
            record=assessment,
            name="publish",
            actor=act.actor,
            caused_by=act.record,
        )


ROUND_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        transition(
            "publish",
            _("Publish the results"),
            (RoundStatus.OPEN,),
            RoundStatus.PUBLISHED,
            PUBLISH,
            stamps=("published_on",),
            public=True,
            checks=(_all_confirmed,),
            after=(_freeze_and_publish,),
        ),
    )
}


def _round_may_act(actor: Any, round_: Round, t: Transition) -> bool:
    return bool(t.permission) and national_holds(actor, t.permission)


ROUND_WORKFLOW = Workflow(
    name="assessment_round",
    model=Round,
    transitions=ROUND_TRANSITIONS,
    lock=lambda r: Round.objects.select_for_update().get(pk=r.pk),
    may_act=_round_may_act,
    denied=_("Only the national office publishes assessment results."),
    not_possible=_("“%(action)s” is not possible on a round that is %(status)s."),
)


def event_label(action: str) -> str:
    """An assessment history entry's action in the user's language."""
    labels = {
        "open": gettext("Opened"),
        "claim": gettext("Points claimed"),
        "award": gettext("Points awarded"),
        "remark": gettext("Remark"),
        "evidence": gettext("Evidence attached"),
    }
    if action in labels:
        return labels[action]
    for table in (ASSESSMENT_TRANSITIONS, ROUND_TRANSITIONS, SCHEME_TRANSITIONS):
        if action in table:
            return str(table[action].label)
    return action
