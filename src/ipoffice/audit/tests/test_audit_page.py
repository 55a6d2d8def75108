"""Supervisors read the audit trail of their area in the application, not the admin."""

from __future__ import annotations

import pytest

from ipoffice.accounts.roles import Role
from ipoffice.accounts.services import user_deactivate
from ipoffice.accounts.tests.factories import UserFactory
from ipoffice.offices.models import Office
from ipoffice.offices.services import office_update

pytestmark = pytest.mark.django_db


def _admin(*roles):
    """A national administrator who also holds the roles they manage (the policy)."""
    return UserFactory(office=Office.objects.get(code="100000"), username="cn_admin",
                       roles=[Role.ADMINISTRATOR, *roles])  # fmt: skip


@pytest.fixture
def changes(make_user):
    admin = _admin(Role.ENFORCEMENT_OFFICER)
    office_update(actor=admin, office=Office.objects.get(code="320100"), name_en="Nanjing IPO",
                  reason="更名")  # fmt: skip
    guangzhou = make_user("440100", Role.ENFORCEMENT_OFFICER, username="gz_officer")
    user_deactivate(actor=admin, user=guangzhou, reason="调离")


def test_the_supervisor_reads_the_trail_of_their_province(make_user, client, changes):
    supervisor = make_user("320000", Role.SUPERVISOR, username="js_supervisor")
    client.force_login(supervisor)
    home = client.get("/").content.decode()
    assert 'href="/audit/"' in home and "/admin/" not in home
    page = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Nanjing IPO" in text and "更名" in text and "name (English)" in text
    assert "gz_officer" not in text and "调离" not in text  # Guangdong is not theirs


def test_filters_and_sorting_apply(make_user, client, changes):
    supervisor = make_user("100000", Role.SUPERVISOR, username="cn_supervisor")
    client.force_login(supervisor)
    people = client.get("/audit/", {"subject": "user"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "调离" in people.content.decode() and "更名" not in people.content.decode()
    oldest_first = client.get("/audit/", {"sort": "at"}).content.decode()
    assert oldest_first.index("更名") < oldest_first.index("调离")
    assert client.get("/audit/", {"sort": "colour"}).status_code == 400


def test_an_officer_may_not_read_it(make_user, client):
    client.force_login(make_user("320100", Role.ENFORCEMENT_OFFICER))
    assert client.get("/audit/").status_code == 403


def test_roles_are_named_in_words(make_user, client):
    from ipoffice.accounts.services import user_set_roles

    admin = _admin(Role.ENFORCEMENT_OFFICER, Role.OFFICE_HEAD)
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_officer")
    user_set_roles(actor=admin, user=officer, roles=[Role.OFFICE_HEAD], reason="任命")
    client.force_login(admin)
    page = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "办公室负责人" in page and "office_head" not in page and "---------" not in page
