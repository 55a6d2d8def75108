"""The statistics roll-up agrees with a count from the records, whichever way they changed."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Q

from ipoffice.cases.models import Case
from ipoffice.cases.statistics import ENFORCEMENT
from ipoffice.cases.transfer import COLUMNS, cases_import
from ipoffice.common.periods import period_parse
from ipoffice.demo.cases import demo_cases_load
from ipoffice.demo.complaints import demo_complaints_load
from ipoffice.demo.people import demo_people_load
from ipoffice.offices.models import Office
from ipoffice.reporting import figures, rollup
from ipoffice.reporting.definitions import FORMS
from ipoffice.reporting.matching import matches
from ipoffice.reporting.models import FigureCount

pytestmark = pytest.mark.django_db

DAY = date(2013, 1, 9)
OFFICES = ("100000", "320000", "320100", "320100-C1", "440300")


@pytest.fixture
def worked(settings):
    """Cases and complaints taken through the services: created, accepted, concluded,
    extended, closed, complaints reviewed, transferred, converted, rated."""
    settings.LANGUAGE_CODE = "en"
    demo_people_load()
    demo_cases_load(per_office=12)
    demo_complaints_load(count=80)


def _periods():
    years = sorted({y for form in FORMS.values() for y in rollup.years_with_records(form)})
    for year in years:
        yield period_parse(str(year))
        yield period_parse(f"{year}-Q3")
        yield period_parse(f"{year}-{(year % 12) + 1:02d}")


def test_the_roll_up_kept_by_the_services_equals_a_count_from_the_records(worked):
    checked = 0
    for code in OFFICES:
        office = Office.objects.get(code=code)
        for form in FORMS.values():
            for period in _periods():
                assert rollup.differences(form, office, period) == {}, (code, form.code, period)
                checked += sum(1 for v in figures.compute(form, office, period).values() if v)
    # The comparison was not of empty tables: many figures were counted.
    assert checked > 100
    national = Office.objects.get(code="100000")
    year = str(max(rollup.years_with_records(ENFORCEMENT)))
    counted = figures.compute(ENFORCEMENT, national, period_parse(year))
    assert counted["cases_accepted"] == Case.objects.filter(accepted_on__year=int(year)).count()


def test_a_rebuild_reproduces_what_the_saves_kept(worked):
    def kept():
        return set(
            FigureCount.objects.exclude(value=0).values_list(
                "form", "office_id", "year", "month", "code", "value"
            )
        )

    before = kept()
    assert before
    call_command("rollup", "rebuild", stdout=io.StringIO())
    assert kept() == before


def test_an_import_is_counted_in_the_statistics(tmp_path):
    path = tmp_path / "cases.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for n in range(5):
            writer.writerow(
                dict.fromkeys(COLUMNS, "")
                | {
                    "case_number": f"L-{n}",
                    "office_code": "320500",
                    "case_type": "passing_off",
                    "source": "report",
                    "filed_on": "2014-02-03",
                    "accepted_on": "2014-02-05",
                    "closed_on": "2014-04-01" if n < 2 else "",
                    "outcome": "penalty_imposed" if n < 2 else "",
                    "fine_amount": "1000.50" if n < 2 else "",
                    "respondent_name": "某网店",
                }
            )
    assert cases_import(path).created == 5
    jiangsu = Office.objects.get(code="320000")
    values = figures.compute(ENFORCEMENT, jiangsu, period_parse("2014"))
    assert (values["cases_accepted"], values["penalty_decisions"], values["fines_total"]) == (
        5,
        2,
        2001,
    )
    assert figures.compute(ENFORCEMENT, jiangsu, period_parse("2014-Q2"))["open_at_start"] == 5
    assert figures.compute(ENFORCEMENT, jiangsu, period_parse("2014-Q3"))["open_at_start"] == 3


def test_a_bulk_update_of_a_counted_field_is_refused(add_cases):
    add_cases("320100", 2, accepted_on=date(2013, 3, 4))
    with pytest.raises(ValueError, match="accepted_on"):
        Case.objects.filter(office__code="320100").update(accepted_on=date(2013, 4, 1))
    assert Case.objects.filter(office__code="320100").update(title="改名") == 2


def test_verify_reports_a_roll_up_that_drifted_and_rebuild_repairs_it(add_cases):
    add_cases("320100", 3, accepted_on=date(2013, 3, 4))
    call_command("rollup", "verify", "--year", "2013", stdout=io.StringIO())
    FigureCount.objects.filter(code="cases_accepted", month=0).update(value=7)
    errors = io.StringIO()
    with pytest.raises(CommandError, match="differ"):
        call_command("rollup", "verify", "--year", "2013", stdout=io.StringIO(), stderr=errors)
    assert "cases_accepted: roll-up 7, records 3" in errors.getvalue()
    call_command("rollup", "rebuild", stdout=io.StringIO())
    call_command("rollup", "verify", "--year", "2013", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("condition", "row", "expected"),
    [
        (Q(reply=""), {"reply": ""}, True),
        (~Q(reply=""), {"reply": ""}, False),
        (Q(rating__isnull=False), {"rating": None}, False),
        (Q(reviewed_on__lte=F("due")), {"reviewed_on": None, "due": date(2013, 1, 9)}, False),
        (
            Q(reviewed_on__lte=F("due")),
            {"reviewed_on": date(2013, 1, 9), "due": date(2013, 1, 9)},
            True,
        ),
        (~Q(concluded_on__gte=date(2013, 1, 1)), {"concluded_on": None}, True),
        (Q(case_type__in=("a", "b")) | Q(source="x"), {"case_type": "c", "source": "x"}, True),
    ],
)
def test_a_record_matches_a_definition_as_the_database_would(condition, row, expected):
    assert matches(condition, row) is expected


def test_an_unsupported_lookup_is_refused_not_miscounted():
    with pytest.raises(ValueError, match="icontains"):
        matches(Q(title__icontains="x"), {"title": "x"})
