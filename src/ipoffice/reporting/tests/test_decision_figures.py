"""The enforcement figures of decisions (issued, published) count exactly the cases they
name, list them behind the figure and agree with the roll-up; the manual items of
supervised cases and administrative litigation are typed into the report and checked."""

import re
from datetime import date

import pytest
from django.utils import translation

from ipoffice.accounts.roles import Role
from ipoffice.cases.enums import Outcome
from ipoffice.cases.models import Case
from ipoffice.cases.services import case_create, case_transition
from ipoffice.cases.statistics import ENFORCEMENT
from ipoffice.cases.tests.conftest import case_data
from ipoffice.common.errors import InvalidInput
from ipoffice.common.periods import period_parse
from ipoffice.offices.models import Office
from ipoffice.reporting import figures, rollup
from ipoffice.reporting.services import report_fill, report_open, report_transition
from ipoffice.reporting.validation import check

pytestmark = pytest.mark.django_db
DECIDED = (Outcome.INFRINGEMENT_FOUND, Outcome.NO_INFRINGEMENT, Outcome.PENALTY_IMPOSED)


@pytest.fixture
def decisions(add_cases):
    """Cases of Jiangsu and Guangdong ending in 2012 to 2014, with and without a decision."""

    def concluded(code, outcome, on, published_on=None, count=1):
        return add_cases(code, count, accepted_on=date(on.year - 1, 11, 2), concluded_on=on,
                         outcome=outcome, published_on=published_on,
                         case_type="infringement_dispute")  # fmt: skip

    return {
        # Decisions of 2013: found (one published in 2013, one in 2014), none found, penalty.
        "found_2013": concluded(
            "320100", Outcome.INFRINGEMENT_FOUND, date(2013, 3, 4), date(2013, 4, 1)
        ),
        "found_late": concluded(
            "320100", Outcome.INFRINGEMENT_FOUND, date(2013, 3, 20), date(2014, 1, 5)
        ),
        "none_found": concluded("320500", Outcome.NO_INFRINGEMENT, date(2013, 5, 6)),
        "penalty": concluded(
            "320000", Outcome.PENALTY_IMPOSED, date(2013, 12, 30), date(2014, 1, 3)
        ),
        # Ended without a decision in 2013.
        "no_decision": [
            *concluded("320100", Outcome.MEDIATED, date(2013, 6, 1)),
            *concluded("320100", Outcome.WITHDRAWN, date(2013, 6, 2)),
            *concluded("320100", Outcome.DISMISSED, date(2013, 6, 3)),
            *concluded("320100", Outcome.TRANSFERRED, date(2013, 6, 4)),
        ],
        # Decided in 2012, published in 2013.
        "decided_2012": concluded(
            "320100", Outcome.INFRINGEMENT_FOUND, date(2012, 12, 20), date(2013, 1, 10)
        ),
        "guangdong": concluded(
            "440300", Outcome.PENALTY_IMPOSED, date(2013, 8, 8), date(2013, 8, 20), count=2
        ),
    }


def _ids(*groups):
    return {case.pk for group in groups for case in group}


def _from_records(office, **where):
    """The cases of the office's subtree, counted without the figure's definition."""
    return set(Case.objects.filter(office__path__startswith=office.path, **where)
               .values_list("pk", flat=True))  # fmt: skip


def test_decisions_issued_and_published_count_the_cases_they_name(decisions):
    jiangsu, national = Office.objects.get(code="320000"), Office.objects.get(code="100000")
    year = figures.compute(ENFORCEMENT, jiangsu, period_parse("2013"))
    assert year["decisions_issued"] == 4  # found twice, none found, penalty; not the other 4
    assert year["decisions_published"] == 2  # April 2013, and the decision of 2012
    assert year["cases_closed"] == 8
    later = figures.compute(ENFORCEMENT, jiangsu, period_parse("2014"))
    assert (later["decisions_issued"], later["decisions_published"]) == (0, 2)
    assert figures.compute(ENFORCEMENT, jiangsu, period_parse("2012"))["decisions_issued"] == 1
    assert figures.compute(ENFORCEMENT, jiangsu, period_parse("2013-Q1"))["decisions_issued"] == 2
    assert figures.compute(ENFORCEMENT, national, period_parse("2013"))["decisions_issued"] == 6
    counted = figures.compute_from_records(ENFORCEMENT, jiangsu, period_parse("2013"))
    assert counted["decisions_issued"] == len(
        _from_records(jiangsu, concluded_on__year=2013, outcome__in=DECIDED)
    )
    assert counted["decisions_published"] == len(_from_records(jiangsu, published_on__year=2013))


