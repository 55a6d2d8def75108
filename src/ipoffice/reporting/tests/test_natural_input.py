"""Years and offices as people type them on the dashboard and statistics pages."""

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role
from ipoffice.common.periods import period_parse

pytestmark = pytest.mark.django_db


WIDE = "\uff12\uff10\uff11\uff13"  # 2013 in full-width digits, as Chinese input methods type it


@pytest.mark.parametrize("typed,code", [
    ("2013年", "2013"), (WIDE, "2013"), (WIDE + "年", "2013"), ("2013年度", "2013"),
    ("2013年5月", "2013-05"), ("2013年第二季度", "2013-Q2"), ("2013-q2", "2013-Q2"),
    (" 2013 ", "2013"),
])  # fmt: skip
def test_periods_typed_in_chinese_are_understood(typed, code):
    assert period_parse(typed).code == code


@pytest.fixture
def supervisor(make_user, client):
    user = make_user("320000", Role.SUPERVISOR)
    client.force_login(user)
    return user


@pytest.mark.parametrize("name", ["dashboard", "annual-report"])
def test_a_year_typed_with_nian_opens_the_page(supervisor, client, name):
    response = client.get(reverse(name), {"year": "2013年"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200 and "2013" in response.content.decode()


def test_the_statistics_page_takes_full_width_digits(supervisor, client):
    response = client.get(reverse("statistics"), {"period": WIDE + "年"},
                          HTTP_ACCEPT_LANGUAGE="zh-hans")  # fmt: skip
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["dashboard", "annual-report"])
def test_a_year_that_is_none_is_explained(supervisor, client, name):
    response = client.get(reverse(name), {"year": "去年"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "去年 不是年份：请填写 2013 或 2013年" in response.content.decode()


@pytest.mark.parametrize("name,params", [("dashboard", {}), ("statistics", {"period": "2013"}),
                                         ("annual-report", {})])  # fmt: skip
def test_an_office_outside_ones_area_is_explained_in_chinese(supervisor, client, name, params):
    response = client.get(reverse(name), {**params, "office": "440000"},
                          HTTP_ACCEPT_LANGUAGE="zh-hans")  # fmt: skip
    assert response.status_code == 404
    page = response.content.decode()
    assert (
        "您的管辖范围内没有代码为 440000 的单位：您可以查看江苏省知识产权局及其下级单位的数据。"
        in page
    )
    assert f'href="{reverse(name)}"' in page
