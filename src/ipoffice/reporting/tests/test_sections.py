"""The dashboard and the annual report are assembled from the sections the apps register:
a new one appears without any edit to reporting, and reporting names no form."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from ipoffice.accounts.roles import Role
from ipoffice.common.periods import period_between
from ipoffice.common.statistics import (
    BY_MONTH,
    Chart,
    Section,
    Sentence,
    Tile,
    registered_sections,
    section_register,
    section_unregister,
)
from ipoffice.demo.people import demo_centers_load
from ipoffice.offices.models import Office
from ipoffice.reporting.annual import build
from ipoffice.reporting.definitions import FORMS
from ipoffice.reporting.render import to_markdown, to_xlsx

pytestmark = pytest.mark.django_db
REPORTING = Path(__file__).resolve().parents[1]


@pytest.fixture
def assessment():
    """What a later app above reporting would register in its ready()."""
    section = section_register(
        Section(
            "test_section",
            "enforcement",
            gettext_lazy("Assessment of foreign-related enforcement"),
            paragraph=(
                Sentence(gettext_lazy("%(office)s took %(foreign_related_accepted)s such cases.")),
            ),
            table=("foreign_related_accepted",),
            tiles=(Tile("foreign_related_accepted"),),
            charts=(
                Chart(
                    "foreign_months",
                    gettext_lazy("Foreign-related cases by month"),
                    BY_MONTH,
                    ("foreign_related_accepted",),
                ),
            ),
            order=15,
        )
    )
    yield section
    section_unregister(section.code)


def test_a_registered_section_appears_on_the_dashboard_and_in_the_annual_report(
    assessment, add_cases, make_user, client
):
    add_cases("320100", 3, accepted_on=date(2013, 4, 2), foreign_related=True)
    add_cases("320100", 2, accepted_on=date(2013, 4, 9))
    client.force_login(make_user("320000", Role.SUPERVISOR))
    dashboard = client.get("/dashboard/", {"year": "2013"}, HTTP_ACCEPT_LANGUAGE="en")
    html = dashboard.content.decode()
    tile = re.search(r'data-figure="foreign_related_accepted">(\d+)<', html)
    assert tile and tile.group(1) == "3"
    assert "Foreign-related cases by month" in html and html.count('<svg class="chart"') == 4
    annual = client.get("/reports/annual/", {"year": "2013"}, HTTP_ACCEPT_LANGUAGE="en")
    html = annual.content.decode()
    sections = re.findall(r"<h2>([^<]+)</h2>", html)
    assert sections == [
        "Patent administrative enforcement",
        "Assessment of foreign-related enforcement",
        "12330 complaints and assistance",
        "Coordination between offices and authorities",
        "Requests received from other offices",
        "Special campaigns",
        "Enforcement staff training",
        "Performance assessment",
    ]
    assert "Jiangsu Intellectual Property Office took 3 such cases." in html
    assert "figure=foreign_related_accepted" in html
    report = build(Office.objects.get(code="320000"), 2013, "en")
    assert "## Assessment of foreign-related enforcement" in to_markdown(report)
    book = load_workbook(io.BytesIO(to_xlsx(report)))
    assert book.sheetnames == [
        "Annual report 2013", "Patent administrative", "Cases accepted by month",
        "Cases accepted by office below", "Disputes by patent type",
        "Assessment of foreign-related", "Foreign-related cases by month",
        "12330 complaints and assistance", "Coordination between offices",
        "Requests received from other", "Special campaigns", "Campaign cases accepted by",
        "Enforcement staff training", "Training person-hours by office",
        "Ranking of the provincial", "Ranking of the municipal", "Ranking of the assistance",
    ]  # fmt: skip
    months = list(book["Foreign-related cases by month"].iter_rows(values_only=True))
    assert months[0] == ("Month", "Foreign-related cases accepted") and months[4] == (4, 3)


def test_each_user_sees_the_sections_of_the_forms_they_may_read(add_cases, make_user, client):
    demo_centers_load()
    add_cases("320100", 2, accepted_on=date(2013, 4, 2))
    client.force_login(make_user("320100-C1", Role.AGENT))
    page = client.get("/dashboard/", {"year": "2013"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Overdue complaints now" in page
    assert "Cases accepted" not in page and "Overdue cases now" not in page
    annual = client.get("/reports/annual/", {"year": "2013"}, HTTP_ACCEPT_LANGUAGE="en")
    # Published assessment results are for every office: its section too.
    assert re.findall(r"<h2>([^<]+)</h2>", annual.content.decode()) == [
        "12330 complaints and assistance",
        "Performance assessment",
    ]
    nobody = make_user("320100", Role.ADMINISTRATOR)
    nobody.groups.clear()
    client.force_login(nobody)
    assert client.get("/dashboard/", {"year": "2013"}).status_code == 403
    assert client.get("/reports/annual/", {"year": "2013"}).status_code == 403
    assert client.get("/statistics/", {"period": "2013"}).status_code == 403


def test_no_module_of_reporting_names_a_form_or_a_section():
    codes = {*FORMS, *(s.code for s in registered_sections())}
    assert {"enforcement", "complaints"} <= codes
    sources = [
        p
        for p in (*REPORTING.rglob("*.py"), *(REPORTING.parent / "templates/reporting").glob("*"))
        if "tests" not in p.parts and "migrations" not in p.parts
    ]
    assert len(sources) > 20
    found = [
        f"{path.relative_to(REPORTING.parent)}: {code}"
        for path in sources
        for code in codes
        if re.search(rf"""["']{code}["']""", path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_a_run_of_days_is_a_year_quarter_or_month_when_it_is_one():
    assert period_between(date(2013, 1, 1), date(2013, 12, 31)).code == "2013"
    assert period_between(date(2013, 4, 1), date(2013, 6, 30)).code == "2013-Q2"
    assert period_between(date(2024, 2, 1), date(2024, 2, 29)).code == "2024-02"
    days = period_between(date(2024, 2, 29), date(2024, 3, 15))
    assert (days.kind, days.code) == ("range", "2024-02-29..2024-03-15")
    assert days.previous_year.code == "2023-02-28..2023-03-15"
    assert period_between(date(2013, 1, 1), date(2014, 12, 31)).kind == "range"
