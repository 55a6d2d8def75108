"""The mechanisms of 2013 on the case: fast mediation with its own limit, the agreement
and its performance; suspension and expert opinions that stop the clock (the rule of
docs/time-limits.md, "Time not counted", with the 2024 working calendar)."""

from __future__ import annotations

from datetime import date

import pytest

from ipoffice.cases.enums import CaseStatus
from ipoffice.cases.mediation import mediation_mark_complex, mediation_performance_record
from ipoffice.cases.models import Case
from ipoffice.cases.services import case_transition
from ipoffice.cases.suspension import (
    case_resume,
    case_suspend,
    consultation_answer,
    consultation_request,
    union_days,
)
from ipoffice.common.errors import ApplicationError
from ipoffice.offices.models import Office, OfficeLevel
from ipoffice.offices.services import office_create

pytestmark = pytest.mark.django_db
D = date


def _handled(new_case, advance) -> Case:
    """An infringement dispute accepted on 5 March 2024: 3 months, due Wed 5 June."""
    case = advance(new_case(), "accept", "start_investigation")
    assert case.due_on == D(2024, 6, 5)
    return case


def _events(case: Case, action: str) -> list:
    return list(case.events.filter(action=action))


def test_suspension_stops_the_clock_and_resumption_adds_the_days(new_case, advance, officer):
    case = _handled(new_case, advance)
    case_suspend(actor=officer, case=case, ground="invalidation", reason="无效宣告请求已受理",
                 on=D(2024, 3, 11))  # fmt: skip
    case.refresh_from_db()
    assert (case.due_on, case.suspended_on) == (None, D(2024, 3, 11))
    with pytest.raises(ApplicationError, match="suspended"):
        case_transition(actor=officer, case=case, name="start_mediation", on=D(2024, 3, 12))
    case_resume(actor=officer, case=case, reason="无效宣告审查决定维持专利权有效",
                on=D(2024, 3, 21))  # fmt: skip
    case.refresh_from_db()
    # 11..20 March paused (10 days): 5 June + 10 = Sat 15 June, moved to Mon 17 June.
    assert (case.paused_days, case.due_on, case.suspended_on) == (10, D(2024, 6, 17), None)
    suspend, resume = _events(case, "suspend")[0], _events(case, "resume")[0]
    assert suspend.changes["due_on"] == ["2024-06-05", None]
    assert resume.changes["due_on"] == [None, "2024-06-17"]
    assert resume.changes["paused_days"] == [0, 10]


def test_an_expert_opinion_overlapping_a_suspension_counts_each_day_once(
    new_case, advance, officer
):
    case = _handled(new_case, advance)
    case_suspend(actor=officer, case=case, ground="announcement", reason="公告送达",
                 on=D(2024, 3, 11))  # fmt: skip
    consultation_request(actor=officer, case=case, kind="expert_opinion",
                         experts="王教授；李研究员", organisation="南京理工大学",
                         question="被控产品是否落入权利要求 1 的保护范围？",
                         on=D(2024, 3, 15))  # fmt: skip
    case_resume(actor=officer, case=case, reason="公告期满", on=D(2024, 3, 21))
    case.refresh_from_db()
    assert case.due_on is None  # the opinion is still awaited: the clock stays stopped
    assert case.paused_since == D(2024, 3, 15)
    consultation_answer(actor=officer, case=case, answer="落入保护范围", on=D(2024, 4, 1))
    case.refresh_from_db()
    # 11 March .. 31 March (21 days): 5 June + 21 = Wed 26 June.
    assert (case.paused_days, case.due_on) == (21, D(2024, 6, 26))
    answer = _events(case, "consultation_answer")[0]
    assert answer.changes["due_on"] == [None, "2024-06-26"]
    assert case.consultations.get().answered_on == D(2024, 4, 1)


def test_an_opinion_alone_moves_the_due_date_and_needs_an_answer(new_case, advance, officer):
    case = _handled(new_case, advance)
    consultation_request(actor=officer, case=case, kind="technical_appraisal",
                         experts="江苏省知识产权鉴定中心", question="技术特征是否等同？",
                         on=D(2024, 4, 1))  # fmt: skip
    with pytest.raises(ApplicationError) as refused:
        consultation_answer(actor=officer, case=case, answer=" ", on=D(2024, 4, 20))
    assert refused.value.field == "answer"
    with pytest.raises(ApplicationError) as refused:
        consultation_answer(actor=officer, case=case, answer="等同", on=D(2024, 3, 30))
    assert refused.value.field == "on"
    consultation_answer(actor=officer, case=case, answer="等同", on=D(2024, 4, 29))
    case.refresh_from_db()
    # 1..28 April (28 days): 5 June + 28 = Wed 3 July.
    assert (case.paused_days, case.due_on) == (28, D(2024, 7, 3))


