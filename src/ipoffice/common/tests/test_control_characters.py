"""A NUL or other control character answers 400 naming the parameter, never a 500."""

from __future__ import annotations

import pytest

from ipoffice.accounts.roles import Role


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/public/complaints/%00/?code=x", "path"),
        ("/api/v1/cases/?q=%00", "q"),
        ("/api/v1/cases/?campaign=a%00b", "campaign"),
        ("/api/v1/statistics/enforcement/?period=2013%00", "period"),
    ],
)
def test_a_nul_in_the_api_is_a_400_naming_the_parameter(make_user, client, url, name):
    client.force_login(make_user("320100", Role.ENFORCEMENT_OFFICER))
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert response.json()["field"] == name
    assert "控制字符" in response.json()["detail"]


def test_a_nul_in_a_page_or_a_form_is_a_400(make_user, client):
    client.force_login(make_user("320100", Role.ENFORCEMENT_OFFICER))
    assert client.get("/cases/?q=%00").status_code == 400
    response = client.post("/report/", {"subject": "台灯\x00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "subject contains a control character" in response.content.decode()


def test_line_breaks_and_tabs_in_submitted_text_pass(rf):
    from ipoffice.common.middleware import _offending

    assert _offending(rf.post("/report/", {"description": "第一行\r\n第二行\t完"})) is None
    assert _offending(rf.post("/report/", {"description": "响铃\x07"})) == "description"
    assert _offending(rf.get("/cases/", {"q": "a\nb"})) == "q"  # no line break in a filter
