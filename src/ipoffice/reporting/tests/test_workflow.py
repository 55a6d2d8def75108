"""Each workflow step, who may take it at each level, snapshots and corrections."""

from datetime import date

import pytest
from django.http import Http404

from ipoffice.accounts.roles import Role
from ipoffice.cases.statistics import ENFORCEMENT
from ipoffice.common.errors import ApplicationError, InvalidInput, PermissionDeniedError
from ipoffice.common.periods import period_parse
from ipoffice.offices.models import Office
from ipoffice.reporting.models import Report, ReportEvent, ReportSnapshot
from ipoffice.reporting.selectors import completeness, report_detail, statistics, worklist
from ipoffice.reporting.services import report_fill, report_open, report_transition, reports_bulk
from ipoffice.reporting.validation import check, outlier

pytestmark = pytest.mark.django_db
STAFF = {"enforcement_staff": 12}


@pytest.fixture
def people(make_user):
    return {
        "nj": make_user("320100", Role.ANALYST, username="nj_analyst"),
        "sz": make_user("320500", Role.ANALYST, username="sz_analyst"),
        "js_head": make_user("320000", Role.OFFICE_HEAD, username="js_head"),
        "js_analyst": make_user("320000", Role.ANALYST, username="js_analyst"),
        "gd_head": make_user("440000", Role.OFFICE_HEAD, username="gd_head"),
        "cn": make_user("100000", Role.SUPERVISOR, username="cn_supervisor"),
        "nj_officer": make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_officer"),
    }


def filed(office_code, actor, period="2013"):
    assert actor.office.code == office_code
    report = report_open(actor=actor, form="enforcement", period=period)
    report_fill(actor=actor, report=report, manual=STAFF)
    return report_transition(actor=actor, report=report, name="submit")


def test_submit_by_the_office_itself_only(people, add_cases):
    add_cases("320100", 3, accepted_on=date(2013, 3, 1))
    report = report_open(actor=people["nj"], form="enforcement", period="2013")
    for outsider in (people["sz"], people["js_analyst"], people["nj_officer"]):
        with pytest.raises(PermissionDeniedError):
            report_transition(actor=outsider, report=report, name="submit")
    with pytest.raises(InvalidInput) as unexplained:
        report_transition(actor=people["nj"], report=report, name="submit")
    assert "manual_items_filled" in unexplained.value.errors  # a warning needs explaining
    report_fill(actor=people["nj"], report=report, manual=STAFF)
    report = report_transition(actor=people["nj"], report=report, name="submit")
    assert report.status == "submitted" and report.submitted_on


def test_return_needs_a_reason_and_comes_from_the_level_above(people):
    report = filed("320100", people["nj"])
    with pytest.raises(PermissionDeniedError):
        report_transition(actor=people["gd_head"], report=report, name="return", reason="x")
    with pytest.raises(ApplicationError) as error:
        report_transition(actor=people["js_head"], report=report, name="return", reason="")
    assert error.value.field == "reason"
    report = report_transition(actor=people["js_head"], report=report, name="return",
                               reason="请核对结案数")  # fmt: skip
    assert report.status == "returned"
    event = ReportEvent.objects.filter(report=report).last()
    assert (event.actor, event.reason, event.from_status) == (
        people["js_head"],
        "请核对结案数",
        "submitted",
    )
    report = report_transition(actor=people["nj"], report=report, name="submit")
    assert report.status == "submitted"


def test_approval_freezes_a_snapshot_and_later_records_show_revision_pending(people, add_cases):
    add_cases("320100", 4, accepted_on=date(2013, 3, 1))
    report = report_transition(actor=people["js_head"], report=filed("320100", people["nj"]),
                               name="approve")  # fmt: skip
    snapshot = ReportSnapshot.objects.get(report=report)
    assert snapshot.figures["cases_accepted"] == 4 and snapshot.approved_by == people["js_head"]
    add_cases("320100", 1, accepted_on=date(2013, 11, 1))  # a late record
    detail = report_detail(report)
    assert detail["revision_pending"] and detail["figures"]["cases_accepted"] == 5
    assert detail["approved_figures"]["cases_accepted"] == 4
    approved = statistics(
        ENFORCEMENT, Office.objects.get(code="320100"), period_parse("2013"), basis="approved"
    )
    assert approved["basis"] == "approved" and approved["version"] == 1
    assert approved["figures"]["cases_accepted"]["value"] == 4


