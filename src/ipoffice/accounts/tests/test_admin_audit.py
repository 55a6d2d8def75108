"""Admin edits of people are audited with the values before and after."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group

from ipoffice.accounts.roles import Role
from ipoffice.accounts.tests.factories import TEST_PASSWORD, UserFactory
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
    entry = AuditEntry.objects.get(action="update", target_id=str(person.pk))
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
    entries = AuditEntry.objects.filter(action="create")
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
    entry = AuditEntry.objects.get(action="update", target_id=str(person.pk))
    assert set(entry.changes) == {"full_name"}


def _root() -> Any:
    return UserFactory(office=Office.objects.get(code="100000"), roles=[Role.ADMINISTRATOR],
                       is_staff=True, is_superuser=True)  # fmt: skip


def test_groups_changed_in_the_admin_are_audited_as_role_names(client):
    person = UserFactory(office=Office.objects.get(code="320100"), roles=[Role.ANALYST])
    client.force_login(_root())
    head = Group.objects.get(name=Role.OFFICE_HEAD)
    response = client.post(f"/admin/accounts/user/{person.pk}/change/",
                           {**_form(person), "groups": [str(head.pk)]})  # fmt: skip
    assert response.status_code == 302
    entry = AuditEntry.objects.get(target_id=str(person.pk))
    assert entry.changes["roles"] == [[Role.ANALYST], [Role.OFFICE_HEAD]]


def test_an_office_administrator_cannot_move_or_close_their_own_account(client):
    jiangsu = Office.objects.get(code="320000")
    admin = UserFactory(office=jiangsu, roles=[Role.ADMINISTRATOR], is_staff=True)
    client.force_login(admin)
    client.post(f"/admin/accounts/user/{admin.pk}/change/",
                {**_form(admin, office="320100"), "is_active": ""})  # fmt: skip
    admin.refresh_from_db()
    assert admin.office == jiangsu and admin.is_active


def test_an_administrators_page_of_their_office_head_is_read_only(client):
    nanjing = Office.objects.get(code="320100")
    admin = UserFactory(office=nanjing, roles=[Role.ADMINISTRATOR], is_staff=True)
    head = UserFactory(office=nanjing, roles=[Role.OFFICE_HEAD], full_name="张三")
    client.force_login(admin)
    response = client.post(f"/admin/accounts/user/{head.pk}/change/",
                           _form(head, full_name="假的", is_active=""))  # fmt: skip
    assert response.status_code == 403
    head.refresh_from_db()
    assert head.full_name == "张三" and head.is_active


def test_the_admin_password_view_refuses_a_reset_of_someone_above(client):
    nanjing = Office.objects.get(code="320100")
    admin = UserFactory(office=nanjing, roles=[Role.ADMINISTRATOR], is_staff=True)
    head = UserFactory(office=nanjing, roles=[Role.OFFICE_HEAD])
    planted = UserFactory(office=nanjing, roles=[Role.ADMINISTRATOR], is_superuser=True,
                          is_staff=True)  # fmt: skip
    client.force_login(admin)
    body = {"password1": "Taken-over-987!", "password2": "Taken-over-987!",
            "usable_password": "true", "must_change_password": ""}  # fmt: skip
    for victim in (head, planted, admin):
        response = client.post(f"/admin/accounts/user/{victim.pk}/password/", body)
        assert response.status_code == 403, victim
        victim.refresh_from_db()
        assert victim.check_password(TEST_PASSWORD)
    assert not AuditEntry.objects.filter(action="password_set").exists()


def test_a_password_set_in_the_admin_is_audited_and_must_be_changed_at_login(client):
    nanjing = Office.objects.get(code="320100")
    admin = UserFactory(office=nanjing, roles=[Role.ADMINISTRATOR], is_staff=True)
    peer = UserFactory(office=nanjing, roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    body = {"password1": "Given-by-admin-42", "password2": "Given-by-admin-42",
            "usable_password": "true", "must_change_password": "on"}  # fmt: skip
    response = client.post(f"/admin/accounts/user/{peer.pk}/password/", body)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="password_set")
    assert entry.actor == admin and entry.target_id == str(peer.pk)
    assert "Given-by" not in str(entry.changes)
    # The peer logs in with it and is sent to the password page until they choose their own.
    client.logout()
    response = client.post("/login/", {"username": peer.username, "password": "Given-by-admin-42"})
    assert response.status_code == 302
    response = client.get("/cases/")
    assert response.status_code == 302 and response["Location"].startswith("/password/")
    assert client.get("/api/v1/me/").status_code == 403
    response = client.post("/password/", {
        "old_password": "Given-by-admin-42", "new_password1": "My-own-choice-77",
        "new_password2": "My-own-choice-77"})  # fmt: skip
    assert response.status_code == 302
    assert client.get("/cases/").status_code == 200
    assert AuditEntry.objects.filter(action="password_change", actor=peer).exists()


def test_the_authtoken_admin_is_gone_and_token_keys_never_show(client):
    nanjing = Office.objects.get(code="320100")
    root = _root()
    person = UserFactory(office=nanjing, roles=[Role.ANALYST])
    other = UserFactory(office=Office.objects.get(code="440300"), roles=[Role.ANALYST])
    keys = [client.post("/api/v1/auth/token/", {"username": u.username,
            "password": TEST_PASSWORD}).json()["token"] for u in (person, other)]  # fmt: skip
    assert client.get("/admin/authtoken/tokenproxy/").status_code in (302, 404)
    client.force_login(root)
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404
    page = client.get("/admin/accounts/apitoken/").content.decode()
    assert person.username in page and not any(key in page for key in keys)
    jiangsu = Office.objects.get(code="320000")
    jiangsu_admin = UserFactory(office=jiangsu, roles=[Role.ADMINISTRATOR, Role.ANALYST],
                                is_staff=True)  # fmt: skip
    client.force_login(jiangsu_admin)
    page = client.get("/admin/accounts/apitoken/").content.decode()
    assert person.username in page and other.username not in page
