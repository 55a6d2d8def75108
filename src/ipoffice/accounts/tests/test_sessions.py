"""Idle and absolute session timeouts (issue 13, item 15)."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings

from ipoffice.accounts.middleware import LOGIN_AT, SEEN_AT

pytestmark = pytest.mark.django_db


def _age(client, **seconds_ago):
    """Move the session's recorded times into the past, as if that much time had passed."""
    session = client.session
    for key, ago in seconds_ago.items():
        session[{"login": LOGIN_AT, "seen": SEEN_AT}[key]] = time.time() - ago
    session.save()


@override_settings(IPOFFICE_SESSION_IDLE_MINUTES=30, IPOFFICE_SESSION_MAX_HOURS=10)
def test_a_session_idle_past_the_limit_ends(make_user, client):
    client.force_login(make_user("320100"))
    assert client.get("/").status_code == 200
    _age(client, seen=29 * 60)
    assert client.get("/").status_code == 200
    _age(client, seen=31 * 60)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session


@override_settings(IPOFFICE_SESSION_IDLE_MINUTES=30, IPOFFICE_SESSION_MAX_HOURS=10)
def test_an_active_session_still_ends_at_the_absolute_limit(make_user, client):
    client.force_login(make_user("320100"))
    assert client.get("/").status_code == 200
    _age(client, login=9 * 3600, seen=60)
    assert client.get("/").status_code == 200
    _age(client, login=10 * 3600 + 60, seen=60)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/api/v1/me/").status_code == 403


def test_the_cookie_lives_no_longer_than_the_absolute_limit():
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE == settings.IPOFFICE_SESSION_MAX_HOURS * 3600
