"""Past the cap, a list says "more than" instead of counting every row."""

import pytest

from ipoffice.cases.selectors import case_campaigns
from ipoffice.common import pagination

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("campaigns")]


@pytest.fixture
def five_cases(new_case):
    return [new_case() for _ in range(5)]


def test_the_api_counts_up_to_the_cap_and_says_when_it_stopped(
    five_cases, officer, api_client, monkeypatch
):
    client = api_client(officer)
    body = client.get("/api/v1/cases/").json()
    assert (body["count"], body["count_capped"]) == (5, False)
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    body = client.get("/api/v1/cases/?page_size=2").json()
    assert (body["count"], body["count_capped"], len(body["results"])) == (3, True, 2)
    assert body["next"] is not None


def test_the_case_page_says_more_than_the_cap(five_cases, officer, client, monkeypatch):
    client.force_login(officer)
    page = client.get("/cases/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "5 cases" in page and "More than" not in page
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    page = client.get("/cases/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "More than 3 cases: narrow the list with the filters" in page


def test_a_new_cases_campaign_reaches_the_list_filter_at_once(new_case, officer):
    new_case(campaign="护航2013")
    assert case_campaigns(user=officer) == ["护航2013"]
    new_case(campaign="双打")
    assert case_campaigns(user=officer) == ["双打", "护航2013"]
