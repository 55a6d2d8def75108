"""`ipoffice demo` builds logins for every role and the 2012-2013 records whose figures are
exactly the published ones, checked through the JSON API and the CLI."""

import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from ipoffice.accounts.models import User
from ipoffice.accounts.roles import Role
from ipoffice.cases.models import Case, CasePatent
from ipoffice.complaints.models import Complaint
from ipoffice.offices.models import Office

pytestmark = pytest.mark.django_db


def test_demo_reproduces_2013_and_gives_a_login_per_role(client, api_client):
    out = StringIO()
    call_command("demo", stdout=out, stderr=StringIO())
    users = User.objects.select_related("office").prefetch_related("groups")
    levels = {(u.office.level, g.name) for u in users for g in u.groups.all()}
    for level in ("national", "provincial", "municipal"):
        for role in set(Role.values) - {Role.AGENT}:
            assert (level, role) in levels
    assert {("assistance_center", Role.AGENT), ("work_station", Role.AGENT)} <= levels
    assert "suzhou_officer" in out.getvalue() and "ipoffice-demo" in out.getvalue()
    # Through the login page, as a person would (and past the login protection).
    login = client.post("/login/", {"username": "suzhou_officer", "password": "ipoffice-demo"})
    assert login.status_code == 302 and client.get("/").status_code == 200
    token = client.post(
        "/api/v1/auth/token/", {"username": "cnipa_analyst", "password": "ipoffice-demo"}
    ).json()["token"]
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200

    analyst = User.objects.get(username="cnipa_analyst")
    body = (
        api_client(analyst)
        .get("/api/v1/statistics/enforcement/", {"period": "2013", "office": "100000"})
        .json()
    )
    figures = {
        code: (f["value"], f["previous"], f["change_pct"]) for code, f in body["figures"].items()
    }
    assert figures["cases_accepted"] == (16227, 9025, 79.8)
    assert figures["disputes_accepted"] == (5056, 2510, 101.4)
    assert figures["infringement_disputes_accepted"][:2] == (4684, 2232)
    assert figures["other_disputes_accepted"][:2] == (372, 278)
    assert figures["passing_off_accepted"] == (11171, 6515, 71.5)
    cli = StringIO()
    call_command("stats", "enforcement", "--period", "2013", "--json", stdout=cli)
    assert json.loads(cli.getvalue())["figures"]["cases_accepted"]["value"] == 16227

    patent_types = dict(
        CasePatent.objects.filter(
            case__accepted_on__year=2013,
            case__case_type__in=["infringement_dispute", "other_dispute"],
        )
        .values_list("patent_type")
        .annotate(n=Count("id"))
        .order_by()
    )
    assert patent_types == {"invention": 562, "utility_model": 1665, "design": 2829}
    provinces_2013 = Case.objects.filter(accepted_on__year=2013).values("office__path").distinct()
    assert len({row["office__path"][7:13] for row in provinces_2013}) == 31

    centers = Office.objects.filter(level="assistance_center")
    assert centers.count() == 78
    assert len({c.code[:2] for c in centers}) == 31
    channels = set(
        Complaint.objects.filter(received_on__year=2013).values_list("channel", flat=True)
    )
    assert channels == {"phone", "web", "walk_in", "letter", "email", "work_station", "e_commerce"}
    assert Case.objects.filter(accepted_on__year__gte=2025).exists()  # the recent demo cases

    report = StringIO()
    call_command("report", "annual", "--year", "2013", "--format", "md", "--language", "en",
                 stdout=report)  # fmt: skip
    assert (
        "Throughout the year, 16,227 patent cases of various types were handled, increased "
        "by 79.8% compared with the previous year. Among these cases, 5,056 were patent "
        "disputes (including 4,684 patent infringement disputes), increased by 101.4% "
        "compared with the previous year"
    ) in report.getvalue()
    zh = StringIO()
    call_command("report", "annual", "--year", "2013", "--format", "md", stdout=zh)
    assert "全年共处理各类专利案件16,227件，同比增长79.8%" in zh.getvalue()
    assert "78家知识产权维权援助中心" in zh.getvalue()
    client.force_login(analyst)
    page = client.get("/reports/annual/", {"year": "2013"}, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "16,227 patent cases" in html
    assert (
        'href="/statistics/drilldown/?form=enforcement&amp;period=2013&amp;office=100000'
        '&amp;figure=cases_accepted"' in html
    )
    pdf = client.get("/reports/annual/", {"year": "2013", "format": "pdf"})
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 5000
    from openpyxl import load_workbook

    xlsx = client.get("/reports/annual/", {"year": "2013", "format": "xlsx"},
                      HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[:8] == [
        "Annual report 2013", "Patent administrative", "Cases accepted by month",
        "Cases accepted by office below", "Disputes by patent type",
        "12330 complaints and assistance", "Coordination between offices",
        "Requests received from other",
    ]  # fmt: skip
    assert {"Special campaigns", "Enforcement staff training"} <= set(book.sheetnames)
    summary = [str(r[1]) for r in book["Annual report 2013"].iter_rows(values_only=True)]
    assert any("Convoy 2013: " in line and "(target 5,000)" in line for line in summary)
    assert [r[1] for r in book["Patent administrative"].iter_rows(values_only=True)][1] == 16227
    assert book["Cases accepted by office below"].max_row == 32  # the header and 31 provinces

    cases = Case.objects.count()
    call_command("demo", stdout=StringIO(), stderr=StringIO())  # again: nothing is added
    assert Case.objects.count() == cases and User.objects.count() == users.count()
    call_command("history", "verify", stdout=StringIO())  # bulk-written history is chained
