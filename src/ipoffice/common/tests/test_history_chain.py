"""History is append-only in the database (PostgreSQL triggers) and tamper-evident (a hash
chain per record, walked by ``ipoffice history verify``)."""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, date, datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import ProtectedError, QuerySet

from ipoffice.accounts.roles import Role
from ipoffice.assessment.enums import AssessedLevel
from ipoffice.assessment.models import AssessmentEvent, RoundEvent, SchemeEvent
from ipoffice.assessment.services import round_open, scheme_adopt, scheme_create
from ipoffice.assessment.tests.conftest import per
from ipoffice.audit.models import AuditEntry
from ipoffice.audit.services import audit_record
from ipoffice.cases.ebusiness import takedown_send
from ipoffice.cases.models import (
    Case,
    CaseEvent,
    ConsultationEvent,
    ExtensionRequestEvent,
    SuspensionEvent,
    TakedownNoticeEvent,
)
from ipoffice.cases.services import extension_request
from ipoffice.cases.suspension import case_suspend, consultation_request
from ipoffice.cases.tests.conftest import advance, head, new_case, officer  # noqa: F401
from ipoffice.common.chain import chain_hash
from ipoffice.common.history import history_append, history_tables
from ipoffice.common.workflow import transition_perform
from ipoffice.complaints.models import ComplaintEvent
from ipoffice.complaints.tests.conftest import centers, submit  # noqa: F401
from ipoffice.coordination.models import CoordinationEvent
from ipoffice.offices.services import office_update
from ipoffice.outbox.models import OutboxEvent
from ipoffice.outbox.services import message_enqueue
from ipoffice.reporting.models import ReportEvent
from ipoffice.reporting.services import report_fill, report_open

pytestmark = pytest.mark.django_db
TABLES = {
    CaseEvent,
    ExtensionRequestEvent,
    ComplaintEvent,
    ReportEvent,
    AuditEntry,
    OutboxEvent,
    SuspensionEvent,
    ConsultationEvent,
    TakedownNoticeEvent,
    CoordinationEvent,
    SchemeEvent,
    RoundEvent,
    AssessmentEvent,
}


@pytest.fixture
def entries(new_case, submit, make_user, office, advance, officer) -> dict[type, Any]:  # noqa: F811
    """One entry in each history table, written by the services."""
    case = new_case()
    complaint, _code = submit()
    analyst = make_user("320100", Role.ANALYST)
    report = report_open(actor=analyst, form="enforcement", period="2024")
    report_fill(actor=analyst, report=report, explanations={"total": "checked"})
    admin = make_user("320000", Role.ADMINISTRATOR)
    office_update(actor=admin, office=office("320500"), name_en="Suzhou IPO", reason="short")
    request = extension_request(
        actor=officer, case=advance(new_case(), "accept"), days=5, reason="technical appraisal"
    )
    handled, day = advance(new_case(), "accept"), date(2024, 3, 6)
    suspension = case_suspend(actor=officer, case=handled, ground="court", reason="x", on=day)
    consultation = consultation_request(
        actor=officer, case=handled, kind="expert_opinion", experts="x", question="x", on=day
    )
    notice = takedown_send(
        actor=officer, case=handled, platform="p", platform_address="p@example.cn",
        shop_name="s", listing_urls=["https://item.example.cn/1"], on=day,
    )  # fmt: skip
    national = make_user("100000", Role.OFFICE_HEAD)
    indicators = [per("passing_off", "passing_off_accepted", 1)]
    scheme = scheme_create(actor=national, year=2013, level=AssessedLevel.PROVINCIAL,
                           name_zh="方案", source="测试", indicators=indicators)  # fmt: skip
    assessed = round_open(
        actor=national, year=2013, level=scheme_adopt(actor=national, scheme=scheme).level
    )
    return {
        SchemeEvent: SchemeEvent.objects.filter(scheme=scheme, action="create").get(),
        RoundEvent: RoundEvent.objects.filter(round=assessed).get(),
        AssessmentEvent: AssessmentEvent.objects.filter(assessment__round=assessed).first(),
        SuspensionEvent: SuspensionEvent.objects.filter(suspension=suspension).get(),
        ConsultationEvent: ConsultationEvent.objects.filter(consultation=consultation).get(),
        TakedownNoticeEvent: TakedownNoticeEvent.objects.filter(notice=notice).get(),
        CaseEvent: CaseEvent.objects.filter(case=case).get(),
        ExtensionRequestEvent: ExtensionRequestEvent.objects.filter(request=request).get(),
        ComplaintEvent: ComplaintEvent.objects.filter(complaint=complaint).get(),
        ReportEvent: ReportEvent.objects.filter(report=report).get(),
        AuditEntry: AuditEntry.objects.filter(action="update").get(),
        OutboxEvent: OutboxEvent.objects.filter(message=_message_delivered()).get(),
    }


def _message_delivered() -> Any:
    from ipoffice.outbox.models import OutboxMessage
    from ipoffice.outbox.workflow import DELIVERY, MESSAGE_WORKFLOW

    message = message_enqueue(
        channel="email", recipient="a@example.cn", body="x", idempotency_key="chain-test"
    )
    transition_perform(
        MESSAGE_WORKFLOW, record=message, name="deliver", actor=None, caused_by=DELIVERY, claim=""
    )
    return OutboxMessage.objects.get(pk=message.pk)


def verify() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("history", "verify", stdout=out, stderr=err)
    except CommandError as exc:
        return "broken", err.getvalue() + str(exc)
    return "intact", out.getvalue()


