from datetime import date, timedelta

import pytest
from django.utils import timezone

from ipoffice.cases.models import CasePatent, Party
from ipoffice.cases.selectors import CaseFilters, case_list
from ipoffice.cases.services import case_approve_extension, case_create, case_transition
from ipoffice.cases.tests.conftest import case_data
from ipoffice.common.errors import ApplicationError, InvalidInput, PermissionDeniedError

pytestmark = pytest.mark.django_db


def test_create_stores_canonical_patents_and_parties(new_case):
    case = new_case(patent_numbers=["ZL200310100002X", "CN 200320100002.5"])
    assert sorted(
        CasePatent.objects.filter(case=case).values_list("application_number", "patent_type")
    ) == [("200310100002.X", "invention"), ("200320100002.5", "utility_model")]
    parties = {p.role: p for p in Party.objects.filter(case=case)}
    assert parties["requester"].kind == "organisation"
    assert parties["respondent"].id_number == "11010519491231002X"
    assert case.status == "received"
    assert case.due_on == date(2024, 3, 8)  # 5 working days after Friday 1 March 2024


def test_every_bad_field_is_named_at_once(officer):
    data = case_data(
        case_type="other_dispute",
        dispute_subtype="",
        source="gossip",
        patent_numbers=["200310100002.5"],
        requester_id="91110108551385082A",
        respondent_name="",
        filed_on="2024-02-30",
    )
    with pytest.raises(InvalidInput) as error:
        case_create(actor=officer, office=officer.office, data=data)
    errors = error.value.errors
    assert set(errors) == {
        "dispute_subtype",
        "source",
        "patent_numbers",
        "requester_id",
        "respondent_name",
        "filed_on",
    }
    assert "check character 5; X was expected" in errors["patent_numbers"][0]
    assert "2024-02-30 is not a date" in errors["filed_on"][0]


def test_analyst_cannot_register_cases(make_user):
    analyst = make_user("320100", "analyst")
    with pytest.raises(PermissionDeniedError):
        case_create(actor=analyst, office=analyst.office, data=case_data())


def test_due_date_follows_the_step_and_the_extension(new_case, advance, head):
    case = advance(new_case(filed_on=date(2024, 3, 1)), ("accept", {"on": date(2024, 3, 5)}))
    assert case.due_on == date(2024, 6, 5)  # 2015 Measures: 3 months
    case = case_approve_extension(actor=head, case=case, reason="complex technology")
    assert case.due_on == date(2024, 7, 5)  # plus 1 month
    with pytest.raises(ApplicationError, match="already approved"):
        case_approve_extension(actor=head, case=case, reason="again")
    case = advance(case, ("decide", {"outcome": "infringement_found", "on": date(2024, 6, 3)}))
    assert case.due_on == date(2024, 7, 2)  # 20 working days; 10 June is Dragon Boat Festival
    case = advance(case, ("publish_decision", {"on": date(2024, 6, 20)}))
    assert case.due_on is None


def test_officers_cannot_approve_extensions(new_case, advance, officer):
    case = advance(new_case(), "accept")
    with pytest.raises(PermissionDeniedError):
        case_approve_extension(actor=officer, case=case, reason="x")


def test_overdue_filter_lists_open_cases_past_their_due_date(new_case, advance, officer):
    today = timezone.localdate()
    late = new_case(filed_on=today - timedelta(days=30))
    on_time = new_case(filed_on=today)
    done = advance(new_case(filed_on=today - timedelta(days=30)), ("refuse", {"on": today}))
    overdue = case_list(user=officer, filters=CaseFilters(overdue=True), today=today)
    assert list(overdue) == [late]
    assert on_time not in overdue and done not in overdue


def test_search_by_number_party_and_patent(new_case, officer):
    case = new_case(
        respondent_name="苏州仿冒电器厂", respondent_kind="organisation", respondent_id=""
    )
    other = new_case(patent_numbers=["200320100002.5"])

    def find(q):
        return list(case_list(user=officer, filters=CaseFilters(q=q)))

    assert find("仿冒电器") == [case]
    assert find(case.case_number) == [case]
    assert find("ZL 200320100002.5") == [other]


def test_transition_dates_drive_the_record(new_case, officer):
    case = new_case()
    case = case_transition(actor=officer, case=case, name="accept", on=date(2024, 3, 4))
    assert case.accepted_on == date(2024, 3, 4)


def test_office_filter_matches_whole_codes_only(new_case, make_user):
    case = new_case()
    national = make_user("100000", "supervisor")
    assert list(case_list(user=national, filters=CaseFilters(office="320100"))) == [case]
    assert list(case_list(user=national, filters=CaseFilters(office="320000"))) == [case]
    assert list(case_list(user=national, filters=CaseFilters(office="0100"))) == []


def test_a_decision_waiting_to_be_published_can_be_overdue(new_case, advance, officer):
    case = advance(
        new_case(filed_on=date(2024, 3, 1)),
        ("accept", {"on": date(2024, 3, 4)}),
        ("decide", {"outcome": "infringement_found", "on": date(2024, 3, 20)}),
    )
    assert case.due_on == date(2024, 4, 18)  # 20 working days; Qingming 4-6 Apr, 7 Apr worked
    overdue = case_list(user=officer, filters=CaseFilters(overdue=True), today=date(2024, 5, 1))
    assert list(overdue) == [case]


def test_a_decisions_fine_uses_the_gains_recorded_at_registration(new_case, advance, head):
    case = advance(new_case("passing_off", illegal_gains="60000"), "accept")
    case = case_transition(actor=head, case=case, name="decide", reason="x",
                           outcome="penalty_imposed", fine_amount=300_000)  # fmt: skip
    assert (case.fine_amount, case.illegal_gains) == (300_000, 60_000)
