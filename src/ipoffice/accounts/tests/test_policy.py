"""The privilege policy, through the API as an attacker would use it (issue 13, items 1-3)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from ipoffice.accounts.models import User
from ipoffice.accounts.roles import Role
from ipoffice.accounts.services import user_password_set, user_update
from ipoffice.accounts.tests.factories import TEST_PASSWORD, UserFactory
from ipoffice.audit.models import AuditEntry
from ipoffice.common.errors import PermissionDeniedError
from ipoffice.offices.models import Office

pytestmark = pytest.mark.django_db


def _new(roles, office="320100", **extra):
    return {"username": "newcomer", "office": office, "roles": roles,
            "password": "a-long-enough-pass", **extra}  # fmt: skip


def test_an_administrator_cannot_create_users_with_roles_they_do_not_hold(make_user, api_client):
    admin = make_user("320100", role=Role.ADMINISTRATOR)
    client = api_client(admin)
    every_role = [Role.ADMINISTRATOR, Role.OFFICE_HEAD, Role.ENFORCEMENT_OFFICER,
                  Role.SUPERVISOR, Role.ANALYST]  # fmt: skip
    response = client.post("/api/v1/users/", _new(every_role), format="json",
                           HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 403
    assert "roles you hold" in response.json()["detail"]
    assert not User.objects.filter(username="newcomer").exists()
    assert (
        client.post("/api/v1/users/", _new([Role.ADMINISTRATOR]), format="json").status_code == 201
    )


def test_an_administrator_cannot_raise_a_peer_above_themselves(make_user, api_client):
    admin = make_user("320100", role=Role.ADMINISTRATOR)
    peer = make_user("320100", role=Role.ADMINISTRATOR)
    response = api_client(admin).patch(
        f"/api/v1/users/{peer.username}/",
        {"roles": [Role.ADMINISTRATOR, Role.OFFICE_HEAD]},
        format="json",
    )
    assert response.status_code == 403
    assert [g.name for g in peer.groups.all()] == [Role.ADMINISTRATOR]


def test_an_administrator_does_not_touch_the_roles_of_someone_above(make_user, api_client):
    admin = make_user("320100", role=Role.ADMINISTRATOR)
    head = make_user("320100", role=Role.OFFICE_HEAD)
    response = api_client(admin).patch(
        f"/api/v1/users/{head.username}/", {"roles": []}, format="json"
    )
    assert response.status_code == 403
    assert [g.name for g in head.groups.all()] == [Role.OFFICE_HEAD]


def test_an_administrator_outside_the_subtree_is_refused(make_user, api_client):
    admin = make_user("320500", role=Role.ADMINISTRATOR)
    peer = make_user("320100", role=Role.ADMINISTRATOR)
    response = api_client(admin).patch(
        f"/api/v1/users/{peer.username}/", {"roles": []}, format="json"
    )
    assert response.status_code == 404


def test_roles_a_holder_grants_are_audited_by_name(make_user, api_client):
    admin = make_user("320100", role=Role.ADMINISTRATOR)
    admin.groups.add(Group.objects.get(name=Role.ANALYST))
    peer = make_user("320100", role=Role.ADMINISTRATOR)
    response = api_client(admin).patch(
        f"/api/v1/users/{peer.username}/",
        {"roles": [Role.ADMINISTRATOR, Role.ANALYST], "reason": "reports"},
        format="json",
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="set_roles", target_id=str(peer.pk))
    assert entry.changes["roles"] == [[Role.ADMINISTRATOR], [Role.ADMINISTRATOR, Role.ANALYST]]


def test_nobody_changes_their_own_office_or_active_flag(make_user, office):
    admin = make_user("320000", role=Role.ADMINISTRATOR)
    for values in ({"office": office("320100")}, {"is_active": False}, {"roles": []}):
        with pytest.raises(PermissionDeniedError):
            user_update(actor=admin, user=admin, values=values)
    user_update(actor=admin, user=admin, values={"full_name": "新名字"})
    admin.refresh_from_db()
    assert admin.office.code == "320000" and admin.is_active and admin.full_name == "新名字"


def test_only_a_superuser_sets_staff_and_superusers_stay_national(make_user, office):
    admin = make_user("100000", role=Role.ADMINISTRATOR, is_staff=True)
    peer = make_user("320100", role=Role.ADMINISTRATOR)
    with pytest.raises(PermissionDeniedError):
        user_update(actor=admin, user=peer, values={"is_staff": True})
    root = make_user("100000", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    user_update(actor=root, user=peer, values={"is_staff": True})
    with pytest.raises(PermissionDeniedError):
        user_update(actor=root, user=peer, values={"is_superuser": True})
    national = make_user("100000", role=Role.ADMINISTRATOR)
    user_update(actor=root, user=national, values={"is_superuser": True})
    with pytest.raises(PermissionDeniedError):
        user_update(actor=root, user=national, values={"office": office("320000")})


def test_password_reset_follows_the_policy_and_is_audited(make_user, api_client, client):
    admin = make_user("320100", role=Role.ADMINISTRATOR)
    head = make_user("320100", role=Role.OFFICE_HEAD)
    superuser = make_user("320100", role=Role.ADMINISTRATOR, is_superuser=True)
    peer = make_user("320100", role=Role.ADMINISTRATOR)
    api = api_client(admin)
    body = {"password": "taken-over-123!"}
    for victim in (head, superuser, admin):
        response = api.post(f"/api/v1/users/{victim.username}/password/", body, format="json")
        assert response.status_code == 403, victim
        victim.refresh_from_db()
        assert victim.check_password(TEST_PASSWORD)
    response = api.post(f"/api/v1/users/{peer.username}/password/", body, format="json")
    assert response.status_code == 204
    entry = AuditEntry.objects.get(action="password_set")
    assert entry.actor == admin and entry.target_id == str(peer.pk) and entry.at
    assert "taken-over" not in str(entry.changes)
    peer.refresh_from_db()
    assert peer.check_password("taken-over-123!") and peer.must_change_password


def test_a_password_reset_ends_the_users_api_tokens(make_user, client):
    admin = make_user("320100", role=Role.ADMINISTRATOR)
    peer = make_user("320100", role=Role.ADMINISTRATOR)
    token = client.post(
        "/api/v1/auth/token/", {"username": peer.username, "password": TEST_PASSWORD}
    ).json()["token"]
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client.get("/api/v1/me/", **headers).status_code == 200
    user_password_set(actor=admin, user=peer, password="a-new-long-pass-9", must_change=False)
    assert client.get("/api/v1/me/", **headers).status_code in (401, 403)


def test_a_superuser_outside_the_national_office_cannot_be_created():
    with pytest.raises(ValueError):
        User.objects.create_superuser("root2", "r@x.cn", "a-long-pass-1", office="320100")
    UserFactory(office=Office.objects.get(code="100000"), is_superuser=True)
