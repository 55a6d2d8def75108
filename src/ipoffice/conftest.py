"""Shared fixtures: reference offices come from the migration; people from factories.

The three standard people of every scoping test (after healthchecks' owner, member,
outsider): someone in the record's office, someone above it, and someone beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from ipoffice.accounts.roles import Role
from ipoffice.accounts.tests.factories import UserFactory
from ipoffice.offices.models import Office

pytest_plugins = ["ipoffice.outbox.tests.fixtures"]


@pytest.fixture
def office(db: Any) -> Callable[[str], Office]:
    def get(code: str) -> Office:
        return Office.objects.get(code=code)

    return get


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    def make(office_code: str, role: str = Role.ENFORCEMENT_OFFICER, **kwargs: Any) -> Any:
        return UserFactory(office=Office.objects.get(code=office_code), roles=[role], **kwargs)

    return make


@pytest.fixture
def api_client() -> Callable[[Any], APIClient]:
    def client_for(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://...")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def english_by_default() -> Any:
    """Service messages follow the active language; tests read them in English unless a
    test (or a request's Accept-Language) asks for Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_office_directory() -> None:
    """Each test's database starts over; so does the per-process copy of the office tree."""
    from ipoffice.offices import directory

    directory.forget()
