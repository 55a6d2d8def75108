"""Each user keeps a list's filters under a name, reapplies them and deletes them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ipoffice.accounts.models import SavedFilter
from ipoffice.accounts.roles import Role
from ipoffice.accounts.services import saved_filter_save
from ipoffice.common.errors import ApplicationError

pytestmark = pytest.mark.django_db


def test_save_apply_and_delete(make_user, client):
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_officer")
    client.force_login(officer)
    saved = client.post(
        reverse("saved-filter-save"),
        {
            "list_name": "cases",
            "name": "逾期的假冒案件",
            "query": "case_type=passing_off&overdue=1&page=3",
        },
    )
    kept = SavedFilter.objects.get(user=officer)
    assert kept.query == "case_type=passing_off&overdue=1"  # the page number is no filter
    assert saved.status_code == 302 and saved["Location"] == "/cases/?" + kept.query
    listing = client.get("/cases/").content.decode()
    assert 'href="/cases/?case_type=passing_off&amp;overdue=1">逾期的假冒案件</a>' in listing
    client.post(reverse("saved-filter-delete", args=[kept.pk]), {"next": "/cases/"})
    assert not SavedFilter.objects.exists()


def test_nobody_sees_or_deletes_another_users_filter(make_user, client):
    mine = make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_officer")
    theirs = saved_filter_save(actor=mine, list_name="complaints", name="我的", query="status=x")
    other = make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_other")
    client.force_login(other)
    assert "我的" not in client.get("/cases/").content.decode()
    assert client.post(reverse("saved-filter-delete", args=[theirs.pk])).status_code == 404
    assert SavedFilter.objects.filter(pk=theirs.pk).exists()


def test_the_same_name_replaces_and_a_name_is_needed(make_user):
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER)
    saved_filter_save(actor=officer, list_name="reports", name="江苏", query="office=320000")
    saved_filter_save(actor=officer, list_name="reports", name="江苏", query="office=320100")
    assert SavedFilter.objects.get().query == "office=320100"
    with pytest.raises(ApplicationError):
        saved_filter_save(actor=officer, list_name="reports", name=" ", query="")
    with pytest.raises(ApplicationError):
        saved_filter_save(actor=officer, list_name="passwords", name="x", query="")