def test_union_days_counts_overlaps_once():
    assert union_days([]) == 0
    assert union_days([(D(2024, 3, 1), D(2024, 3, 1))]) == 0
    assert union_days([(D(2024, 3, 1), D(2024, 3, 11)), (D(2024, 3, 5), D(2024, 3, 8))]) == 10
    assert union_days([(D(2024, 3, 1), D(2024, 3, 3)), (D(2024, 3, 10), D(2024, 3, 12))]) == 4


def test_suspension_needs_a_ground_and_a_reason(new_case, advance, officer):
    case = _handled(new_case, advance)
    for kwargs, field in (({"ground": "x", "reason": "r"}, "ground"),
                          ({"ground": "court", "reason": " "}, "reason")):  # fmt: skip
        with pytest.raises(ApplicationError) as refused:
            case_suspend(actor=officer, case=case, on=D(2024, 3, 11), **kwargs)
        assert refused.value.field == field
    received = new_case()
    with pytest.raises(ApplicationError, match="being handled"):
        case_suspend(actor=officer, case=received, ground="court", reason="r", on=D(2024, 3, 2))


def test_mediation_has_two_months_or_three_when_complex(new_case, advance, officer):
    case = advance(new_case(), "accept", ("start_mediation", {"on": D(2024, 3, 5)}))
    assert case.status == CaseStatus.MEDIATION
    # 5 March + 2 months = Sun 5 May, in the Labour Day holiday: Mon 6 May.
    assert case.due_on == D(2024, 5, 6)
    case = mediation_mark_complex(actor=officer, case=case, reason="涉及多项专利")
    assert case.due_on == D(2024, 6, 5)  # 3 months
    entry = _events(case, "mediation_complex")[0]
    assert entry.changes["due_on"] == ["2024-05-06", "2024-06-05"]


def test_a_late_mediation_keeps_the_case_within_its_own_limit(new_case, advance):
    case = advance(new_case(), "accept", ("start_mediation", {"on": D(2024, 4, 15)}))
    # The mediation would end on 17 June; the case must conclude by 5 June.
    assert case.due_on == D(2024, 6, 5)


def test_a_fast_protection_center_handles_the_mediation(new_case, advance, officer):
    center = office_create(actor=None, code="320100-C1", parent=Office.objects.get(code="320100"),
                           level=OfficeLevel.ASSISTANCE_CENTER, name_zh="南京快速维权中心",
                           name_en="Nanjing Fast IP Protection Center")  # fmt: skip
    case = advance(new_case(), "accept")
    with pytest.raises(ApplicationError) as refused:  # not (yet) a fast-protection center
        case_transition(actor=officer, case=case, name="start_mediation", on=D(2024, 3, 5),
                        handling_unit=center)  # fmt: skip
    assert refused.value.field == "handling_unit"
    Office.objects.filter(pk=center.pk).update(fast_protection=True)
    case = case_transition(actor=officer, case=case, name="start_mediation", on=D(2024, 3, 5),
                           handling_unit=center, complex=True)  # fmt: skip
    assert case.handling_unit == center
    assert case.due_on == D(2024, 6, 5)
    start = _events(case, "start_mediation")[0]
    assert start.changes["handling_unit"] == [None, center.pk]


def test_the_agreement_is_recorded_by_settling_and_its_performance_after(
    new_case, advance, officer
):
    case = advance(new_case(), "accept", "start_mediation")
    with pytest.raises(ApplicationError) as refused:
        case_transition(actor=officer, case=case, name="settle", on=D(2024, 3, 20))
    assert refused.value.field == "terms"
    with pytest.raises(ApplicationError) as refused:
        case_transition(actor=officer, case=case, name="settle", on=D(2024, 3, 20),
                        terms="停止销售", respondent_signed_on=D(2024, 3, 21))  # fmt: skip
    assert refused.value.field == "respondent_signed_on"
    with pytest.raises(ApplicationError, match="agreement first"):
        mediation_performance_record(actor=officer, case=case, performance="performed")
    case = case_transition(actor=officer, case=case, name="settle", on=D(2024, 3, 20),
                           terms="停止销售，赔偿 2 万元",
                           requester_signed_on=D(2024, 3, 19))  # fmt: skip
    mediation = case.mediations.get()
    signed = (mediation.requester_signed_on, mediation.respondent_signed_on)
    assert mediation.agreement_on == D(2024, 3, 20)
    assert signed == (D(2024, 3, 19), D(2024, 3, 20))
    assert (case.status, case.outcome) == ("concluded", "mediated")
    mediation_performance_record(actor=officer, case=case, performance="partly",
                                 on=D(2024, 4, 20), note="已停止销售，赔偿未付清")  # fmt: skip
    mediation_performance_record(actor=officer, case=case, performance="performed",
                                 on=D(2024, 5, 20))  # fmt: skip
    mediation.refresh_from_db()
    assert (mediation.performance, mediation.performance_on) == ("performed", D(2024, 5, 20))
    changes = [e.changes["performance"] for e in _events(case, "mediation_performance")]
    assert changes == [[None, "partly"], ["partly", "performed"]]