def test_a_correction_is_a_new_version_that_keeps_the_old_one(people, add_cases):
    add_cases("320100", 4, accepted_on=date(2013, 3, 1))
    report = report_transition(actor=people["js_head"], report=filed("320100", people["nj"]),
                               name="approve")  # fmt: skip
    add_cases("320100", 2, accepted_on=date(2013, 11, 1))
    with pytest.raises(ApplicationError):
        report_transition(actor=people["nj"], report=report, name="correct", reason="")
    report = report_transition(actor=people["nj"], report=report, name="correct",
                               reason="补报两件")  # fmt: skip
    assert (report.status, report.version) == ("draft", 2)
    report = report_transition(actor=people["nj"], report=report, name="submit")
    report = report_transition(actor=people["js_head"], report=report, name="approve")
    versions = [(s.version, s.figures["cases_accepted"]) for s in report.snapshots.all()]
    assert versions == [(1, 4), (2, 6)]


def test_approval_at_a_level_requires_its_children_approved(people, make_user):
    province = filed("320000", people["js_analyst"])
    with pytest.raises(ApplicationError, match="offices below must be approved"):
        report_transition(actor=people["cn"], report=province, name="accept")
    cities = Office.objects.filter(parent__code="320000", level="municipal")
    for city in cities:
        analyst = people["nj"] if city.code == "320100" else make_user(city.code, Role.ANALYST)
        report_transition(actor=people["js_head"], report=filed(city.code, analyst), name="approve")
    province = report_transition(actor=people["cn"], report=province, name="accept")
    assert province.status == "accepted"
    assert set(
        Report.objects.filter(office__parent__code="320000").values_list("status", flat=True)
    ) == {"accepted"}  # accepted with their province
    with pytest.raises(PermissionDeniedError):
        report_transition(actor=people["js_head"], report=province, name="return", reason="x")


def test_only_the_national_office_accepts(people):
    report = filed("320100", people["nj"])
    with pytest.raises(PermissionDeniedError):
        report_transition(actor=people["js_head"], report=report, name="accept")


def test_bulk_approve_and_worklist(people):
    nanjing, suzhou = filed("320100", people["nj"]), filed("320500", people["sz"])
    assert set(worklist(user=people["js_head"])) == {nanjing, suzhou}
    assert list(worklist(user=people["gd_head"])) == []
    outcome = reports_bulk(actor=people["js_head"], reports=[nanjing, suzhou], name="approve")
    assert outcome == {nanjing.pk: "ok", suzhou.pk: "ok"}
    assert list(worklist(user=people["js_head"])) == []


def test_completeness_shows_missing_late_and_returned(people):
    nanjing = filed("320100", people["nj"], period="2024-01")
    report_transition(actor=people["js_head"], report=nanjing, name="return", reason="重报")
    result = completeness(office=Office.objects.get(code="320000"), form="enforcement",
                          period="2024-01")  # fmt: skip
    rows = {r["office"]: r for r in result["offices"]}
    assert rows["320100"]["status"] == "returned" and rows["320100"]["late"]
    assert rows["320500"]["status"] == "missing" and rows["320500"]["late"]
    assert result["summary"]["expected"] == 13 and result["summary"]["missing"] == 12
    # 5th working day of February 2024: 1, 2, Sunday 4 (worked before Spring Festival), 5, 6
    assert result["due_on"] == date(2024, 2, 6)


@pytest.mark.parametrize("values,rule", [
    ({"infringement_disputes_accepted": 5, "disputes_accepted": 4, "cases_accepted": 9,
      "cases_closed": 0, "open_at_start": 0, "enforcement_staff": 1},
     "infringement_within_disputes"),
    ({"infringement_disputes_accepted": 1, "disputes_accepted": 10, "cases_accepted": 9,
      "cases_closed": 0, "open_at_start": 0, "enforcement_staff": 1}, "disputes_within_cases"),
    ({"infringement_disputes_accepted": 1, "disputes_accepted": 1, "cases_accepted": 2,
      "cases_closed": 5, "open_at_start": 2, "enforcement_staff": 1},
     "closed_within_open_and_accepted"),
    ({"infringement_disputes_accepted": 1, "disputes_accepted": 1, "cases_accepted": 2,
      "cases_closed": 0, "open_at_start": 0, "enforcement_staff": -1}, "no_negative_values"),
])  # fmt: skip
def test_each_blocking_rule(values, rule):
    found = {f.code: f.severity for f in check("enforcement", values, {})}
    assert found == {rule: "blocking"}


def test_robust_outlier_check_ignores_zero_heavy_counts_but_catches_jumps():
    assert not outlier(1, [0, 0, 0, 0, 1])  # a small office's first case is no alarm
    assert not outlier(3, [0, 0, 0, 0])
    assert outlier(60, [10, 12, 11, 9, 10])
    assert not outlier(13, [10, 12, 11, 9, 10])
    assert not outlier(500, [400])  # too little history to judge


