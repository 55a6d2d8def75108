"""Every transition of the table is allowed from its sources and refused elsewhere."""

from datetime import date

import pytest

from ipoffice.accounts.roles import Role
from ipoffice.cases.enums import CaseStatus
from ipoffice.cases.models import CaseEvent
from ipoffice.cases.services import case_record_step, case_transition
from ipoffice.cases.workflow import TRANSITIONS
from ipoffice.common.errors import ApplicationError, PermissionDeniedError

pytestmark = pytest.mark.django_db

# A way to bring an infringement dispute (or a passing-off case) into each status.
PATHS = {
    CaseStatus.RECEIVED: [],
    CaseStatus.ACCEPTED: ["accept"],
    CaseStatus.NOT_ACCEPTED: ["refuse"],
    CaseStatus.INVESTIGATION: ["accept", "start_investigation"],
    CaseStatus.MEDIATION: ["accept", "start_mediation"],
    CaseStatus.CONCLUDED: ["accept", ("decide", {"outcome": "infringement_found"})],
    CaseStatus.DECISION_PUBLISHED: ["accept", ("decide", {"outcome": "infringement_found"}),
                                    "publish_decision"],
    CaseStatus.CLOSED: ["refuse", "close"],
}  # fmt: skip
EXTRA = {
    "decide": {"outcome": "infringement_found"},
    "transfer": {"authority": "court"},
    "settle": {"terms": "停止销售"},
}


def cases_of(transition):
    return [(transition.name, status) for status in CaseStatus.values]


ALL = [pair for t in TRANSITIONS.values() for pair in cases_of(t)]


def _extra(name):
    return dict(EXTRA.get(name, {}))


@pytest.mark.parametrize("name,status", ALL)
def test_transition_allowed_exactly_from_its_sources(name, status, new_case, advance, head,
                                                      officer):  # fmt: skip
    case = advance(new_case(), *PATHS[status])
    transition = TRANSITIONS[name]
    actor = head if name == "decide" else officer
    allowed = status in transition.sources and not (
        name == "close" and status == CaseStatus.CONCLUDED  # the decision is published first
    )
    if allowed:
        after = case_transition(actor=actor, case=case, name=name, reason="r",
                                on=date(2024, 3, 6), **_extra(name))  # fmt: skip
        assert after.status == transition.target
        event = CaseEvent.objects.filter(case=case).last()
        assert (event.action, event.from_status, event.to_status) == (
            name,
            status,
            transition.target,
        )
        assert (event.actor, event.reason, event.on) == (actor, "r", date(2024, 3, 6))
    else:
        with pytest.raises(ApplicationError) as error:
            case_transition(actor=actor, case=case, name=name, reason="r",
                            on=date(2024, 3, 6), **_extra(name))  # fmt: skip
        assert error.value.field == "transition"
        case.refresh_from_db()
        assert case.status == status


def test_refused_message_names_the_action_and_the_status(new_case, officer):
    case = new_case()
    with pytest.raises(ApplicationError, match="“Publish the decision” is not possible on a case "
                                               "that is Received"):  # fmt: skip
        case_transition(actor=officer, case=case, name="publish_decision")


def test_decisions_need_the_office_head(new_case, advance, officer, head):
    case = advance(new_case(), "accept")
    with pytest.raises(PermissionDeniedError):
        case_transition(actor=officer, case=case, name="decide", reason="found",
                        outcome="infringement_found")  # fmt: skip
    case = case_transition(actor=head, case=case, name="decide", reason="found",
                           outcome="infringement_found", on=date(2024, 4, 1))  # fmt: skip
    assert (case.status, case.outcome, case.concluded_on) == (
        "concluded",
        "infringement_found",
        date(2024, 4, 1),
    )


def test_another_office_cannot_act_and_superiors_only_read(new_case, make_user):
    case = new_case()
    for code, role in [("320500", Role.OFFICE_HEAD), ("320000", Role.OFFICE_HEAD)]:
        with pytest.raises(PermissionDeniedError):
            case_transition(actor=make_user(code, role), case=case, name="accept")


def test_reason_is_required_where_the_table_says(new_case, officer):
    case = new_case()
    with pytest.raises(ApplicationError) as error:
        case_transition(actor=officer, case=case, name="refuse", reason="  ")
    assert error.value.field == "reason"


