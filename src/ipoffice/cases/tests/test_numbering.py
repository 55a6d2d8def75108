"""Case numbers: unique per office and year, handed out without gaps or duplicates."""

import threading
from datetime import date

import pytest
from django.db import connection

from ipoffice.cases.models import Case
from ipoffice.cases.services import case_create
from ipoffice.cases.tests.conftest import case_data
from ipoffice.common.errors import InvalidInput
from ipoffice.offices.models import Office


@pytest.mark.django_db
def test_numbers_follow_office_and_year(new_case, make_user):
    first, second = new_case(), new_case()
    next_year = new_case(filed_on=date(2025, 1, 6))
    suzhou = new_case(actor=make_user("320500"))
    assert [c.case_number for c in (first, second, next_year, suzhou)] == [
        "320100-2024-00001",
        "320100-2024-00002",
        "320100-2025-00001",
        "320500-2024-00001",
    ]


@pytest.mark.django_db
def test_a_refused_case_uses_no_number(new_case, officer):
    new_case()
    with pytest.raises(InvalidInput):
        case_create(actor=officer, office=officer.office, data=case_data(source="rumour"))
    assert new_case().case_number == "320100-2024-00002"


@pytest.mark.postgres_only
# Transactional tests empty the tables afterwards; serialized_rollback puts back the
# reference data (offices, calendar, roles) that the migrations loaded.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_get_gap_free_numbers(make_user):
    officer = make_user("320100")
    office = Office.objects.get(code="320100")
    writers, per_writer = 8, 5
    failures: list[BaseException] = []
    start = threading.Barrier(writers)

    def write() -> None:
        try:
            start.wait()
            for _ in range(per_writer):
                case_create(actor=officer, office=office, data=case_data())
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    sequences = sorted(Case.objects.filter(office=office).values_list("sequence", flat=True))
    assert sequences == list(range(1, writers * per_writer + 1))