def test_outlier_warning_needs_an_explanation_before_submission(people, add_cases):
    for year in range(2008, 2013):
        add_cases("320100", 10, accepted_on=date(year, 3, 1))
    add_cases("320100", 80, accepted_on=date(2013, 3, 1))
    report = report_open(actor=people["nj"], form="enforcement", period="2013")
    report_fill(actor=people["nj"], report=report, manual=STAFF)
    with pytest.raises(InvalidInput) as error:
        report_transition(actor=people["nj"], report=report, name="submit")
    assert "outlier:cases_accepted" in error.value.errors
    report_fill(
        actor=people["nj"],
        report=report,
        explanations={
            "outlier:cases_accepted": "护航专项行动集中查处",
            "outlier:passing_off_accepted": "同上",
        },
    )
    assert report_transition(actor=people["nj"], report=report, name="submit").status == "submitted"


def test_manual_items_only_and_whole_numbers(people):
    report = report_open(actor=people["nj"], form="enforcement", period="2013")
    with pytest.raises(InvalidInput) as error:
        report_fill(actor=people["nj"], report=report,
                    manual={"cases_accepted": 5, "enforcement_staff": -2})  # fmt: skip
    assert set(error.value.errors) == {"cases_accepted", "enforcement_staff"}


def test_national_and_center_units_file_no_reports(make_user):
    national = make_user("100000", Role.ANALYST)
    with pytest.raises(ApplicationError) as error:
        report_open(actor=national, form="enforcement", period="2013")
    assert error.value.field == "office"
    with pytest.raises(PermissionDeniedError):  # opening a report is filing it
        report_open(actor=make_user("320100", Role.ENFORCEMENT_OFFICER), form="enforcement",
                    period="2013")  # fmt: skip


def test_approved_figures_add_up_through_the_tree_at_once(people, add_cases, make_user):
    add_cases("320100", 4, accepted_on=date(2013, 3, 1))
    add_cases("320500", 2, accepted_on=date(2013, 3, 1))
    national = Office.objects.get(code="100000")
    with pytest.raises(Http404):  # nothing approved yet
        statistics(ENFORCEMENT, national, period_parse("2013"), basis="approved")
    report_transition(actor=people["js_head"], report=filed("320100", people["nj"]),
                      name="approve")  # fmt: skip
    partial = statistics(ENFORCEMENT, Office.objects.get(code="320000"), period_parse("2013"),
                         basis="approved")  # fmt: skip
    assert partial["figures"]["cases_accepted"]["value"] == 4 and not partial["complete"]
    report_transition(actor=people["js_head"], report=filed("320500", people["sz"]),
                      name="approve")  # fmt: skip
    after = statistics(ENFORCEMENT, national, period_parse("2013"), basis="approved")
    assert after["figures"]["cases_accepted"]["value"] == 6  # no rebuild needed


def test_a_return_after_approval_opens_a_new_version(people, add_cases):
    add_cases("320100", 2, accepted_on=date(2013, 3, 1))
    report = report_transition(actor=people["js_head"], report=filed("320100", people["nj"]),
                               name="approve")  # fmt: skip
    add_cases("320100", 1, accepted_on=date(2013, 4, 1))
    report = report_transition(actor=people["js_head"], report=report, name="return",
                               reason="漏报一件")  # fmt: skip
    assert (report.status, report.version) == ("returned", 2)
    report = report_transition(actor=people["nj"], report=report, name="submit")
    report = report_transition(actor=people["js_head"], report=report, name="approve")
    assert [(s.version, s.figures["cases_accepted"]) for s in report.snapshots.all()] == [
        (1, 2),
        (2, 3),
    ]
    assert not report_detail(report)["revision_pending"]


def test_the_national_office_accepts_provinces_not_cities(people):
    with pytest.raises(PermissionDeniedError):
        report_transition(actor=people["cn"], report=filed("320100", people["nj"]),
                          name="accept")  # fmt: skip


def test_no_correction_below_an_approved_report(people, make_user):
    nanjing = report_transition(actor=people["js_head"], report=filed("320100", people["nj"]),
                                name="approve")  # fmt: skip
    for city in Office.objects.filter(parent__code="320000", level="municipal").exclude(
        code="320100"
    ):
        report_transition(actor=people["js_head"], name="approve",
                          report=filed(city.code, make_user(city.code, Role.ANALYST)))  # fmt: skip
    province = filed("320000", people["js_analyst"])
    report_transition(actor=people["cn"], report=province, name="approve")
    with pytest.raises(ApplicationError, match="already approved"):
        report_transition(actor=people["nj"], report=nanjing, name="correct", reason="x")


def test_history_skips_years_before_the_office_kept_records(people, add_cases):
    add_cases("320100", 10, accepted_on=date(2012, 3, 1))
    add_cases("320100", 12, accepted_on=date(2013, 3, 1))
    report = report_open(actor=people["nj"], form="enforcement", period="2013")
    from ipoffice.reporting.contents import history_for

    assert history_for(report)["cases_accepted"] == [10]
    report_fill(actor=people["nj"], report=report, manual={"enforcement_staff": 0})
    assert (
        report_transition(actor=people["nj"], report=report, name="submit").status == "submitted"
    )  # zero staff is an answer; one earlier year raises no outlier
