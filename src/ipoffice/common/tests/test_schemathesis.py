"""The committed API contract, fuzzed: Schemathesis generates requests from
docs/openapi.json and sends them to the app in-process (WSGI), as an anonymous caller and
as two roles. No answer may be a 5xx and every answer must match the schema.

Bounded: a few examples per operation, derandomised so that a run repeats the last one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ipoffice.accounts.roles import Role
from ipoffice.wsgi import application

SCHEMA = Path(__file__).resolve().parents[4] / "docs" / "openapi.json"
# No 5xx, and every answer within the schema. Not positive_data_acceptance: a request
# that the schema allows may still break a domain rule (a patent number's check digit).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("IPOFFICE_SCHEMATHESIS_EXAMPLES", "8"))


def run_operations(headers: dict[str, str], cookies: dict[str, str]) -> tuple[int, int, list[str]]:
    schema = schemathesis.openapi.from_path(SCHEMA)
    schema.app = application
    operations = cases = 0
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        seen: list[str] = []

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            nonlocal cases
            cases += 1
            try:
                case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS)
            except (AssertionError, BaseExceptionGroup) as exc:  # every failure is shown
                seen.append(f"{operation.label}: {str(exc)[:1500]}")

        check()
        failures.extend(seen[:2])
    return operations, cases, failures


def session_of(user: Any) -> tuple[dict[str, str], dict[str, str]]:
    client = Client()
    client.force_login(user)
    csrf = _get_new_csrf_string()
    cookies = {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: csrf,
    }
    return {"X-CSRFToken": csrf}, cookies


@pytest.mark.parametrize(
    "who",
    [None, ("320100", Role.ENFORCEMENT_OFFICER), ("320000", Role.OFFICE_HEAD)],
    ids=["anonymous", "city-officer", "province-head"],
)
def test_the_api_answers_every_generated_request_within_its_schema(who, make_user):
    headers, cookies = session_of(make_user(*who)) if who else ({}, {})
    operations, cases, failures = run_operations(headers, cookies)
    print(f"schemathesis: {operations} operations, {cases} cases")
    assert not failures, "\n\n".join(failures)
