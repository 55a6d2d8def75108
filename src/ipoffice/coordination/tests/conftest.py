from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from ipoffice.accounts.roles import Role
from ipoffice.cases.models import Case
from ipoffice.cases.services import case_create, case_transition
from ipoffice.cases.tests.conftest import case_data
from ipoffice.coordination.models import Authority, CoordinationRequest
from ipoffice.coordination.services import request_create
from ipoffice.offices.models import Office

SENT = date(2024, 3, 4)  # a Monday


@pytest.fixture
def nanjing(make_user: Any) -> Any:
    return make_user(
        "320100", Role.ENFORCEMENT_OFFICER, username="nj_officer", email="nj@example.cn"
    )


@pytest.fixture
def shenzhen(make_user: Any) -> Any:
    return make_user(
        "440300", Role.ENFORCEMENT_OFFICER, username="sz_officer", email="sz@example.cn"
    )


@pytest.fixture
def hangzhou(make_user: Any) -> Any:
    return make_user("330100", Role.ENFORCEMENT_OFFICER, username="hz_officer")


@pytest.fixture
def case(nanjing: Any) -> Case:
    found = case_create(actor=nanjing, office=nanjing.office, data=case_data())
    return case_transition(actor=nanjing, case=found, name="accept", on=date(2024, 3, 2))


@pytest.fixture
def customs(nanjing: Any) -> Authority:
    return Authority.objects.create(
        office=Office.objects.get(code="320100"),
        name="南京海关",
        kind="customs",
        email="ipr@customs.example.cn",
        webhook_url="http://127.0.0.1:9/customs/",
    )


@pytest.fixture
def assistance(nanjing: Any, case: Case) -> Callable[..., CoordinationRequest]:
    def make(to: str = "440300", **overrides: Any) -> CoordinationRequest:
        options: dict[str, Any] = {
            "kind": "assistance",
            "assistance": "evidence",
            "subject": "协助调查取证：深圳某公司库存",
            "details": "请协助查明深圳某公司仓库中的涉案台灯数量并取证。",
            "receiving_office": Office.objects.get(code=to),
            "on": SENT,
        }
        options.update(overrides)
        return request_create(actor=nanjing, case=case, **options)

    return make


@pytest.fixture
def client() -> Any:
    """Pages in English unless a test asks for Chinese."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")
