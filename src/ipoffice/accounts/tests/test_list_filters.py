"""The people list's filters, in the API and on the page: each filters, a bad one is named."""

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def jiangsu(make_user):
    make_user("320100", username="nj_li", full_name="李明")
    make_user("320500", username="sz_wang", full_name="王芳")
    return make_user("320000", role=Role.SUPERVISOR, username="js")


def usernames(response):
    assert response.status_code == 200, response.content
    return sorted(row["username"] for row in response.json()["results"])


def test_a_bad_office_is_a_400_naming_the_parameter(jiangsu, api_client):
    response = api_client(jiangsu).get("/api/v1/users/", {"office": "99x"},
                                       HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 400
    body = response.json()
    assert (body["field"], list(body["errors"])) == ("office", ["office"])
    assert "six digits" in body["detail"]


def test_office_and_search_filter(jiangsu, api_client):
    api = api_client(jiangsu)
    assert usernames(api.get("/api/v1/users/", {"office": "320500"})) == ["sz_wang"]
    assert usernames(api.get("/api/v1/users/", {"office": "320000"})) == ["js"]  # not below
    assert usernames(api.get("/api/v1/users/", {"q": "李明"})) == ["nj_li"]
    assert usernames(api.get("/api/v1/users/", {"q": "SZ_"})) == ["sz_wang"]


def test_the_page_searches_and_shows_a_bad_filter(jiangsu, client):
    client.force_login(jiangsu)
    page = client.get(reverse("user-list"), {"q": "王芳"}).content.decode()
    assert "sz_wang" in page and "nj_li" not in page
    response = client.get(reverse("user-list"), {"office": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Office code: An office code is six digits" in page
    assert "0 people" in page and "nj_li" not in page
