"""The committed API contract, fuzzed: Schemathesis generates requests from
docs/openapi.json and sends them to the app in-process (WSGI), as an anonymous caller, as
an enforcement officer of a city and as the head of a province. No answer may be a 5xx and
every answer must match the schema (status, content type, headers, body).

Bounded: IPOFFICE_SCHEMATHESIS_EXAMPLES examples per operation and caller (default 12),
derandomised so that a run repeats the last one. Every other generated case has its path
parameters replaced by a record that exists (a case, a complaint, a report, an office, a
person), so that answers other than 404 are checked too.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.cache import cache
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
EXAMPLES = int(os.environ.get("IPOFFICE_SCHEMATHESIS_EXAMPLES", "12"))
# No 5xx, and every answer within the schema. Not positive_data_acceptance: a request
# that the schema allows may still break a domain rule (a patent number's check digit).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@dataclass
class Run:
    headers: dict[str, str]
    cookies: dict[str, str]
    known: dict[tuple[str, str], str]  # (path prefix, parameter): a value that exists
    code: str  # the verification code of the known complaint
    operations: int = 0
    cases: int = 0
    failures: list[str] = field(default_factory=list)


def aim(run: Run, case: Any) -> None:
    """Point every other case at records that exist."""
    if run.cases % 2:
        return
    for (prefix, name), value in run.known.items():
        if case.path.startswith(prefix) and name in (case.path_parameters or {}):
            case.path_parameters[name] = value
    if case.path.startswith("/api/v1/public/complaints/{") and isinstance(case.query, dict):
        case.query["code"] = run.code


def fuzz(run: Run, operation: Any) -> None:
    found: list[str] = []

    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def send(case: Any) -> None:
        run.cases += 1
        aim(run, case)
        cache.clear()  # the public rate limits would answer 429 to most cases
        try:
            case.call_and_validate(headers=run.headers, cookies=run.cookies, checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as exc:  # every failure is reported
            found.append(f"{operation.label}: {str(exc)[:2000]}")

    send()
    run.operations += 1
    run.failures.extend(found[:2])


def session_of(user: Any) -> tuple[dict[str, str], dict[str, str]]:
    """A logged-in session and a CSRF pair, as a browser holding the API page would send."""
    client = Client()
    client.force_login(user)
    csrf = _get_new_csrf_string()
    cookies = {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: csrf,
    }
    return {"X-CSRFToken": csrf}, cookies


@pytest.fixture
def in_test_transaction() -> Any:
    """As Django's test client does: a request's end must not close the database
    connection, which holds the test's transaction (PostgreSQL)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def records(make_user) -> tuple[dict[tuple[str, str], str], str]:
    from ipoffice.cases.services import case_create
    from ipoffice.cases.tests.conftest import case_data
    from ipoffice.complaints.services import complaint_submit
    from ipoffice.complaints.tests.conftest import complaint_data
    from ipoffice.demo.people import demo_centers_load
    from ipoffice.reporting.services import report_open

    demo_centers_load()
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_fuzz_officer")
    case = case_create(actor=officer, office=officer.office, data=case_data())
    complaint, code = complaint_submit(channel="web", data=complaint_data())
    head = make_user("320100", Role.OFFICE_HEAD, username="nj_fuzz_head")
    report = report_open(actor=head, form="enforcement", period="2024")
    # An open round of the cities: Nanjing's draft is the city officer's to read, the
    # province head's too (its reviewer).
    from ipoffice.assessment.models import Assessment
    from ipoffice.assessment.services import round_open, scheme_adopt, scheme_create

    national = make_user("100000", Role.OFFICE_HEAD, username="cn_fuzz_head")
    scheme = scheme_create(
        actor=national, year=2024, level="municipal", name_zh="考核", source="测试",
        indicators=[{"code": "cases", "group_zh": "案件", "name_zh": "受理", "kind": "per_record",
                     "rule": {"terms": [{"form": "enforcement", "figure": "cases_accepted",
                                         "points": 1}]}}],
    )  # fmt: skip
    scheme_adopt(actor=national, scheme=scheme)
    round_ = round_open(actor=national, year=2024, level="municipal")
    nanjing = Assessment.objects.get(round=round_, office__code="320100")
    known = {
        ("/api/v1/assessment/schemes/", "id"): str(scheme.pk),
        ("/api/v1/assessment/rounds/", "id"): str(round_.pk),
        ("/api/v1/assessment/rounds/", "office_code"): "320100",
        ("/api/v1/assessment/assessments/", "id"): str(nanjing.pk),
        ("/api/v1/cases/", "id"): str(case.pk),
        ("/api/v1/complaints/", "id"): str(complaint.pk),
        ("/api/v1/reports/", "id"): str(report.pk),
        ("/api/v1/offices/", "code"): "320100",
        ("/api/v1/users/", "username"): officer.username,
        ("/api/v1/public/complaints/", "tracking_number"): complaint.tracking_number,
        ("/api/v1/statistics/", "form"): "enforcement",
    }
    return known, code


def schema_operations() -> list[tuple[str, str]]:
    """Every operation the committed schema documents: each one must have been tried."""
    paths = json.loads(SCHEMA.read_text())["paths"]
    verbs = {"get", "put", "post", "patch", "delete"}
    return [(path, verb) for path, item in paths.items() for verb in item if verb in verbs]


@pytest.mark.parametrize(
    "who",
    [None, ("320100", Role.ENFORCEMENT_OFFICER), ("320000", Role.OFFICE_HEAD)],
    ids=["anonymous", "city-officer", "province-head"],
)
def test_the_api_answers_every_generated_request_within_its_schema(
    who, make_user, records, in_test_transaction
):
    headers, cookies = session_of(make_user(*who)) if who else ({}, {})
    run = Run(headers=headers, cookies=cookies, known=records[0], code=records[1])
    schema = schemathesis.openapi.from_path(SCHEMA)
    schema.app = application
    for result in schema.get_all_operations():
        fuzz(run, result.ok())
    print(f"schemathesis: {run.operations} operations, {run.cases} cases")
    assert run.operations == len(schema_operations()) and run.cases >= run.operations * 3
    assert not run.failures, "\n\n".join(run.failures)
