"""Due dates across statutory holidays and make-up working days, under each rule set."""

from datetime import date

import pytest

from ipoffice.cases.rules import CASE_TIME_LIMITS
from ipoffice.deadlines.calendar import WorkingCalendar, add_months
from ipoffice.deadlines.rules import Instrument, Step, time_limit_for
from ipoffice.deadlines.services import due_date

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar():
    return WorkingCalendar.from_db()


def due(calendar, *, step, case_type, filed_on, start=None, source="complaint", extended=False):
    limit = time_limit_for(
        CASE_TIME_LIMITS, step=step, case_type=case_type, source=source, filed_on=filed_on
    )
    assert limit is not None
    return limit, due_date(calendar=calendar, limit=limit, start=start or filed_on,
                           extended=extended)  # fmt: skip


def test_acceptance_under_2010_rules_skips_spring_festival_and_counts_makeup_days(calendar):
    # 2013-02-09..15 are holidays; Saturday 16 and Sunday 17 February are worked.
    limit, day = due(calendar, step=Step.ACCEPTANCE, case_type="infringement_dispute",
                     filed_on=date(2013, 2, 7))  # fmt: skip
    assert limit.instrument == Instrument.MEASURES_2010
    # 8 Feb (1), Sat 16 (2), Sun 17 (3), Mon 18 (4), Tue 19 (5)
    assert day == date(2013, 2, 19)


def test_acceptance_under_2015_rules_skips_national_day_and_counts_the_makeup_saturday(calendar):
    limit, day = due(calendar, step=Step.ACCEPTANCE, case_type="infringement_dispute",
                     filed_on=date(2015, 9, 29))  # fmt: skip
    assert limit.instrument == Instrument.MEASURES_2015
    # 30 Sep (1), 1-7 Oct holiday, Thu 8 (2), Fri 9 (3), Sat 10 worked (4), Mon 12 (5)
    assert day == date(2015, 10, 12)


def test_infringement_conclusion_2010_four_months_rolled_past_national_day(calendar):
    limit, day = due(calendar, step=Step.CONCLUSION, case_type="infringement_dispute",
                     filed_on=date(2013, 5, 28), start=date(2013, 6, 1))  # fmt: skip
    assert (limit.amount, limit.unit, limit.extension) == (4, "months", 0)
    assert day == date(2013, 10, 8)  # 1 Oct + holidays to the 7th


def test_infringement_conclusion_2015_three_months_plus_one_month_extension(calendar):
    kwargs = {"step": Step.CONCLUSION, "case_type": "infringement_dispute",
              "filed_on": date(2015, 7, 1), "start": date(2015, 7, 1)}  # fmt: skip
    assert due(calendar, **kwargs)[1] == date(2015, 10, 8)
    assert due(calendar, **kwargs, extended=True)[1] == date(2015, 11, 2)  # 1 Nov is a Sunday


def test_a_case_filed_the_day_before_the_2015_measures_keeps_the_2010_limit(calendar):
    limit, _ = due(calendar, step=Step.CONCLUSION, case_type="infringement_dispute",
                   filed_on=date(2015, 6, 30))  # fmt: skip
    assert (limit.instrument, limit.amount) == (Instrument.MEASURES_2010, 4)


def test_passing_off_opening_depends_on_how_the_office_learned_of_it(calendar):
    filed = date(2016, 3, 1)
    _, discovered = due(calendar, step=Step.ACCEPTANCE, case_type="passing_off",
                        filed_on=filed, source="ex_officio")  # fmt: skip
    _, reported = due(calendar, step=Step.ACCEPTANCE, case_type="passing_off",
                      filed_on=filed, source="report")  # fmt: skip
    assert (discovered, reported) == (date(2016, 3, 8), date(2016, 3, 15))
    assert (
        time_limit_for(
            CASE_TIME_LIMITS,
            step=Step.ACCEPTANCE,
            case_type="passing_off",
            source="report",
            filed_on=date(2013, 3, 1),
        )
        is None
    )  # 2010: no fixed limit


def test_passing_off_conclusion_one_month_plus_fifteen_days(calendar):
    kwargs = {"step": Step.CONCLUSION, "case_type": "passing_off",
              "filed_on": date(2013, 3, 4), "start": date(2013, 3, 4)}  # fmt: skip
    # 4 Apr 2013 is Qingming (4-6 off) and Sunday 7 April is worked: the limit ends then.
    assert due(calendar, **kwargs)[1] == date(2013, 4, 7)
    assert due(calendar, **kwargs, extended=True)[1] == date(2013, 4, 19)  # 4 Apr + 15 days


def test_publication_within_twenty_working_days_only_under_2015_rules(calendar):
    assert time_limit_for(CASE_TIME_LIMITS, step=Step.PUBLICATION, case_type="infringement_dispute",
                          source="complaint", filed_on=date(2013, 1, 1)) is None  # fmt: skip
    _, day = due(calendar, step=Step.PUBLICATION, case_type="infringement_dispute",
                 filed_on=date(2016, 1, 4), start=date(2016, 9, 12))  # fmt: skip
    # Mid-autumn 15-17 Sep 2016 with Sunday 18 worked; National Day 1-7 Oct, 8-9 Oct worked:
    # 13, 14, 18, 19-23, 26-30 Sep (13), 8, 9 Oct (15), 10-14 Oct (20).
    assert day == date(2016, 10, 14)


def test_the_calendar_knows_weekends_holidays_and_makeup_days(calendar):
    assert not calendar.is_working_day(date(2013, 2, 11))  # Monday in Spring Festival
    assert calendar.is_working_day(date(2013, 2, 16))  # Saturday worked
    assert not calendar.is_working_day(date(2013, 2, 23))  # ordinary Saturday
    assert calendar.working_days_between(date(2013, 2, 7), date(2013, 2, 19)) == 5


def test_add_months_clamps_to_month_end():
    assert add_months(date(2015, 1, 31), 1) == date(2015, 2, 28)
    assert add_months(date(2015, 11, 30), 3) == date(2016, 2, 29)


def test_an_edited_calendar_day_is_seen_at_once():
    from ipoffice.deadlines.models import CalendarDay

    before = WorkingCalendar.from_db()
    assert not before.is_working_day(date(2013, 2, 11))
    CalendarDay.objects.filter(date=date(2013, 2, 11)).update(kind="makeup_workday")
    day = CalendarDay.objects.get(date=date(2013, 2, 11))
    day.save()  # an admin's edit touches updated_at
    assert WorkingCalendar.from_db().is_working_day(date(2013, 2, 11))