@pytest.mark.parametrize("case_type,outcome,ok", [
    ("infringement_dispute", "infringement_found", True),
    ("infringement_dispute", "penalty_imposed", False),
    ("other_dispute", "infringement_found", False),
    ("other_dispute", "dismissed", True),
    ("passing_off", "penalty_imposed", True),
    ("passing_off", "no_infringement", False),
])  # fmt: skip
def test_outcomes_fit_the_case_type(new_case, advance, head, case_type, outcome, ok):
    case = advance(new_case(case_type), "accept")
    if ok:
        case = case_transition(actor=head, case=case, name="decide", reason="x", outcome=outcome)
        assert case.outcome == outcome
    else:
        with pytest.raises(ApplicationError) as error:
            case_transition(actor=head, case=case, name="decide", reason="x", outcome=outcome)
        assert error.value.field == "outcome"


def test_passing_off_has_no_mediation(new_case, advance, officer):
    case = advance(new_case("passing_off"), "accept")
    with pytest.raises(ApplicationError, match="not possible"):
        case_transition(actor=officer, case=case, name="start_mediation")


def test_penalty_above_the_legal_maximum_is_refused(new_case, advance, head):
    case = advance(new_case("passing_off"), "accept")
    with pytest.raises(ApplicationError) as error:
        case_transition(actor=head, case=case, name="decide", reason="x",
                        outcome="penalty_imposed", fine_amount=250_001)  # fmt: skip
    assert error.value.field == "fine_amount"  # 2024: Patent Law 2020, RMB 250,000 without gains
    case = case_transition(actor=head, case=case, name="decide", reason="x",
                           outcome="penalty_imposed", fine_amount=300_000,
                           illegal_gains=60_000)  # fmt: skip
    assert case.fine_amount == 300_000  # five times gains of RMB 60,000


def test_mediation_agreement_and_closing_without_publication(new_case, advance):
    case = advance(
        new_case(),
        "accept",
        "start_mediation",
        ("settle", {"terms": "停止销售，赔偿 1 万元"}),
        "close",
    )
    assert (case.status, case.outcome) == ("closed", "mediated")


def test_steps_are_recorded_in_the_history_without_changing_status(new_case, advance, officer):
    case = advance(new_case(), "accept", "start_investigation")
    case_record_step(actor=officer, case=case, step="serve_respondent", on=date(2024, 3, 8),
                     note="served by post")  # fmt: skip
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.action, event.to_status, event.reason) == (
        "serve_respondent",
        "investigation",
        "served by post",
    )
    with pytest.raises(ApplicationError):
        case_record_step(actor=officer, case=case, step="bribe", on=date(2024, 3, 8))


def test_act_dates_cannot_go_back_or_into_the_future(new_case, officer):
    case = new_case()
    with pytest.raises(ApplicationError) as early:
        case_transition(actor=officer, case=case, name="accept", on=date(2024, 2, 1))
    assert early.value.field == "on"
    with pytest.raises(ApplicationError):
        case_transition(actor=officer, case=case, name="accept", on=date(2999, 1, 1))


def test_the_2008_patent_law_caps_fines_at_four_times_gains_or_200000():
    from decimal import Decimal

    from ipoffice.cases.validation import fine_problems

    day = date(2013, 6, 1)
    penalty = "penalty_imposed"
    assert fine_problems(outcome=penalty, fine=Decimal(200_000), gains=None, day=day) == []
    assert fine_problems(outcome=penalty, fine=Decimal(200_001), gains=None, day=day)
    assert (
        fine_problems(outcome=penalty, fine=Decimal(400_000), gains=Decimal(100_000), day=day) == []
    )
    assert fine_problems(outcome=penalty, fine=Decimal(400_001), gains=Decimal(100_000), day=day)


def test_case_history_cannot_be_rewritten(new_case):
    from ipoffice.common.models import AppendOnlyError

    event = CaseEvent.objects.filter(case=new_case()).get()
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.all().delete()


@pytest.mark.parametrize("day", [date(2099, 1, 1), date(1900, 1, 1)])
def test_steps_and_extensions_refuse_dates_outside_the_case(new_case, advance, head, day):
    from ipoffice.cases.services import case_approve_extension, case_record_step

    case = advance(new_case(), ("accept", {"on": date(2024, 3, 4)}))
    with pytest.raises(ApplicationError) as step:
        case_record_step(actor=head, case=case, step="inspection", on=day)
    with pytest.raises(ApplicationError) as extension:
        case_approve_extension(actor=head, case=case, reason="案情复杂", on=day)
    assert step.value.field == extension.value.field == "on"
