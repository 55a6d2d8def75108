"""The report page as the people who fill, return and read it meet it."""

import re

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role
from ipoffice.reporting.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(make_user):
    return make_user("320100", Role.ANALYST, username="nj_analyst")


@pytest.fixture
def report_url(analyst, client):
    client.force_login(analyst)
    opened = client.post(reverse("report-open"), {"form": "enforcement", "period": "2013"})
    return opened["Location"]


def zh(client, url, data=None):
    if data is None:
        return client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_manual_figures_start_empty_not_none(report_url, client):
    html = zh(client, report_url).content.decode()
    assert re.search(r'name="manual_enforcement_staff" value=""', html)
    assert "None" not in html and "enforcement ·" not in html


def test_every_bad_value_is_named_by_its_label_and_kept(report_url, client):
    typed = {"manual_enforcement_staff": "\u00b2", "manual_premises_inspected": "-3",
             "manual_training_sessions": "十二"}  # fmt: skip
    response = zh(client, report_url + "fill/", typed)
    assert response.status_code == 400  # not 500
    html = response.content.decode()
    shown = re.findall(r'class="error" id="manual-(\w+)-error" role="alert">([^<]*)<', html)
    assert dict(shown) == {
        "enforcement_staff": "执法人员数：请填写零或正整数。",
        "premises_inspected": "检查场所数：请填写零或正整数。",
        "training_sessions": "培训场次：请填写零或正整数。",
    }
    assert 'value="\u00b2"' in html and 'value="-3"' in html and 'value="十二"' in html
    assert Report.objects.get().manual == {}


def test_good_values_are_saved_and_shown(report_url, client):
    assert (
        zh(client, report_url + "fill/", {"manual_enforcement_staff": "1,200"}).status_code == 302
    )
    assert Report.objects.get().manual == {"enforcement_staff": 1200}
    html = zh(client, report_url).content.decode()
    assert re.search(r'name="manual_enforcement_staff" value="1200"', html)
    assert "填报数据" in html  # the history


def test_who_may_not_save_sees_no_save_button(report_url, make_user, client):
    client.force_login(make_user("320000", Role.OFFICE_HEAD, username="js_head"))
    html = zh(client, report_url).content.decode()
    assert 'name="manual_enforcement_staff"' not in html and ">保存<" not in html


def test_the_submitter_sees_why_the_head_returned_it(report_url, analyst, make_user, client):
    zh(client, report_url + "fill/", {"manual_enforcement_staff": "8"})
    zh(client, report_url + "submit/", {})
    client.force_login(make_user("320000", Role.OFFICE_HEAD, username="js_head"))
    reason = "执法人员数与人事报表不一致，请核实"
    client.post(report_url + "return/", {"reason": reason})
    client.force_login(analyst)
    html = zh(client, report_url).content.decode()
    notice = re.search(r'<section class="card notice" role="alert">(.*?)</section>', html, re.S)
    assert notice and "已退回修改" in notice.group(1) and reason in notice.group(1)
    history = html.split("<h2>办理记录</h2>", 1)[1]
    assert "填报数据" in history and "提交" in history and reason in history
