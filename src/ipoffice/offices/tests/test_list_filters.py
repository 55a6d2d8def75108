"""The office directory's filters, in the API and on the page."""

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role

pytestmark = pytest.mark.django_db


def codes(response):
    assert response.status_code == 200, response.content
    return sorted(row["code"] for row in response.json()["results"])


@pytest.mark.parametrize(("parameter", "value"), [("level", "galactic"), ("parent_code", "32")])
def test_a_bad_filter_is_a_400_naming_the_parameter(make_user, api_client, parameter, value):
    response = api_client(make_user("320000")).get("/api/v1/offices/", {parameter: value})
    assert response.status_code == 400
    body = response.json()
    assert (body["field"], list(body["errors"])) == (parameter, [parameter])


def test_level_parent_and_search_filter(make_user, api_client):
    api = api_client(make_user("320000", Role.SUPERVISOR))
    cities = codes(api.get("/api/v1/offices/", {"level": "municipal", "page_size": 100}))
    assert len(cities) == 13 and "320100" in cities and "320000" not in cities
    assert codes(api.get("/api/v1/offices/", {"parent_code": "320000", "page_size": 100})) == cities
    assert codes(api.get("/api/v1/offices/", {"q": "3205"})) == ["320500"]
    assert codes(api.get("/api/v1/offices/", {"q": "Suzhou"})) == ["320500"]
    assert codes(api.get("/api/v1/offices/", {"q": "苏州"})) == ["320500"]


def test_the_page_filters_and_shows_a_bad_level(make_user, client):
    client.force_login(make_user("320000"))
    page = client.get(reverse("office-list"), {"level": "provincial"},
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()  # fmt: skip
    assert "1 office" in page and "320000" in page
    response = client.get(reverse("office-list"), {"level": "galactic"},
                          HTTP_ACCEPT_LANGUAGE="zh-CN")  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "层级：" in page and "galactic" in page
