"""The complaint list's filters, in the API and on the page: each filters, a bad one is named."""

from datetime import date

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role
from ipoffice.complaints.services import complaints_escalate_overdue

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_complaints(submit):
    old, _ = submit(received_on=date(2024, 3, 1), respondent_name="某灯具商行")
    today, _ = submit(channel="phone", kind="consultation", respondent_name="另一家公司")
    return old, today


def numbers(response):
    assert response.status_code == 200, response.content
    return sorted(row["tracking_number"] for row in response.json()["results"])


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("status", "nonsense"),
        ("kind", "gossip"),
        ("channel", "pigeon"),
        ("center", "99x"),
        ("overdue", "perhaps"),
        ("escalated", "2"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_parameter(agent, api_client, parameter, value):
    for url in ("/api/v1/complaints/", "/api/v1/complaints/export/"):
        response = api_client(agent).get(url, {parameter: value})
        assert response.status_code == 400, url
        body = response.json()
        assert (body["field"], list(body["errors"])) == (parameter, [parameter])
        assert body["detail"]


def test_each_kept_filter_still_filters(two_complaints, agent, api_client):
    old, today = two_complaints
    api = api_client(agent)
    assert numbers(api.get("/api/v1/complaints/", {"channel": "phone"})) == [today.tracking_number]
    assert numbers(api.get("/api/v1/complaints/", {"kind": "infringement_complaint"})) == [
        old.tracking_number
    ]
    assert numbers(api.get("/api/v1/complaints/", {"q": "灯具"})) == [old.tracking_number]
    assert numbers(api.get("/api/v1/complaints/", {"overdue": "on"})) == [old.tracking_number]
    assert len(numbers(api.get("/api/v1/complaints/", {"center": "320100-C1"}))) == 2
    assert numbers(api.get("/api/v1/complaints/", {"center": "320500"})) == []
    assert len(numbers(api.get("/api/v1/complaints/", {"status": "received"}))) == 2


def test_the_page_shows_a_bad_filter_and_no_complaints(two_complaints, agent, client):
    client.force_login(agent)
    response = client.get(reverse("complaint-list"), {"kind": "gossip"},
                          HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "Kind: Select a valid choice. gossip is not one of the available choices." in page
    assert "0 complaints" in page and two_complaints[0].tracking_number not in page
    chinese = client.get(reverse("complaint-list"), {"overdue": "perhaps"},
                         HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()  # fmt: skip
    assert "仅显示超期：请填 1 或 0（是或否）。" in chinese


def test_the_page_and_its_export_filter(two_complaints, agent, client):
    old, today = two_complaints
    client.force_login(agent)
    page = client.get(reverse("complaint-list"), {"overdue": "1"}).content.decode()
    assert old.tracking_number in page and today.tracking_number not in page
    export = client.get(reverse("complaint-export"), {"as": "csv", "channel": "phone"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert today.tracking_number in text and old.tracking_number not in text


def test_escalated_lists_open_escalated_complaints_only(two_complaints, make_user, api_client):
    old, _today = two_complaints
    complaints_escalate_overdue(today=date(2024, 4, 1))
    parent = api_client(make_user("320100", Role.SUPERVISOR))
    assert numbers(parent.get("/api/v1/complaints/", {"escalated": "1"})) == [old.tracking_number]
    assert len(numbers(parent.get("/api/v1/complaints/", {"escalated": "false"}))) == 2
