"""The statistics page links every figure to the records behind it; reports pages work."""

import re
from datetime import date

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_statistics_page_and_drilldown_page_agree(add_cases, make_user, client):
    add_cases("320100", 3, accepted_on=date(2013, 3, 1))
    add_cases("320500", 2, accepted_on=date(2013, 3, 1), case_type="infringement_dispute")
    client.force_login(make_user("320000", Role.SUPERVISOR))
    page = client.get(reverse("statistics"), {"form": "enforcement", "period": "2013"},
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()  # fmt: skip
    link = re.search(r'href="([^"]+figure=disputes_accepted)"[^>]*>(\d+)<', page)
    assert link.group(2) == "2"
    drill = client.get(link.group(1).replace("&amp;", "&"), HTTP_ACCEPT_LANGUAGE="en")
    assert "2 records" in drill.content.decode()
    outsider = make_user("440000", Role.SUPERVISOR)
    client.force_login(outsider)
    assert client.get(reverse("statistics"), {"period": "2013", "office": "320000"}
                      ).status_code == 404  # fmt: skip


def test_reports_pages_open_fill_and_submit(make_user, client):
    analyst = make_user("320100", Role.ANALYST)
    client.force_login(analyst)
    opened = client.post(reverse("report-open"), {"form": "enforcement", "period": "2013"})
    url = opened["Location"]
    client.post(url + "fill/", {"manual_enforcement_staff": "8"})
    client.post(url + "submit/")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Submitted" in page
    client.force_login(make_user("320000", Role.OFFICE_HEAD))
    listing = client.get(reverse("reports"), {"period": "2013"},
                         HTTP_ACCEPT_LANGUAGE="en").content.decode()  # fmt: skip
    assert "Waiting for your review" in listing and "13 expected" in listing


def test_completeness_names_each_state_in_words(make_user, client):
    head = make_user("320000", Role.OFFICE_HEAD)
    analyst = make_user("320100", Role.ANALYST)
    client.force_login(analyst)
    client.post(reverse("report-open"), {"form": "enforcement", "period": "2024"})
    client.force_login(head)
    page = client.get(reverse("reports"), {"form": "enforcement", "period": "2024"},
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()  # fmt: skip
    rows = page[page.index('<table class="list">') :]
    assert "草稿" in rows and "未填报" in rows  # Nanjing's draft; Wuxi has none
    assert "missing" not in rows and "draft" not in rows
