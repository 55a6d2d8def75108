"""Upward notices are explicit hooks that the higher app registered in ready()."""

from __future__ import annotations

import pytest

from ipoffice.cases.hooks import case_concluded
from ipoffice.common.hooks import Hook
from ipoffice.complaints.services import complaints_follow_case


def test_the_complaints_app_listens_to_concluded_cases():
    assert complaints_follow_case in case_concluded.receivers()


def test_a_hook_calls_its_receivers_in_order_and_refuses_a_second_registration():
    heard: list[str] = []
    hook = Hook("test")
    hook.register(lambda name: heard.append(f"a:{name}"))
    second = hook.register(lambda name: heard.append(f"b:{name}"))
    hook("x")
    assert heard == ["a:x", "b:x"]
    with pytest.raises(ValueError):
        hook.register(second)
