from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from ipoffice.accounts.roles import Role
from ipoffice.cases.models import Case
from ipoffice.cases.services import case_create, case_transition
from ipoffice.offices.models import Office

INVENTION = "200310100002.X"
UTILITY = "200320100002.5"
COMPANY = "91110108551385082Q"
PERSON = "11010519491231002X"


def case_data(case_type: str = "infringement_dispute", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "case_type": case_type,
        "source": "complaint",
        "filed_on": date(2024, 3, 1),
        "patent_numbers": [INVENTION],
        "requester_name": "南京某科技有限公司",
        "requester_id": COMPANY,
        "respondent_name": "张三",
        "respondent_kind": "individual",
        "respondent_id": PERSON,
    }
    if case_type == "other_dispute":
        data["dispute_subtype"] = "ownership"
    if case_type == "passing_off":
        data.update(requester_name="", requester_id="", patent_numbers=[])
    data.update(overrides)
    return data


@pytest.fixture
def officer(make_user) -> Any:
    return make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_officer")


@pytest.fixture
def head(make_user) -> Any:
    return make_user("320100", Role.OFFICE_HEAD, username="nj_head")


@pytest.fixture
def new_case(officer) -> Callable[..., Case]:
    def make(case_type: str = "infringement_dispute", actor: Any = None, **overrides: Any) -> Case:
        actor = actor or officer
        return case_create(
            actor=actor,
            office=Office.objects.get(pk=actor.office.pk),
            data=case_data(case_type, **overrides),
        )

    return make


@pytest.fixture
def advance(officer, head) -> Callable[..., Case]:
    """Run transitions in order; decisions and extensions by the head, the rest by the officer."""

    def run(case: Case, *steps: str | tuple[str, dict[str, Any]]) -> Case:
        for step in steps:
            name, kwargs = (step, {}) if isinstance(step, str) else step
            actor = head if name == "decide" else officer
            kwargs.setdefault("reason", "per file")
            kwargs.setdefault("on", date(2024, 3, 5))
            case = case_transition(actor=actor, case=case, name=name, **kwargs)
        return case

    return run


@pytest.fixture(autouse=True)
def fresh_cache() -> Any:
    """Rolled-back tests give the next one the same row ids: answers cached under them
    (the list's campaigns, keyed by the newest case) must not reach another test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
