"""Turning an anonymous report into a case: the page asks for what the report lacks."""

import re

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role
from ipoffice.cases.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(submit):
    complaint, _code = submit(kind="passing_off_report", anonymous=True, name="", phone="",
                              email="", respondent_name="", patent_numbers=[])  # fmt: skip
    return complaint


def test_the_page_asks_for_the_missing_respondent_and_names_the_field(report, make_user, client):
    client.force_login(make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_officer"))
    page = client.get(reverse("complaint-detail", args=[report.pk]),
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()  # fmt: skip
    assert 'name="convert-respondent_name"' in page
    url = reverse("complaint-convert", args=[report.pk])
    refused = client.post(url, {"convert-respondent_name": ""}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 400 and not Case.objects.exists()
    html = refused.content.decode()
    assert re.search(r'id="id_convert-respondent_name_error" role="alert">此项为必填项。<', html)
    assert "<details open>" in html
    done = client.post(
        url, {"convert-respondent_name": "某假冒商行"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert done.status_code == 302
    case = Case.objects.get()
    assert case.case_type == "passing_off"
    assert {p.role: p.name for p in case.parties.all()} == {"respondent": "某假冒商行"}
    report.refresh_from_db()
    assert report.status == "converted" and report.case == case
