"""A user sees the people and offices of their own subtree, and nothing else."""

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return {
        "nanjing": make_user("320100", username="nj"),
        "suzhou": make_user("320500", username="sz"),
        "shenzhen": make_user("440300", username="shz"),
        "jiangsu": make_user("320000", role=Role.SUPERVISOR, username="js"),
        "national": make_user("100000", role=Role.SUPERVISOR, username="cn"),
    }


def usernames(response):
    return {row["username"] for row in response.json()["results"]}


def test_municipal_user_lists_only_own_city_through_the_api(people, api_client):
    response = api_client(people["nanjing"]).get("/api/v1/users/")
    assert response.status_code == 200
    assert usernames(response) == {"nj"}


def test_municipal_user_cannot_fetch_another_citys_user_through_the_api(people, api_client):
    client = api_client(people["nanjing"])
    assert client.get("/api/v1/users/sz/").status_code == 404
    assert client.get("/api/v1/users/shz/").status_code == 404
    assert client.get("/api/v1/users/nj/").json()["office"] == "320100"


def test_provincial_user_sees_its_cities_but_not_other_provinces(people, api_client):
    client = api_client(people["jiangsu"])
    assert usernames(client.get("/api/v1/users/")) == {"nj", "sz", "js"}
    assert client.get("/api/v1/users/shz/").status_code == 404
    assert client.get("/api/v1/users/cn/").status_code == 404


def test_national_office_sees_everyone(people, api_client):
    assert usernames(api_client(people["national"]).get("/api/v1/users/")) == {
        u.username for u in people.values()
    }


def test_municipal_user_cannot_list_or_open_another_citys_user_in_the_ui(people, client):
    client.force_login(people["nanjing"])
    page = client.get(reverse("user-list"))
    assert page.status_code == 200
    assert "nj" in page.content.decode() and ">sz<" not in page.content.decode()
    assert client.get(reverse("user-detail", args=["sz"])).status_code == 404
    assert client.get(reverse("user-detail", args=["nj"])).status_code == 200


def test_office_api_and_pages_follow_the_same_subtree(people, api_client, client):
    api = api_client(people["nanjing"])
    codes = {row["code"] for row in api.get("/api/v1/offices/").json()["results"]}
    assert codes == {"320100"}
    assert api.get("/api/v1/offices/320500/").status_code == 404
    assert api.get("/api/v1/offices/320000/").status_code == 404  # above is out of reach too

    province = api_client(people["jiangsu"]).get("/api/v1/offices/?page_size=500").json()
    assert province["count"] == 14  # Jiangsu and its 13 cities
    client.force_login(people["nanjing"])
    assert client.get(reverse("office-detail", args=["320500"])).status_code == 404
    assert client.get(reverse("office-detail", args=["320100"])).status_code == 200


def test_anonymous_requests_are_refused(api_client, client):
    assert api_client(None).get("/api/v1/users/").status_code in (401, 403)
    response = client.get(reverse("user-list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_user_without_an_office_sees_nothing(make_user, api_client):
    user = make_user("100000", role=Role.SUPERVISOR, username="drifter")
    user.office = None
    user.save()
    assert api_client(user).get("/api/v1/offices/").json()["count"] == 0


def test_token_authentication_is_scoped_too(people, client):
    response = client.post(
        "/api/v1/auth/token/", {"username": "sz", "password": "correct-horse-battery"}
    )
    token = response.json()["token"]
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client.get("/api/v1/users/nj/", **headers).status_code == 404
    assert client.get("/api/v1/me/", **headers).json()["office"] == "320500"
