"""The case workflow as an explicit table: which transition leads from where to where,
who may perform it, and what it requires. ``services.case_transition`` is the only code
that changes a case's status, and it consults nothing but this table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ipoffice.cases.enums import HANDLING_CASE_STATUSES, OPEN_CASE_STATUSES
from ipoffice.cases.enums import CaseStatus as S
from ipoffice.cases.enums import CaseType as T
from ipoffice.cases.enums import Outcome as O

HANDLE, DECIDE = "cases.handle_case", "cases.approve_decision"
ALL_TYPES = frozenset(T.values)


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: frozenset[str]
    target: str
    permission: str
    case_types: frozenset[str] = ALL_TYPES
    reason_required: bool = False
    # Outcomes the transition may record, per case type; empty: it records none.
    outcomes: dict[str, tuple[str, ...]] | None = None


def _t(
    name: str,
    label: Promise,
    sources: tuple[str, ...],
    target: str,
    permission: str = HANDLE,
    **kwargs: object,
) -> Transition:
    return Transition(name, label, frozenset(sources), target, permission, **kwargs)  # type: ignore[arg-type]


DISPUTES = frozenset({T.INFRINGEMENT_DISPUTE, T.OTHER_DISPUTE})

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("accept", _("Accept the case"), (S.RECEIVED,), S.ACCEPTED),
        _t("refuse", _("Do not accept"), (S.RECEIVED,), S.NOT_ACCEPTED, reason_required=True),
        _t("start_investigation", _("Start investigation"), (S.ACCEPTED,), S.INVESTIGATION),
        _t(
            "start_mediation",
            _("Start mediation"),
            (S.ACCEPTED, S.INVESTIGATION),
            S.MEDIATION,
            case_types=DISPUTES,
        ),
        _t(
            "decide",
            _("Record the decision"),
            HANDLING_CASE_STATUSES,
            S.CONCLUDED,
            DECIDE,
            reason_required=True,
            outcomes={
                T.INFRINGEMENT_DISPUTE: (O.INFRINGEMENT_FOUND, O.NO_INFRINGEMENT, O.DISMISSED),
                T.OTHER_DISPUTE: (O.DISMISSED,),
                T.PASSING_OFF: (O.PENALTY_IMPOSED, O.DISMISSED),
            },
        ),
        _t(
            "settle",
            _("Record the mediation agreement"),
            (S.MEDIATION,),
            S.CONCLUDED,
            case_types=DISPUTES,
            outcomes=dict.fromkeys(DISPUTES, (O.MEDIATED,)),
        ),
        _t(
            "withdraw",
            _("Record withdrawal"),
            HANDLING_CASE_STATUSES,
            S.CONCLUDED,
            reason_required=True,
            case_types=DISPUTES,
            outcomes=dict.fromkeys(DISPUTES, (O.WITHDRAWN,)),
        ),
        _t(
            "transfer",
            _("Transfer to another authority"),
            OPEN_CASE_STATUSES,
            S.CONCLUDED,
            reason_required=True,
            outcomes=dict.fromkeys(ALL_TYPES, (O.TRANSFERRED,)),
        ),
        _t("publish_decision", _("Publish the decision"), (S.CONCLUDED,), S.DECISION_PUBLISHED),
        _t(
            "close",
            _("Close the file"),
            (S.NOT_ACCEPTED, S.CONCLUDED, S.DECISION_PUBLISHED),
            S.CLOSED,
        ),
    )
}

# Decisions that must be made public (2015 Measures): the order to stop, and penalties.
PUBLISHED_OUTCOMES = frozenset({O.INFRINGEMENT_FOUND, O.PENALTY_IMPOSED})

# Steps recorded while the case is handled (HANDLING_CASE_STATUSES); they leave the
# status unchanged.
STEPS = {
    "serve_respondent": _("Request served on the respondent"),
    "defence_received": _("Defence received"),
    "evidence_collected": _("Evidence collected"),
    "oral_hearing": _("Oral hearing held"),
    "inspection": _("On-site inspection"),
}

# What each kind of history entry is called in the timeline.
EVENT_LABELS: dict[str, Promise] = {
    "create": _("Registered"),
    "import": _("Imported from a legacy file"),
    "update": _("Details changed"),
    "attach": _("File attached"),
    "approve_extension": _("Extension approved"),
    **{name: t.label for name, t in TRANSITIONS.items()},
    **STEPS,
}


def event_label(action: str) -> str:
    label = EVENT_LABELS.get(action)
    return str(label) if label is not None else action


def transition_problem(case: Any, transition: Transition) -> str | None:
    """Why ``transition`` cannot apply to ``case`` as it stands, or None if it can."""
    if case.status not in transition.sources or case.case_type not in transition.case_types:
        return gettext("“%(action)s” is not possible on a case that is %(status)s.") % {
            "action": transition.label,
            "status": S(case.status).label,
        }
    published = case.outcome in PUBLISHED_OUTCOMES
    if transition.name == "close" and case.status == S.CONCLUDED and published:
        return gettext("Publish the decision before closing the file.")
    if transition.name == "publish_decision" and not published:
        return gettext("This outcome is not published.")
    return None


def available_transitions(case: Any, has_perm: Any) -> list[Transition]:
    """Transitions open to a user, given a ``has_perm(permission) -> bool`` for them."""
    return [
        t
        for t in TRANSITIONS.values()
        if transition_problem(case, t) is None and has_perm(t.permission)
    ]
