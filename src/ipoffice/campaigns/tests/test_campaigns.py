"""Campaign records, cases tagged to them and the statistics computed from those cases."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from ipoffice.accounts.roles import Role
from ipoffice.campaigns.models import Campaign
from ipoffice.campaigns.services import campaign_create
from ipoffice.cases.services import case_create, case_transition, case_update
from ipoffice.cases.tests.conftest import case_data
from ipoffice.common.errors import ApplicationError, InvalidInput
from ipoffice.common.periods import period_parse
from ipoffice.offices.models import Office
from ipoffice.reporting import annual, figures
from ipoffice.reporting.definitions import FORMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def convoy(make_user) -> Campaign:
    """Jiangsu's 2024 Convoy campaign, for all its cities, with a target of four cases."""
    head = make_user("320000", Role.OFFICE_HEAD)
    return campaign_create(
        actor=head,
        data={"name_zh": "护航2024", "name_en": "Convoy 2024", "starts_on": "2024-01-01",
              "ends_on": "2024-12-31", "target_cases": "4", "offices": ""},
    )  # fmt: skip


def _case(make_user: Any, code: str, campaign: str = "", accept: bool = True) -> Any:
    officer = make_user(code, Role.ENFORCEMENT_OFFICER)
    case = case_create(actor=officer, office=Office.objects.get(code=code),
                       data=case_data(campaign=campaign))  # fmt: skip
    if accept:
        case = case_transition(actor=officer, case=case, name="accept", reason="x",
                               on=date(2024, 3, 5))  # fmt: skip
    return case


def test_campaign_figures_come_from_the_tagged_cases_per_office_against_the_target(
    convoy, make_user
):
    for code, name in [("320100", "护航2024"), ("320100", "Convoy 2024"),
                       ("320500", "护航2024"), ("320500", "")]:  # fmt: skip
        _case(make_user, code, name)
    client = Client(headers={"accept-language": "en"})
    client.force_login(make_user("320000", Role.ANALYST))
    html = client.get(f"/campaigns/{convoy.pk}/").content.decode()
    assert "3 cases of a target of 4 (75.0%)" in html
    zh = Client(headers={"accept-language": "zh-hans"})
    zh.force_login(make_user("320000", Role.ANALYST))
    assert "3 件，目标 4 件（完成 75.0%）" in zh.get(f"/campaigns/{convoy.pk}/").content.decode()
    rows = client.get(f"/api/v1/campaigns/{convoy.pk}/").json()["by_office"]
    assert [(r["office"], r["cases"]) for r in rows] == [("320100", 2), ("320500", 1)]
    # The report form counts the same cases (by the year they were accepted).
    jiangsu = Office.objects.get(code="320000")
    values = figures.compute(FORMS["campaigns"], jiangsu, period_parse("2024"))
    assert values["campaign_cases"] == 3
    nanjing = Office.objects.get(code="320100")
    assert figures.compute(FORMS["campaigns"], nanjing, period_parse("2024"))["campaign_cases"] == 2
    # The annual report names the campaign against its target.
    report = annual.build(jiangsu, 2024, language="en")
    section = next(s for s in report.sections if s.section.code == "campaigns")
    assert "Convoy 2024: 3 cases (target 4)" in section.paragraph
    # A city sees the campaign's cases in its figures, not the province's campaign page.
    city = Client()
    city.force_login(make_user("320500", Role.ANALYST))
    assert city.get(f"/campaigns/{convoy.pk}/").status_code == 404


def test_a_case_takes_only_a_campaign_its_office_takes_part_in(convoy, make_user):
    with pytest.raises(ApplicationError) as refused:
        _case(make_user, "330100", "护航2024")  # Zhejiang does not take part
    assert refused.value.field == "campaign"
    case = _case(make_user, "320100")
    case = case_update(actor=make_user("320100", Role.ENFORCEMENT_OFFICER), case=case,
                       reason="tagged", campaign="护航2024")  # fmt: skip
    assert case.campaign == convoy
    change = case.events.get(action="update").changes["campaign"]
    assert change == ["", "护航2024"]  # the history keeps the name


def test_recording_a_campaign_checks_its_input_and_its_offices(make_user):
    head = make_user("320000", Role.OFFICE_HEAD)
    with pytest.raises(InvalidInput) as refused:
        campaign_create(actor=head, data={"name_zh": "护航", "starts_on": "2024-05-01",
                                          "ends_on": "2024-04-01", "target_cases": "-1",
                                          "offices": "330100"})  # fmt: skip
    assert set(refused.value.errors) == {"ends_on", "target_cases", "offices"}
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(head)
    typed = {"name_zh": "护航2024", "starts_on": "2024-01-01", "ends_on": "2023-12-31",
             "offices": "320100"}  # fmt: skip
    response = client.post("/campaigns/new/", typed)
    html = response.content.decode()
    assert "专项行动结束日期不能早于开始日期。" in html and 'value="护航2024"' in html
    typed.update(ends_on="2024-12-31", offices="320100\n320500", target_cases="100")
    response = client.post("/campaigns/new/", typed)
    campaign = Campaign.objects.get(name_zh="护航2024")
    assert response.status_code == 302 and campaign.year == 2024
    assert sorted(o.code for o in campaign.offices.all()) == ["320100", "320500"]
    officer = make_user("320000", Role.ENFORCEMENT_OFFICER)
    with pytest.raises(ApplicationError):
        campaign_create(actor=officer, data={"name_zh": "x"})  # no permission
