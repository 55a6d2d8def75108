"""API tokens: shown once, stored hashed, rotated and revoked (issue 13, item 2)."""

from __future__ import annotations

import pytest
from django.db import connection

from ipoffice.accounts.models import ApiToken
from ipoffice.accounts.roles import Role
from ipoffice.accounts.services import TOKENS_PER_USER
from ipoffice.accounts.tests.factories import TEST_PASSWORD
from ipoffice.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _token(client, user):
    response = client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    return response.json()["token"]


def _me(client, key):
    return client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")


def test_the_key_is_stored_only_as_a_hash(make_user, client):
    analyst = make_user("320500", role=Role.ANALYST)
    key = _token(client, analyst)
    assert len(key) == 40
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        rows = cursor.fetchall()
    assert len(rows) == 1 and not any(key in str(value) for value in rows[0])
    assert _me(client, key).json()["office"] == "320500"


def test_each_request_issues_a_new_key_and_old_ones_keep_working_up_to_the_cap(make_user, client):
    analyst = make_user("320500", role=Role.ANALYST)
    keys = [_token(client, analyst) for _n in range(TOKENS_PER_USER + 1)]
    assert len(set(keys)) == len(keys)
    assert ApiToken.objects.filter(user=analyst).count() == TOKENS_PER_USER
    assert _me(client, keys[0]).status_code in (401, 403)  # the oldest was revoked
    assert all(_me(client, key).status_code == 200 for key in keys[1:])


def test_delete_revokes_the_token_it_is_sent_with(make_user, client):
    analyst = make_user("320500", role=Role.ANALYST)
    key, other = _token(client, analyst), _token(client, analyst)
    response = client.delete("/api/v1/auth/token/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 204
    assert _me(client, key).status_code in (401, 403)
    assert _me(client, other).status_code == 200
    assert AuditEntry.objects.filter(action="token_revoke", actor=analyst).exists()


def test_an_administrator_revokes_tokens_of_their_subtree_in_the_admin(make_user, client):
    admin = make_user("320500", role=Role.ADMINISTRATOR, is_staff=True)
    peer = make_user("320500", role=Role.ADMINISTRATOR)
    key = _token(client, peer)
    token = ApiToken.objects.get(user=peer)
    client.force_login(admin)
    response = client.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    client.logout()
    assert _me(client, key).status_code in (401, 403)


def test_wrong_credentials_keep_their_answer(make_user, client):
    analyst = make_user("320500", role=Role.ANALYST)
    response = client.post("/api/v1/auth/token/", {"username": analyst.username, "password": "x"})
    assert response.status_code == 400
    assert response.json()["field"] == "non_field_errors"


def test_no_token_before_a_required_password_change(make_user, client):
    analyst = make_user("320500", role=Role.ANALYST, must_change_password=True)
    response = client.post(
        "/api/v1/auth/token/", {"username": analyst.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 403 and not ApiToken.objects.exists()
