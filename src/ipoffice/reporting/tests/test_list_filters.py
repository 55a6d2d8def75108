"""The report list's filters, in the API and on the reports page."""

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def nanjing(make_user, api_client):
    api = api_client(make_user("320100", Role.ANALYST))
    for period in ("2013", "2013-Q2"):
        api.post("/api/v1/reports/open/", {"form": "enforcement", "period": period},
                 format="json")  # fmt: skip
    opened = api.post("/api/v1/reports/open/", {"form": "complaints", "period": "2013"},
                      format="json").json()  # fmt: skip
    api.post(f"/api/v1/reports/{opened['id']}/transition/", {"transition": "submit"},
             format="json")  # fmt: skip
    return api


def listed(response):
    assert response.status_code == 200, response.content
    return sorted((r["form"], r["period"], r["status"]) for r in response.json()["results"])


@pytest.mark.parametrize(
    ("parameter", "value"), [("period", "2013-13"), ("form", "taxes"), ("status", "lost")]
)
def test_a_bad_filter_is_a_400_naming_the_parameter(nanjing, parameter, value):
    response = nanjing.get("/api/v1/reports/", {parameter: value})
    assert response.status_code == 400
    body = response.json()
    assert (body["field"], list(body["errors"])) == (parameter, [parameter])


def test_form_period_and_status_filter(nanjing):
    assert listed(nanjing.get("/api/v1/reports/", {"form": "complaints"})) == [
        ("complaints", "2013", "submitted")
    ]
    assert listed(nanjing.get("/api/v1/reports/", {"period": "2013-q2"})) == [
        ("enforcement", "2013-Q2", "draft")
    ]
    assert len(listed(nanjing.get("/api/v1/reports/", {"status": "draft"}))) == 2


def test_the_reports_page_shows_a_bad_period_instead_of_a_404(make_user, client):
    client.force_login(make_user("320000", Role.OFFICE_HEAD))
    response = client.get(reverse("reports"), {"period": "2013-13"}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Period: 2013-13 is not a period: use YYYY, YYYY-Qn or YYYY-MM" in page
    assert "expected, due" not in page  # no completeness table for a period that is none
    wrong_form = client.get(reverse("reports"), {"form": "taxes"}, HTTP_ACCEPT_LANGUAGE="en")
    assert wrong_form.status_code == 400 and "Report form: Select a valid choice" in (
        wrong_form.content.decode()
    )
