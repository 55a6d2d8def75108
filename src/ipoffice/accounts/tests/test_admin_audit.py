"""Admin edits of people are audited with the values before and after."""

from __future__ import annotations

from typing import Any

import pytest

from ipoffice.accounts.roles import Role
from ipoffice.accounts.tests.factories import UserFactory
from ipoffice.audit.models import AuditEntry
from ipoffice.offices.models import Office

pytestmark = pytest.mark.django_db


def _form(user: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "office": user.office.code,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
    }
    data.update(changes)
    return data


def test_an_admin_edit_keeps_the_before_values(client):
    national = Office.objects.get(code="100000")
    root = UserFactory(office=national, roles=[Role.ADMINISTRATOR], is_staff=True,
                       is_superuser=True)  # fmt: skip
    person = UserFactory(office=Office.objects.get(code="320100"), full_name="王五")
    client.force_login(root)
    suzhou = Office.objects.get(code="320500")
    response = client.post(f"/admin/accounts/user/{person.pk}/change/",
                           _form(person, full_name="王六", office=suzhou.code))  # fmt: skip
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin_change", target_id=str(person.pk))
    assert entry.changes["full_name"] == ["王五", "王六"]
    assert entry.changes["office"] == [str(Office.objects.get(code="320100")), str(suzhou)]
    assert entry.actor == root


def test_an_office_administrator_cannot_grant_roles_or_staff_in_the_admin(client):
    nanjing = Office.objects.get(code="320100")
    admin = UserFactory(office=nanjing, roles=[Role.ADMINISTRATOR], is_staff=True)
    client.force_login(admin)
    page = client.get(f"/admin/accounts/user/{admin.pk}/change/").content.decode()
    assert 'name="groups"' not in page and 'name="is_staff"' not in page
    client.post(f"/admin/accounts/user/{admin.pk}/change/",
                _form(admin, groups=["1", "2"], is_staff="on"))  # fmt: skip
    admin.refresh_from_db()
    assert [g.name for g in admin.groups.all()] == [Role.ADMINISTRATOR]


def test_a_password_set_in_the_admin_never_reaches_the_audit_trail(client):
    root = UserFactory(office=Office.objects.get(code="100000"), roles=[Role.ADMINISTRATOR],
                       is_staff=True, is_superuser=True)  # fmt: skip
    client.force_login(root)
    response = client.post("/admin/accounts/user/add/", {
        "username": "newcomer", "password1": "S3cret-pass-123!", "password2": "S3cret-pass-123!",
        "usable_password": "true", "office": "320100", "full_name": "新人", "email": "n@x.cn",
    })  # fmt: skip
    assert response.status_code == 302
    entries = AuditEntry.objects.filter(action="admin_create")
    assert entries.exists()
    assert all("S3cret" not in str(e.changes) and "password1" not in e.changes for e in entries)


def test_unchanged_groups_and_dates_are_not_logged_as_changes(client):
    root = UserFactory(office=Office.objects.get(code="100000"), roles=[Role.ADMINISTRATOR],
                       is_staff=True, is_superuser=True)  # fmt: skip
    person = UserFactory(office=Office.objects.get(code="320100"), full_name="王五",
                         roles=[Role.ANALYST, Role.ENFORCEMENT_OFFICER])  # fmt: skip
    client.force_login(root)
    groups = [str(g.pk) for g in person.groups.all()]
    client.post(f"/admin/accounts/user/{person.pk}/change/",
                {**_form(person, full_name="王六"), "groups": groups})  # fmt: skip
    entry = AuditEntry.objects.get(action="admin_change", target_id=str(person.pk))
    assert set(entry.changes) == {"full_name"}
