"""Lockout after repeated failed logins, per user name and per address (issue 13, item 6)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from ipoffice.accounts.roles import Role
from ipoffice.accounts.tests.factories import TEST_PASSWORD
from ipoffice.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

LIMITS = override_settings(
    IPOFFICE_LOGIN_FAILURES_PER_USER=3,
    AXES_FAILURE_LIMIT=3,
    IPOFFICE_LOGIN_FAILURES_PER_ADDRESS=5,
)


def _login(client, username, password, address="10.0.0.1", **headers):
    return client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


@LIMITS
def test_a_user_name_is_locked_after_the_limit_even_with_the_right_password(make_user, client):
    officer = make_user("320100")
    for n in range(3):
        response = _login(client, officer.username, "wrong", address=f"10.0.0.{n}")
    assert response.status_code == 429
    # The right password, from yet another address, no longer opens the account.
    response = _login(client, officer.username, TEST_PASSWORD, address="10.9.9.9",
                      HTTP_ACCEPT_LANGUAGE="zh-hans")  # fmt: skip
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action="login_locked_out")
    assert entry.target_id == str(officer.pk) and entry.office == officer.office
    assert entry.changes["username"] == [None, officer.username]


@LIMITS
def test_an_address_is_locked_after_its_limit_whatever_the_user_names(make_user, client):
    officer = make_user("320100")
    for n in range(5):
        _login(client, f"guess{n}", "wrong", address="10.1.1.1")
    assert _login(client, officer.username, TEST_PASSWORD, address="10.1.1.1").status_code == 429
    # Another address still logs in: only the guessing one is locked.
    assert _login(client, officer.username, TEST_PASSWORD, address="10.2.2.2").status_code == 302
    # Addresses of unknown names are audited for the national office.
    assert AuditEntry.objects.get(action="login_locked_out").office.code == "100000"


@LIMITS
def test_the_token_endpoint_locks_out_the_same_way(make_user, client):
    officer = make_user("320100", role=Role.ANALYST)
    for _n in range(3):
        response = client.post(
            "/api/v1/auth/token/", {"username": officer.username, "password": "wrong"}
        )
    assert response.status_code == 429
    response = client.post(
        "/api/v1/auth/token/", {"username": officer.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert "token" not in response.json() and response.json()["detail"]
    assert response["Retry-After"]
    # The login page shares the count: the name is locked there too.
    assert _login(client, officer.username, TEST_PASSWORD, address="127.0.0.1").status_code == 429


@LIMITS
def test_failures_below_the_limit_do_not_lock(make_user, client):
    officer = make_user("320100")
    for _n in range(2):
        assert _login(client, officer.username, "wrong").status_code == 200
    assert _login(client, officer.username, TEST_PASSWORD).status_code == 302
    assert not AuditEntry.objects.filter(action="login_locked_out").exists()


@LIMITS
def test_a_password_reset_lifts_the_lockout(make_user, client):
    from ipoffice.accounts.services import user_password_set

    admin = make_user("320100", role=Role.ADMINISTRATOR)
    peer = make_user("320100", role=Role.ADMINISTRATOR)
    for _n in range(3):
        _login(client, peer.username, "wrong")
    user_password_set(actor=admin, user=peer, password="A-fresh-pass-31", must_change=False)
    assert _login(client, peer.username, "A-fresh-pass-31", address="10.3.3.3").status_code == 302
