"""Counted records tell the statistics roll-up of a change, and only of a change."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ipoffice.accounts.roles import Role
from ipoffice.cases.models import Case
from ipoffice.cases.services import case_create, case_transition, case_update
from ipoffice.cases.tests.conftest import case_data
from ipoffice.common.counting import counted_fields
from ipoffice.offices.models import Office
from ipoffice.reporting.models import FigureCount

pytestmark = pytest.mark.django_db


def _rollup_writes(queries: CaptureQueriesContext) -> list[str]:
    table = FigureCount._meta.db_table
    return [
        q["sql"] for q in queries.captured_queries if table in q["sql"] and "INSERT" in q["sql"]
    ]


@pytest.fixture
def case(make_user: Any) -> Case:
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER)
    made = case_create(actor=officer, office=Office.objects.get(code="320100"),
                       data=case_data(filed_on=date(2024, 3, 1)))  # fmt: skip
    return case_transition(actor=officer, case=made, name="accept", on=date(2024, 3, 4))


def test_a_save_that_changes_no_counted_field_writes_nothing_to_the_rollup(case, make_user):
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER)
    assert "title" not in counted_fields(Case)
    with CaptureQueriesContext(connection) as queries:
        case_update(actor=officer, case=case, title="新标题", reason="更正")
    assert _rollup_writes(queries) == []
    before = dict(FigureCount.objects.values_list("code", "value").filter(month=0))
    with CaptureQueriesContext(connection) as queries:
        case_transition(actor=officer, case=case, name="start_investigation", on=date(2024, 3, 5))
    assert _rollup_writes(queries) == []  # a status alone counts in no figure
    assert dict(FigureCount.objects.values_list("code", "value").filter(month=0)) == before


def test_a_counted_change_is_counted_in_the_same_transaction(case, make_user):
    head = make_user("320100", Role.OFFICE_HEAD)
    accepted = FigureCount.objects.get(code="cases_accepted", year=2024, month=0).value
    assert accepted == 1
    with CaptureQueriesContext(connection) as queries:
        case_transition(actor=head, case=case, name="decide", on=date(2024, 3, 8),
                        reason="认定侵权", outcome="infringement_found")  # fmt: skip
    assert len(_rollup_writes(queries)) == 1  # one ordered upsert
    assert FigureCount.objects.get(code="infringement_found", year=2024, month=3).value == 1


def test_a_bulk_update_of_a_counted_field_is_refused(case):
    with pytest.raises(ValueError, match="bypass the statistics"):
        Case.objects.filter(pk=case.pk).update(accepted_on=date(2024, 1, 1))
    assert Case.objects.filter(pk=case.pk).update(title="可以") == 1  # not counted
