"""The case list's filters, in the API and on the page: each filters, a bad one is named."""

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("campaigns")]


@pytest.fixture
def three_cases(new_case, advance, make_user):
    dispute = new_case(respondent_name="南京仿冒灯具厂")
    passing_off = advance(new_case("passing_off", campaign="护航2024"), "accept")
    suzhou = new_case(actor=make_user("320500", username="sz_officer"))
    return dispute, passing_off, suzhou


def numbers(response):
    assert response.status_code == 200, response.content
    return sorted(row["case_number"] for row in response.json()["results"])


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("status", "nonsense"),
        ("case_type", "burglary"),
        ("year", "abc"),
        ("year", "20x3"),
        ("office", "99x"),
        ("overdue", "maybe"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_parameter(officer, api_client, parameter, value):
    for url in ("/api/v1/cases/", "/api/v1/cases/export/"):
        response = api_client(officer).get(url, {parameter: value})
        assert response.status_code == 400, url
        body = response.json()
        assert body["field"] == parameter and body["detail"]
        assert list(body["errors"]) == [parameter]


def test_the_400_is_in_the_readers_language(officer, api_client):
    response = api_client(officer).get("/api/v1/cases/", {"year": "abc"},
                                       HTTP_ACCEPT_LANGUAGE="zh-CN")  # fmt: skip
    assert response.json()["field"] == "year" and "整数" in response.json()["detail"]


def test_each_kept_filter_still_filters(three_cases, new_case, make_user, api_client):
    dispute, passing_off, suzhou = three_cases
    fresh = new_case(filed_on=timezone.localdate())
    province = api_client(make_user("320000", "supervisor"))
    assert numbers(province.get("/api/v1/cases/", {"case_type": "passing_off"})) == [
        passing_off.case_number
    ]
    assert numbers(province.get("/api/v1/cases/", {"status": "accepted"})) == [
        passing_off.case_number
    ]
    assert numbers(province.get("/api/v1/cases/", {"office": "320500"})) == [suzhou.case_number]
    assert numbers(province.get("/api/v1/cases/", {"campaign": "护航2024"})) == [
        passing_off.case_number
    ]
    assert numbers(province.get("/api/v1/cases/", {"q": "仿冒灯具"})) == [dispute.case_number]
    assert len(numbers(province.get("/api/v1/cases/", {"year": "2024"}))) == 3
    assert numbers(province.get("/api/v1/cases/", {"year": "2023"})) == []
    # Registered in March 2024, the three are long past their time limits; today's is not.
    overdue = numbers(province.get("/api/v1/cases/", {"overdue": "true"}))
    assert dispute.case_number in overdue and fresh.case_number not in overdue
    assert len(numbers(province.get("/api/v1/cases/", {"overdue": "0"}))) == 4


def test_the_export_takes_the_same_filters(three_cases, officer, api_client):
    dispute, passing_off, _suzhou = three_cases
    response = api_client(officer).get("/api/v1/cases/export/",
                                       {"as": "csv", "case_type": "passing_off"})  # fmt: skip
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert passing_off.case_number in text and dispute.case_number not in text


def test_a_filter_never_hides_a_single_case(three_cases, officer, api_client):
    dispute = three_cases[0]
    url = f"/api/v1/cases/{dispute.pk}/"
    assert api_client(officer).get(url, {"status": "closed"}).status_code == 200


def test_the_page_shows_a_bad_filter_next_to_the_form_and_no_cases(three_cases, officer, client):
    client.force_login(officer)
    response = client.get(reverse("case-list"), {"year": "abc", "status": "accepted"},
                          HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="errorlist filter-errors"' in page and "Year: Enter a whole number." in page
    assert "0 cases" in page and three_cases[1].case_number not in page
    assert 'value="abc"' in page  # kept in the form, to be corrected
    chinese = client.get(reverse("case-list"), {"status": "nonsense"},
                         HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()  # fmt: skip
    assert "状态：" in chinese and "nonsense" in chinese


def test_the_page_and_its_export_filter(three_cases, officer, client):
    dispute, passing_off, _suzhou = three_cases
    client.force_login(officer)
    page = client.get(reverse("case-list"), {"case_type": "passing_off"}).content.decode()
    assert passing_off.case_number in page and dispute.case_number not in page
    export = client.get(reverse("case-export"), {"as": "csv", "q": "仿冒灯具"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert dispute.case_number in text and passing_off.case_number not in text
    refused = client.get(reverse("case-export"), {"as": "csv", "office": "99x"},
                         HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert refused.status_code == 400 and "Office: " in refused.content.decode()
