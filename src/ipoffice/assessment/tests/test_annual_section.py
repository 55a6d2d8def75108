"""The annual report's assessment section: its paragraph and the published rankings."""

from datetime import date

import pytest

from ipoffice.assessment.services import round_publish
from ipoffice.assessment.statistics import ASSESSMENT_SECTION
from ipoffice.assessment.tests.conftest import confirm_all
from ipoffice.offices.models import Office
from ipoffice.reporting.annual import build
from ipoffice.reporting.render import to_markdown

pytestmark = pytest.mark.django_db


def section(office_code, language, year=2013):
    report = build(Office.objects.get(code=office_code), year, language,
                   sections=[ASSESSMENT_SECTION])  # fmt: skip
    return report, report.sections[0]


def test_before_publication_the_section_says_so_and_lists_no_one(people, two_cities):
    _report, done = section("100000", "en")
    assert done.paragraph.startswith("No assessment results were published for 2013.")
    assert all(rows == [] for _grid, rows in done.grids)


def test_the_published_ranking_in_the_report_in_both_languages(people, two_cities, add_cases):
    confirm_all(people, two_cities)
    round_publish(actor=people["cn"], round_=two_cities)
    add_cases("320500", 9, accepted_on=date(2013, 12, 1))  # after publication: no change
    _report, done = section("100000", "en")
    assert "published for 2 municipal offices," in done.paragraph
    cities = {g.code: rows for g, rows in done.grids}["assessment_cities"]
    assert [(rank, name, float(total)) for rank, name, total, _c in cities] == [
        (1, "Suzhou Intellectual Property Office", 6.0),
        (2, "Nanjing Intellectual Property Office", 4.0),
    ]
    report, done = section("320000", "zh-hans")
    assert "考核对象为2 个市级知识产权局，" in done.paragraph
    markdown = to_markdown(report)
    assert "市级知识产权局排名" in markdown and "名次变化" in markdown
    # An office's own report lists the offices of its subtree only.
    _report, done = section("320100", "en")
    cities = {g.code: rows for g, rows in done.grids}["assessment_cities"]
    assert [name for _r, name, _t, _c in cities] == ["Nanjing Intellectual Property Office"]
