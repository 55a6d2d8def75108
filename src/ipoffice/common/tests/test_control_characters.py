"""A NUL or other control character answers 400 naming the parameter, never a 500."""

from __future__ import annotations

import pytest

from ipoffice.accounts.roles import Role


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/public/complaints/%00/?code=x", "tracking_number"),
        ("/api/v1/public/complaints/20240301-ABCDEF/?code=x%00", "code"),
        ("/api/v1/cases/?q=%00", "q"),
        ("/api/v1/cases/?campaign=a%00b", "campaign"),
        ("/api/v1/cases/?office=3201%00", "office"),
        ("/api/v1/cases/export/?q=%00&as=csv", "q"),
        ("/api/v1/complaints/?kind=%00", "kind"),
        ("/api/v1/complaints/export/?q=%00", "q"),
        ("/api/v1/offices/?level=%00", "level"),
        ("/api/v1/users/?office=%00", "office"),
        ("/api/v1/statistics/enforcement/?period=2013%00", "period"),
        ("/api/v1/statistics/enforcement/?office=%00", "office"),
        ("/api/v1/statistics/enforcement/drilldown/?period=%00", "period"),
        ("/api/v1/statistics/export/?period=2013%00", "period"),
        ("/api/v1/reports/?period=%00", "period"),
        ("/api/v1/reports/completeness/?period=%00", "period"),
        ("/api/v1/statistics/%00/", "form"),
    ],
)
def test_a_nul_in_the_api_is_a_400_naming_the_parameter(make_user, client, url, name):
    client.force_login(make_user("320100", Role.ENFORCEMENT_OFFICER))
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert response.json()["field"] == name
    assert "控制字符" in response.json()["detail"]


def test_a_nul_in_a_json_body_is_a_400_naming_the_field(make_user, api_client):
    api = api_client(make_user("320100", Role.ENFORCEMENT_OFFICER))
    response = api.post("/api/v1/public/complaints/", {"subject": "台灯\x00"}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "subject"
    response = api.post("/api/v1/cases/", {"title\x00": "x"}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "title\x00"


@pytest.mark.parametrize(
    "url",
    ["/cases/?q=%00", "/cases/export/?q=%00", "/complaints/export/?q=%00",
     "/statistics/?period=%00", "/reports/?period=%00", "/dashboard/?office=%00"],
)  # fmt: skip
def test_a_nul_in_a_page_or_an_export_is_a_400_before_any_body(make_user, client, url):
    client.force_login(make_user("320100", Role.OFFICE_HEAD))
    response = client.get(url)
    assert response.status_code == 400
    assert not getattr(response, "streaming", False)  # never 200 and a cut-off CSV


def test_a_nul_in_a_form_is_a_400(make_user, client):
    response = client.post("/report/", {"subject": "台灯\x00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "subject contains a control character" in response.content.decode()


def test_line_breaks_and_tabs_in_submitted_text_pass(rf):
    from ipoffice.common.middleware import _offending

    assert _offending(rf.post("/report/", {"description": "第一行\r\n第二行\t完"})) is None
    assert _offending(rf.post("/report/", {"description": "响铃\x07"})) == "description"
    assert _offending(rf.get("/cases/", {"q": "a\nb"})) == "q"  # no line break in a filter


def test_a_nul_in_the_token_request_is_a_400(client, db):
    """DRF's own token view has its own parsers: the check runs before any view."""
    response = client.post("/api/v1/auth/token/", {"username": "a\x00", "password": "x"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and response.json()["field"] == "username"