def sql(statement: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def unprotected(table: str, statement: str, params: list[Any]) -> None:
    """Change a history table in SQL the way someone with the table owner's rights could:
    on PostgreSQL by switching its triggers off first (inside this test's transaction)."""
    if connection.vendor == "postgresql":
        sql("SET CONSTRAINTS ALL IMMEDIATE")  # no foreign key check left pending
        sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    sql(statement, params)
    if connection.vendor == "postgresql":
        sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def test_the_history_tables_are_every_event_table():
    assert set(history_tables()) == TABLES


@pytest.mark.postgres_only
def test_the_database_refuses_to_change_or_delete_history(entries):
    for model, entry in entries.items():
        table, pk = model._meta.db_table, entry.pk
        attempts = [
            lambda m=model, pk=pk: m._base_manager.filter(pk=pk).update(reason="rewritten"),
            lambda m=model, pk=pk: QuerySet(m).filter(pk=pk).delete(),
            lambda t=table, pk=pk: sql(f"UPDATE {t} SET reason = 'rewritten' WHERE id = %s", [pk]),
            lambda t=table, pk=pk: sql(f"DELETE FROM {t} WHERE id = %s", [pk]),
        ]
        for attempt in attempts:
            with (
                pytest.raises(DatabaseError, match="Cannot update or delete"),
                transaction.atomic(),
            ):
                attempt()
        assert model._base_manager.get(pk=entry.pk).reason == entry.reason
    assert verify()[0] == "intact"


def test_a_record_with_history_is_not_deleted(new_case):  # noqa: F811
    case = new_case()
    with pytest.raises(ProtectedError):
        Case.objects.filter(pk=case.pk).delete()
    assert Case.objects.filter(pk=case.pk).exists()


@pytest.mark.postgres_only
def test_the_database_keeps_a_record_with_history(new_case):  # noqa: F811
    # (SQLite checks foreign keys only at commit; PostgreSQL too, unless told otherwise.)
    case = new_case()
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(IntegrityError), transaction.atomic():
        sql("DELETE FROM cases_case WHERE id = %s", [case.pk])
    assert Case.objects.filter(pk=case.pk).exists()


def test_every_entry_is_chained_to_the_one_before(entries, officer):  # noqa: F811
    case = entries[CaseEvent].case
    second = history_append(case, actor=officer, action="inspection", reason="site visit")
    assert entries[CaseEvent].prev_hash == ""
    assert second.prev_hash == entries[CaseEvent].hash and len(second.hash) == 64
    state, out = verify()
    assert state == "intact"
    chains = CaseEvent.objects.values("case").distinct().count()
    assert f"cases_caseevent: {CaseEvent.objects.count()} entries in {chains} chains" in out


def test_verify_names_an_entry_edited_in_sql(entries):
    for model, entry in entries.items():
        table = model._meta.db_table
        with transaction.atomic():
            unprotected(table, f"UPDATE {table} SET reason = 'rewritten' WHERE id = %s", [entry.pk])
            state, report = verify()
            transaction.set_rollback(True)
        assert state == "broken"
        assert f"{table} " in report and f"entry {entry.pk} content changed" in report
    assert verify()[0] == "intact"


def test_verify_names_the_gap_an_entry_deleted_in_sql_leaves(new_case, officer):  # noqa: F811
    case = new_case()
    middle = history_append(case, actor=officer, action="inspection", reason="site visit")
    last = history_append(case, actor=officer, action="hearing", reason="heard")
    unprotected("cases_caseevent", "DELETE FROM cases_caseevent WHERE id = %s", [middle.pk])
    state, report = verify()
    assert state == "broken"
    assert f"cases_caseevent case={case.pk}: entry {last.pk} an entry between" in report
    assert "1 broken history chains" in report


def test_verify_names_a_chain_whose_first_entries_are_gone(new_case, officer):  # noqa: F811
    case = new_case()
    first = CaseEvent.objects.get(case=case)
    second = history_append(case, actor=officer, action="inspection")
    unprotected("cases_caseevent", "DELETE FROM cases_caseevent WHERE id = %s", [first.pk])
    state, report = verify()
    assert state == "broken" and f"entry {second.pk} entries before it are missing" in report


def test_the_canonical_form_is_fixed():
    """The scheme is stored in every hash: changing it breaks every existing chain."""
    values = {
        "at": datetime(2025, 3, 1, 8, 0, 0, 123456, tzinfo=UTC),
        "on": date(2025, 3, 1),
        "actor_id": 7,
        "action": "accept",
        "changes": {"fine_amount": [None, "1000.00"], "名称": ["甲", "乙"]},
        "public": False,
    }
    document = (
        '{"entry":{"action":"accept","actor_id":7,"at":"2025-03-01T08:00:00.123456+00:00",'
        '"changes":{"fine_amount":[null,"1000.00"],"名称":["甲","乙"]},"on":"2025-03-01",'
        '"public":false},"prev":"","table":"cases.caseevent","v":1}'
    )
    expected = hashlib.sha256(document.encode()).hexdigest()
    assert chain_hash("cases.caseevent", "", values) == expected


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_appends_to_one_chain_stay_one_chain(office):
    """The audit trail locks no row: the chain's own lock keeps concurrent entries about
    one office in one line instead of forks."""
    target = office("320500")
    writers, per_writer = 6, 5
    failures: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    audit_record(
                        actor=None, target=target, office=target, action="update",
                        changes={"note": [None, f"{n}-{i}"]},
                    )  # fmt: skip
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    state, out = verify()
    assert state == "intact", out
    assert f"audit_auditentry: {writers * per_writer} entries in 1 chains" in out
