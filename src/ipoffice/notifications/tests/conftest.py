from __future__ import annotations

from typing import Any

import pytest

from ipoffice.accounts.roles import Role
from ipoffice.cases.services import case_create
from ipoffice.cases.tests.conftest import case_data
from ipoffice.offices.models import Office


@pytest.fixture
def officer(make_user) -> Any:
    return make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_officer", full_name="王五")


@pytest.fixture
def head(make_user) -> Any:
    return make_user("320100", Role.OFFICE_HEAD, username="nj_head", full_name="赵六")


@pytest.fixture
def case(officer) -> Any:
    return case_create(
        actor=officer,
        office=Office.objects.get(code="320100"),
        data=case_data(title="台灯外观设计"),
    )
