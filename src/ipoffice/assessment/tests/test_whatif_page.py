"""The what-if page: two rankings side by side, nothing written until the user saves."""

from datetime import date

import pytest
from django.apps import apps

from ipoffice.assessment.enums import AssessedLevel, ValueSource
from ipoffice.assessment.models import Scheme
from ipoffice.assessment.tests.conftest import per

pytestmark = pytest.mark.django_db
URL = "/assessment/what-if/"


def rows_everywhere():
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_app_config("assessment").get_models()
    }


@pytest.fixture
def scheme(adopted, add_cases):
    found = adopted(
        per("passing_off", "passing_off_accepted", 1),
        per("disputes", "infringement_disputes_accepted", 1),
        value_source=ValueSource.RECORDS,
    )
    add_cases("320100", 5, accepted_on=date(2013, 3, 1))
    add_cases("320500", 3, accepted_on=date(2013, 4, 1), case_type="infringement_dispute")
    return found


def rows_of(html):
    import re

    found = {}
    for code, cells in re.findall(r'<tr data-office="(\w+)">(.*?)</tr>', html, re.S):
        found[code] = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
    return found


def test_a_changed_weight_moves_an_office_and_nothing_is_written(people, scheme, client):
    client.force_login(people["cn"])
    before = rows_everywhere()
    page = client.get(
        URL, {"scheme": scheme.pk, "year": 2013, "weight-disputes": "2"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    html = page.content.decode()
    rows = rows_of(html)
    # Office, adopted rank and total, what-if rank and total, move.
    assert rows["320500"][1:] == ["2", "3.00", "1", "6.00", "↑1"]
    assert rows["320100"][1:] == ["1", "5.00", "2", "5.00", "↓1"]
    assert "2 offices change place." in html
    # Submitting the form without the button writes nothing either.
    client.post(URL, {"scheme": scheme.pk, "year": 2013, "weight-disputes": "2"})
    assert rows_everywhere() == before


def test_saving_the_changes_makes_a_new_draft_version(people, scheme, client):
    client.force_login(people["cn"])
    saved = client.post(
        URL,
        {
            "scheme": scheme.pk,
            "year": 2013,
            "weight-disputes": "2",
            "cap-passing_off": "4",
            "save": "1",
        },
    )
    assert saved.status_code == 302
    draft = Scheme.objects.get(year=2013, level=AssessedLevel.MUNICIPAL, version=2)
    assert (draft.status, draft.based_on_id) == ("draft", scheme.pk)
    assert draft.indicators.get(code="disputes").weight == 2
    assert draft.indicators.get(code="passing_off").cap == 4
    page = client.get(saved["Location"], HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert "已保存为草案第 2 版。" in html and "考核方案试算" in html
    # The draft scored as saved: Suzhou first, Nanjing capped at 4.
    assert rows_of(html)["320100"][3:] == ["2", "4.00", "↓1"]


def test_a_refused_number_names_the_field(people, scheme, client):
    client.force_login(people["cn"])
    before = rows_everywhere()
    page = client.get(
        URL,
        {"scheme": scheme.pk, "year": 2013, "weight-disputes": "-1"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code == 400
    assert "请输入不小于 0 的数字。" in page.content.decode()
    assert rows_everywhere() == before


@pytest.mark.parametrize("who", ["js", "nj", "nj_officer"])
def test_only_the_national_managers_see_the_page(people, scheme, client, who):
    client.force_login(people[who])
    assert client.get(URL, {"scheme": scheme.pk}).status_code == 404
    before = rows_everywhere()
    refused = client.post(URL, {"scheme": scheme.pk, "weight-disputes": "2", "save": "1"})
    assert refused.status_code == 404 and rows_everywhere() == before
