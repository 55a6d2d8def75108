"""Our words do not take over Django's: the admin's "Change" reads 修改, the year-on-year
column of our tables 同比."""

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_the_admin_change_links_read_xiugai(make_user, client):
    admin = make_user("100000", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "修改" in page and "同比" not in page


def test_the_statistics_table_says_tongbi(make_user, client):
    client.force_login(make_user("320000", Role.SUPERVISOR))
    page = client.get(reverse("statistics"), {"period": "2013"},
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()  # fmt: skip
    assert '<th scope="col">同比</th>' in page
