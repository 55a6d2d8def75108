"""The public page of decisions and the repeat respondents across offices."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from ipoffice.accounts.roles import Role
from ipoffice.cases.services import case_create, case_transition
from ipoffice.cases.tests.conftest import case_data
from ipoffice.disclosure.rules import DISCLOSURE_RULES, rule_for
from ipoffice.offices.models import Office

COMPANY = "91110108551385082Q"
OTHER_COMPANY = "91350100M000100Y43"
PERSON_ID = "11010519491231002X"


@pytest.fixture
def people(make_user) -> dict[str, tuple[Any, Any]]:
    """An officer and a head in Nanjing and Suzhou (Jiangsu) and in Hangzhou (Zhejiang)."""
    return {
        code: (make_user(code, Role.ENFORCEMENT_OFFICER), make_user(code, Role.OFFICE_HEAD))
        for code in ("320100", "320500", "330100")
    }


@pytest.fixture
def decided(people) -> Any:
    """A case of ``office`` taken to its decision (and published, unless told not to)."""

    def make(office: str, case_type: str = "infringement_dispute", *, outcome: str,
             publish: bool = True, on: date = date(2024, 3, 20), **data: Any) -> Any:  # fmt: skip
        officer, head = people[office]
        case = case_create(
            actor=officer,
            office=Office.objects.get(code=office),
            data=case_data(case_type, filed_on=date(2024, 3, 1), **data),
        )
        case = case_transition(actor=officer, case=case, name="accept", reason="x",
                               on=date(2024, 3, 4))  # fmt: skip
        extra = {"fine_amount": 30_000} if outcome == "penalty_imposed" else {}
        case = case_transition(actor=head, case=case, name="decide", reason="x", on=on,
                               outcome=outcome, **extra)  # fmt: skip
        if publish:
            case = case_transition(actor=officer, case=case, name="publish_decision",
                                   reason="", on=on)  # fmt: skip
        return case

    return make


def _page(client: Client, **params: Any) -> str:
    response = client.get("/decisions/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_public_page_lists_exactly_the_published_decisions_and_nothing_private(decided):
    order = decided("320100", outcome="infringement_found", respondent_kind="organisation",
                    respondent_name="苏州某电器有限公司", respondent_id=COMPANY,
                    respondent_address="苏州市工业园区星湖街1号", respondent_contact="13912345678",
                    requester_contact="025-88886666")  # fmt: skip
    penalty = decided("320500", "passing_off", outcome="penalty_imposed",
                      respondent_kind="individual", respondent_name="王小明",
                      respondent_id=PERSON_ID)  # fmt: skip
    unpublished = decided("320100", outcome="infringement_found", publish=False)
    no_infringement = decided("320100", outcome="no_infringement", publish=False)
    html = _page(Client())  # no login
    assert order.case_number in html and penalty.case_number in html
    assert unpublished.case_number not in html and no_infringement.case_number not in html
    assert "苏州某电器有限公司" in html and COMPANY in html  # an organisation: name and code
    assert "王**" in html and "王小明" not in html and PERSON_ID not in html  # masked, no ID
    for private in ("星湖街", "13912345678", "025-88886666", "南京某科技有限公司"):
        assert private not in html  # no address, phone, nor the requester
    assert "200310100002.X" in html  # the patent of the infringing act
    assert "30,000.00" in html  # the fine


@pytest.mark.django_db
def test_the_public_page_filters_by_office_and_year_in_both_languages(decided):
    nanjing = decided("320100", outcome="infringement_found")
    suzhou = decided("320500", outcome="infringement_found")
    html = _page(Client(), office="320500")
    assert suzhou.case_number in html and nanjing.case_number not in html
    html = _page(Client(), office="320000")  # the province: both cities
    assert suzhou.case_number in html and nanjing.case_number in html
    assert nanjing.case_number not in _page(Client(), year=2023)
    zh = Client(headers={"accept-language": "zh-hans"})
    html = _page(zh)
    assert "已公开的处理决定" in html and "认定侵权，责令停止" in html
    refused = Client().get("/decisions/", {"year": "abc"})
    assert refused.status_code == 400


def test_the_rules_agree_with_the_publication_time_limit_and_start_in_2014():
    from ipoffice.cases.rules import CASE_TIME_LIMITS
    from ipoffice.deadlines.rules import Step

    publication = {(t.case_type, t.amount) for t in CASE_TIME_LIMITS if t.step == Step.PUBLICATION}
    measures = {(r.case_type, r.within) for r in DISCLOSURE_RULES if r.effective_from.year == 2015}
    assert measures == publication
    # A penalty decision of May 2014 was not yet due; one of June 2014 was (State Council).
    assert rule_for(case_type="passing_off", outcome="penalty_imposed",
                    decided_on=date(2014, 5, 30)) is None  # fmt: skip
    assert rule_for(case_type="passing_off", outcome="penalty_imposed",
                    decided_on=date(2014, 6, 3)).instrument == "state_council_2014"  # fmt: skip
    assert rule_for(case_type="passing_off", outcome="penalty_imposed",
                    decided_on=date(2024, 6, 3)).instrument == "measures_2015"  # fmt: skip
    assert rule_for(case_type="infringement_dispute", outcome="infringement_found",
                    decided_on=date(2015, 1, 5)) is None  # fmt: skip


@pytest.mark.django_db
def test_a_repeat_respondent_across_two_cities_shows_to_the_province_not_elsewhere(
    decided, make_user
):
    company = {"respondent_kind": "organisation", "respondent_name": "某电器有限公司",
               "respondent_id": COMPANY}  # fmt: skip
    one = decided("320100", outcome="infringement_found", **company)
    two = decided("320500", outcome="no_infringement", publish=False, **company)
    decided("330100", outcome="infringement_found", respondent_kind="organisation",
            respondent_name="另一公司", respondent_id=OTHER_COMPANY)  # fmt: skip

    def page(code: str) -> str:
        client = Client()
        client.force_login(make_user(code, Role.ANALYST))
        response = client.get("/cases/repeat-respondents/")
        assert response.status_code == 200
        return response.content.decode()

    province = page("320000")
    assert COMPANY in province and f"/cases/{one.pk}/" in province
    assert f"/cases/{two.pk}/" in province and OTHER_COMPANY not in province
    assert COMPANY not in page("330100")  # another province: neither case
    assert COMPANY not in page("320100")  # one city sees one case: no repeat
    assert COMPANY in page("100000")


@pytest.mark.django_db
def test_the_repeat_respondents_page_needs_a_login(client):
    response = client.get("/cases/repeat-respondents/")
    assert response.status_code == 302
