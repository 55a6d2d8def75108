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


# The special campaigns that tests tag cases with (by name), organised nationally.
TEST_CAMPAIGNS = (
    "护航2013", "护航2024", "护航2025", "护航2026", "双打", "护航", "x", "+护航",
    '=HYPERLINK("http://x/","看")',
)  # fmt: skip


@pytest.fixture
def campaigns(db: Any) -> dict[str, Any]:
    from datetime import date

    from ipoffice.campaigns.models import Campaign

    root = Office.objects.get(code="100000")
    found = {}
    for name in TEST_CAMPAIGNS:
        year = int(name[-4:]) if name[-4:].isdigit() else 2024
        found[name] = Campaign.objects.create(
            name_zh=name, year=year, starts_on=date(year, 1, 1), ends_on=date(year, 12, 31),
            organiser=root,
        )  # fmt: skip
    return found
