"""Scores computed from the records and the approved reports, through the roll-up."""

from datetime import date
from decimal import Decimal as D

import pytest

from ipoffice.assessment.enums import AssessedLevel, Provenance, ValueSource
from ipoffice.assessment.scoring import score
from ipoffice.assessment.tests.conftest import per
from ipoffice.reporting.services import report_fill, report_open, report_transition

pytestmark = pytest.mark.django_db
STAFF = {"enforcement_staff": 3}


def by_code(scores):
    return {s.office.code: s for s in scores}


def test_cities_are_scored_from_their_subtree_and_ranked(adopted, add_cases):
    scheme = adopted(per("passing_off", "passing_off_accepted", 1, cap=15),
                     value_source=ValueSource.RECORDS)  # fmt: skip
    add_cases("320100", 4, accepted_on=date(2013, 3, 1))
    add_cases("320500", 20, accepted_on=date(2013, 5, 1))
    add_cases("320500", 3, accepted_on=date(2012, 5, 1))  # another year: not counted
    found = by_code(score(scheme))
    assert found["320500"].total == 15 and found["320500"].lines[0].result.capped
    assert found["320100"].total == 4 and found["320500"].rank == 1
    assert found["320100"].rank == 2
    assert all(s.office.level == "municipal" for s in found.values())
    # Offices with nothing share the last rank.
    zero = [s for s in found.values() if s.total == 0]
    assert len({s.rank for s in zero}) == 1 and zero[0].rank == 3


def filed_and_approved(people, office_code, actor, approver):
    report = report_open(actor=actor, form="enforcement", period="2013")
    report_fill(actor=actor, report=report, manual=STAFF)
    report = report_transition(actor=actor, report=report, name="submit")
    return report_transition(actor=approver, report=report, name="approve")


def test_the_score_follows_the_approved_report_and_its_correction(people, adopted, add_cases):
    scheme = adopted(per("passing_off", "passing_off_accepted", 1))
    add_cases("320100", 4, accepted_on=date(2013, 3, 1))
    nanjing = by_code(score(scheme))["320100"]
    assert nanjing.total == 4
    assert nanjing.figures.provenance["enforcement"][0] == Provenance.RECORDS

    report = filed_and_approved(people, "320100", people["nj"], people["js"])
    add_cases("320100", 2, accepted_on=date(2013, 11, 1))  # late records, not yet reported
    nanjing = by_code(score(scheme))["320100"]
    assert nanjing.total == 4  # what was reported and approved
    assert nanjing.figures.provenance["enforcement"] == (Provenance.REPORT, report.pk, 1)

    report = report_transition(actor=people["nj"], report=report, name="correct", reason="补报")
    assert by_code(score(scheme))["320100"].total == 4  # the correction is not approved yet
    report = report_transition(actor=people["nj"], report=report, name="submit")
    report_transition(actor=people["js"], report=report, name="approve")
    nanjing = by_code(score(scheme))["320100"]
    assert nanjing.total == 6
    assert nanjing.figures.provenance["enforcement"] == (Provenance.REPORT, report.pk, 2)


def test_a_scheme_runs_over_another_year(adopted, add_cases):
    scheme = adopted(per("disputes", "disputes_accepted", 3), level=AssessedLevel.PROVINCIAL,
                     value_source=ValueSource.RECORDS)  # fmt: skip
    add_cases("320100", 2, accepted_on=date(2012, 3, 1), case_type="infringement_dispute")
    add_cases("320000", 1, accepted_on=date(2013, 3, 1), case_type="infringement_dispute")
    jiangsu_2012 = by_code(score(scheme, year=2012))["320000"]
    jiangsu_2013 = by_code(score(scheme))["320000"]
    assert (jiangsu_2012.total, jiangsu_2013.total) == (D(6), D(3))
