from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache

from ipoffice.accounts.roles import Role
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.services import complaint_submit
from ipoffice.demo.people import demo_centers_load


@pytest.fixture(autouse=True)
def fresh_throttles() -> None:
    cache.clear()  # rate-limit counters live in the cache


@pytest.fixture
def centers(db: Any) -> None:
    demo_centers_load()


@pytest.fixture
def agent(centers, make_user) -> Any:
    return make_user("320100-C1", Role.AGENT, username="nj_agent")


def complaint_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "infringement_complaint",
        "subject": "仿冒我司外观设计的台灯",
        "description": "新街口某商场销售的台灯与我司外观设计专利相同。",
        "province_code": "320000",
        "city_code": "320100",
        "patent_numbers": ["200330100002.0"],
        "respondent_name": "某灯具商行",
        "name": "王小明",
        "phone": "13912345678",
        "email": "wang@example.cn",
    }
    data.update(overrides)
    return data


@pytest.fixture
def submit(centers) -> Callable[..., tuple[Complaint, str]]:
    def make(channel: str = "web", received_on: date | None = None, **overrides: Any):
        return complaint_submit(
            channel=channel, data=complaint_data(**overrides), received_on=received_on
        )

    return make
