"""Figures from records, year-on-year change, drill-down, aggregation, JSON, CLI, XLSX."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from ipoffice.accounts.roles import Role
from ipoffice.cases.statistics import ENFORCEMENT
from ipoffice.common.periods import period_parse
from ipoffice.offices.models import Office
from ipoffice.reporting import figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(add_cases):
    # 2012: 10 cases in Nanjing; 2013: 12 in Nanjing, 5 in Suzhou, 1 at the provincial office.
    add_cases("320100", 8, accepted_on=date(2012, 5, 2))
    add_cases("320100", 2, accepted_on=date(2012, 6, 2), case_type="infringement_dispute")
    add_cases("320100", 9, accepted_on=date(2013, 3, 4))
    add_cases(
        "320100",
        3,
        accepted_on=date(2013, 7, 1),
        case_type="infringement_dispute",
        concluded_on=date(2013, 9, 1),
        outcome="infringement_found",
        concluded_within_limit=True,
    )
    add_cases("320500", 4, accepted_on=date(2013, 4, 1), foreign_related=True)
    add_cases(
        "320500",
        1,
        accepted_on=date(2013, 5, 1),
        case_type="other_dispute",
        concluded_on=date(2013, 6, 1),
        outcome="penalty_imposed",
        fine_amount=5000,
    )
    add_cases("320000", 1, accepted_on=date(2013, 12, 31))
    add_cases("440300", 7, accepted_on=date(2013, 1, 8))


def test_figures_count_the_subtrees_records(records):
    jiangsu = Office.objects.get(code="320000")
    values = figures.compute(ENFORCEMENT, jiangsu, period_parse("2013"))
    assert values["cases_accepted"] == 18
    assert values["disputes_accepted"] == 4
    assert values["infringement_disputes_accepted"] == 3
    assert values["passing_off_accepted"] == 14
    assert values["foreign_related_accepted"] == 4
    assert values["cases_closed"] == 4 and values["closed_within_time_limit"] == 3
    assert values["fines_total"] == 5000
    national = figures.compute(ENFORCEMENT, Office.objects.get(code="100000"), period_parse("2013"))
    assert national["cases_accepted"] == 25


def test_quarters_months_and_year_on_year_change(records):
    nanjing = Office.objects.get(code="320100")
    year = figures.with_previous(ENFORCEMENT, nanjing, period_parse("2013"))
    assert year["cases_accepted"] == {
        "value": 12,
        "previous": 10,
        "change_pct": 20.0,
        "share_pct": None,
    }
    assert year["disputes_accepted"]["share_pct"] == 25.0  # 3 of 12
    assert year["disputes_accepted"]["change_pct"] == 50.0  # 3 against 2
    q1 = figures.compute(ENFORCEMENT, nanjing, period_parse("2013-Q1"))
    march = figures.compute(ENFORCEMENT, nanjing, period_parse("2013-03"))
    assert q1["cases_accepted"] == march["cases_accepted"] == 9
    assert figures.change_pct(16227, 9025) == 79.8
    assert figures.change_pct(5056, 2510) == 101.4


def test_drilldown_lists_exactly_the_records_behind_a_figure(records, make_user, api_client):
    user = make_user("320000", Role.SUPERVISOR)
    response = api_client(user).get(
        "/api/v1/statistics/enforcement/drilldown/",
        {"period": "2013", "figure": "disputes_accepted"},
    )
    body = response.json()
    assert body["count"] == 4 and len(body["records"]) == 4
    assert {r["case_type"] for r in body["records"]} == {"infringement_dispute", "other_dispute"}
    stats = api_client(user).get("/api/v1/statistics/enforcement/", {"period": "2013"}).json()
    assert stats["figures"]["disputes_accepted"]["value"] == body["count"]


def test_statistics_json_shape_and_scope(records, make_user, api_client):
    national = api_client(make_user("100000", Role.ANALYST))
    body = national.get(
        "/api/v1/statistics/enforcement/", {"period": "2013", "office": "100000"}
    ).json()
    assert body["office"] == "100000" and body["period"] == "2013" and body["basis"] == "live"
    assert body["figures"]["cases_accepted"]["value"] == 25
    assert set(body["figures"]["cases_accepted"]) == {
        "value",
        "previous",
        "change_pct",
        "share_pct",
        "label",
    }
    city = api_client(make_user("320500", Role.ANALYST))
    own = city.get("/api/v1/statistics/enforcement/", {"period": "2013"}).json()
    assert own["office"] == "320500" and own["figures"]["cases_accepted"]["value"] == 5
    assert (
        city.get(
            "/api/v1/statistics/enforcement/", {"period": "2013", "office": "320100"}
        ).status_code
        == 404
    )
    assert (
        city.get(
            "/api/v1/statistics/enforcement/drilldown/",
            {"period": "2013", "office": "100000", "figure": "cases_accepted"},
        ).status_code
        == 404
    )
    bad = city.get("/api/v1/statistics/enforcement/", {"period": "2013-13"})
    assert bad.status_code == 400 and bad.json()["field"] == "period"
    agent_like = (
        api_client(make_user("320000-C1", Role.AGENT))
        if Office.objects.filter(code="320000-C1").exists()
        else None
    )
    assert (
        agent_like is None
        or agent_like.get("/api/v1/statistics/enforcement/", {"period": "2013"}).status_code == 403
    )


def test_complaint_statistics_come_from_complaint_records(make_user, api_client):
    from ipoffice.complaints.services import complaint_submit
    from ipoffice.complaints.tests.conftest import complaint_data
    from ipoffice.demo.people import demo_centers_load

    demo_centers_load()
    for channel in ("web", "web", "phone"):
        complaint_submit(channel=channel, data=complaint_data(), received_on=date(2024, 3, 1))
    body = (
        api_client(make_user("320000", Role.ANALYST))
        .get("/api/v1/statistics/complaints/", {"period": "2024"})
        .json()
    )
    figs = body["figures"]
    assert figs["complaints_received"]["value"] == 3
    assert (figs["channel_web"]["value"], figs["channel_phone"]["value"]) == (2, 1)


def test_cli_prints_a_table_or_the_same_json(records):
    out = io.StringIO()
    call_command("stats", "enforcement", "--period", "2013", "--office", "320100", stdout=out)
    text = out.getvalue()
    assert "cases_accepted" in text and "+20.0%" in text and "live" in text
    out = io.StringIO()
    call_command("stats", "enforcement", "--period", "2013", "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert body["office"] == "100000" and body["figures"]["cases_accepted"]["value"] == 25


def test_xlsx_layout_one_sheet_per_form_offices_as_rows_and_totals(records, make_user,
                                                                   api_client):  # fmt: skip
    response = api_client(make_user("320000", Role.SUPERVISOR)).get(
        "/api/v1/statistics/export/", {"period": "2013", "as": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Patent administrative",
        "12330 complaints and assistance",
        "Coordination between offices",
        "Requests received from other",
        "Special campaigns",
        "Enforcement staff training",
    ]
    sheet = workbook["Patent administrative"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Office code", "Office", "Cases accepted")
    assert sheet.freeze_panes == "C2"  # the header row and the office names stay in view
    cities = rows[1:14]
    assert len(cities) == 13 and cities[0][0] == "320100" and cities[0][2] == 12
    totals = rows[14]
    assert totals[:3] == ("320000", "Jiangsu Intellectual Property Office (total)", 18)
    assert sum(r[2] for r in cities) == 17  # the province's own case is in the total only
    assert rows[-1][0] == "Patent administrative enforcement · 2013 · live figures"
    csv_body = (
        api_client(make_user("320000", Role.SUPERVISOR))
        .get("/api/v1/statistics/export/", {"period": "2013", "as": "csv"})
        .content.decode("utf-8-sig")
    )
    assert csv_body.startswith("# 专利行政执法 · 2013 · 实时数据\r\n单位代码,单位,立案数,")


def test_shares_only_for_parts_of_the_whole_and_tables_only_of_reporting_offices(
    records, make_user, api_client
):
    from ipoffice.demo.people import demo_centers_load

    demo_centers_load()
    user = make_user("320000", Role.SUPERVISOR)
    figs = api_client(user).get("/api/v1/statistics/enforcement/",
                                {"period": "2013"}).json()["figures"]  # fmt: skip
    assert figs["passing_off_accepted"]["share_pct"] == 77.8  # 14 of 18
    assert figs["open_at_start"]["share_pct"] is None and figs["fines_total"]["share_pct"] is None
    body = api_client(user).get("/api/v1/statistics/export/", {"period": "2013", "as": "csv"})
    assert "320000-C1" not in body.content.decode("utf-8-sig")
    assert (
        api_client(user)
        .get("/api/v1/statistics/enforcement/", {"period": "2013", "basis": "bogus"})
        .status_code
        == 400
    )


def test_reports_of_a_form_need_permission_to_read_its_records(make_user, api_client):
    from ipoffice.demo.people import demo_centers_load
    from ipoffice.reporting.services import report_open

    demo_centers_load()
    report = report_open(actor=make_user("320000", Role.ANALYST), form="enforcement",
                         period="2013")  # fmt: skip
    agent = api_client(make_user("320000-C1", Role.AGENT))
    assert agent.get(f"/api/v1/reports/{report.pk}/").status_code in (403, 404)


def test_annual_paragraph_for_a_province_names_it_in_both_languages(records):
    from ipoffice.reporting.annual import build

    jiangsu = Office.objects.get(code="320000")
    en = build(jiangsu, 2013, "en").sections[0].paragraph
    assert en.startswith(
        "Throughout the year, Jiangsu Intellectual Property Office handled 18 "
        "patent cases of various types, increased by 80.0%"
    )
    zh = build(jiangsu, 2013, "zh-hans").sections[0].paragraph
    assert zh.startswith("全年江苏省知识产权局共处理各类专利案件18件，同比增长80.0%。其中")


def test_a_bad_year_is_explained(make_user, client):
    client.force_login(make_user("100000", Role.SUPERVISOR))
    annual = client.get("/reports/annual/", {"year": "12345"}, HTTP_ACCEPT_LANGUAGE="en")
    assert annual.status_code == 400 and "12345 is not a year" in annual.content.decode()
    assert client.get("/dashboard/", {"year": "0013"}).status_code == 400