def test_the_drilldown_lists_exactly_the_cases_behind_each_figure(decisions, make_user, api_client):
    api = api_client(make_user("320000", Role.SUPERVISOR))
    url = "/api/v1/statistics/enforcement/drilldown/"
    issued = api.get(url, {"period": "2013", "figure": "decisions_issued"}).json()
    expected = _ids(decisions["found_2013"], decisions["found_late"], decisions["none_found"],
                    decisions["penalty"])  # fmt: skip
    assert issued["count"] == 4 and {r["id"] for r in issued["records"]} == expected
    published = api.get(url, {"period": "2013", "figure": "decisions_published"}).json()
    assert {r["id"] for r in published["records"]} == _ids(
        decisions["found_2013"], decisions["decided_2012"]
    )
    stats = api.get("/api/v1/statistics/enforcement/", {"period": "2013"}).json()["figures"]
    assert stats["decisions_issued"]["value"] == issued["count"]
    assert stats["decisions_published"]["value"] == published["count"] == 2
    # Manual items are no figure of the statistics: only a report holds them.
    assert not {"supervised_cases_closed", "administrative_litigation"} & set(stats)


def test_the_roll_up_equals_a_count_from_the_records(decisions):
    periods = [period_parse(p) for p in ("2012", "2013", "2013-Q1", "2013-12", "2014", "2014-01")]
    checked = 0
    for code in ("100000", "320000", "320100", "440000"):
        office = Office.objects.get(code=code)
        for period in periods:
            assert rollup.differences(ENFORCEMENT, office, period) == {}, (code, period.code)
            kept = figures.compute(ENFORCEMENT, office, period)
            checked += kept["decisions_issued"] + kept["decisions_published"]
    assert checked > 20  # the comparison was not of zeros


def test_a_decision_published_through_the_workflow_is_counted_when_it_is_published(make_user):
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER)
    head = make_user("320100", Role.OFFICE_HEAD)
    nanjing = Office.objects.get(code="320100")
    case = case_create(actor=officer, office=nanjing, data=case_data(filed_on=date(2024, 3, 1)))
    case = case_transition(actor=officer, case=case, name="accept", on=date(2024, 3, 5))
    case = case_transition(actor=head, case=case, name="decide", on=date(2024, 6, 3),
                           outcome=Outcome.INFRINGEMENT_FOUND, reason="per file")  # fmt: skip

    def june_july():
        return [
            (values["decisions_issued"], values["decisions_published"])
            for values in (figures.compute(ENFORCEMENT, nanjing, period_parse(month))
                           for month in ("2024-06", "2024-07"))
        ]  # fmt: skip

    assert june_july() == [(1, 0), (0, 0)]
    case_transition(actor=officer, case=case, name="publish_decision", on=date(2024, 7, 2))
    assert june_july() == [(1, 0), (0, 1)]
    assert rollup.differences(ENFORCEMENT, nanjing, period_parse("2024")) == {}


def test_the_manual_items_are_typed_into_the_report_page(make_user, client):
    analyst = make_user("320100", Role.ANALYST)
    report = report_open(actor=analyst, form="enforcement", period="2013")
    client.force_login(analyst)
    html = client.get(f"/reports/{report.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for code, label in (("supervised_cases_closed", "督办案件结案数"),
                        ("administrative_litigation", "行政诉讼案件数"),
                        ("administrative_litigation_won", "其中胜诉数")):  # fmt: skip
        assert re.search(rf'<label for="manual-{code}">{label}</label>', html), code
        assert f'name="manual_{code}" value=""' in html
    for code, label in (("decisions_issued", "行政处理决定数"),
                        ("decisions_published", "处理决定公开数")):  # fmt: skip
        assert f"<td>{label}</td>" in html and f'name="manual_{code}"' not in html
    response = client.post(
        f"/reports/{report.pk}/fill/",
        {"manual_administrative_litigation": "3", "manual_administrative_litigation_won": "2",
         "manual_supervised_cases_closed": "5"},
    )  # fmt: skip
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.manual == {"administrative_litigation": 3, "administrative_litigation_won": 2,
                             "supervised_cases_closed": 5}  # fmt: skip


def _rules(values):
    return {f.code for f in check("enforcement", values, {})}


def test_litigation_won_cannot_exceed_litigation_once_both_are_filled():
    base = {**{f.code: 0 for f in ENFORCEMENT.figures if not f.manual}, "enforcement_staff": 3}
    assert "litigation_won_within_litigation" in _rules(
        {**base, "administrative_litigation": 2, "administrative_litigation_won": 3}
    )
    for fine in (
        {"administrative_litigation": 3, "administrative_litigation_won": 3},
        {"administrative_litigation": 0, "administrative_litigation_won": None},
        {"administrative_litigation": None, "administrative_litigation_won": 4},
        {},
    ):
        assert "litigation_won_within_litigation" not in _rules({**base, **fine}), fine


def test_a_report_claiming_more_suits_won_than_brought_is_not_submitted(make_user):
    analyst = make_user("320100", Role.ANALYST)
    report = report_open(actor=analyst, form="enforcement", period="2013")
    report_fill(actor=analyst, report=report, manual={
        "enforcement_staff": 12, "administrative_litigation": 1,
        "administrative_litigation_won": 2})  # fmt: skip
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as refused:
        report_transition(actor=analyst, report=report, name="submit")
    assert refused.value.errors == {
        "litigation_won_within_litigation": ["行政诉讼胜诉数不能大于行政诉讼案件数。"]
    }
    report_fill(actor=analyst, report=report, manual={"administrative_litigation_won": 1})
    assert report_transition(actor=analyst, report=report, name="submit").status == "submitted"
