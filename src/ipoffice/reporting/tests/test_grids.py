"""Sections that show grids (tables of rows that no report form's figures make, such as a
ranking of offices) and sections without a form: on the page, in the Markdown, the XLSX
and the PDF, in Chinese and English, and what is said when a year has no rows."""

import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.utils.functional import lazy
from django.utils.translation import get_language
from openpyxl import load_workbook

from ipoffice.accounts.roles import Role
from ipoffice.common.exports import Cell, text_of
from ipoffice.common.statistics import (
    DASHBOARD,
    REPORT,
    Grid,
    GridColumn,
    Section,
    Sentence,
    Tile,
    section_register,
    section_unregister,
)
from ipoffice.common.tests.browser import ARGS, CHROMIUM, needs_browser
from ipoffice.offices.models import Office
from ipoffice.reporting.annual import build
from ipoffice.reporting.render import pdf_widths, to_markdown, to_pdf

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs pdftotext (Debian's poppler-utils)"
)


def _pick(en, zh):
    return zh if (get_language() or "").startswith("zh") else en


# Messages in both languages without catalogue entries: what a gettext_lazy message of the
# app would give, resolved in the language the report is written in.
both = lazy(_pick, str)

LABELS = {
    "zh-hans": ["名次", "单位", "得分", "同比", "名次变化", "件数", "备注"],
    "en": ["Rank", "Office", "Score", "Change", "Places", "Records", "Note"],
}
NAMES = {"zh-hans": "考核排名", "en": "Assessment ranking"}
TITLES = {"zh-hans": "执法工作考核", "en": "Enforcement assessment"}
EMPTY = {"zh-hans": "本年度没有公布考核结果。", "en": "No results published for this year."}


def ranking(office, period):
    """What the assessment app's selector would give: the offices below, ranked."""
    if period.start.year != 2013:
        return []
    nanjing, wuxi, xuzhou = Office.objects.filter(parent=office).order_by("code")[:3]
    return [
        (1, nanjing.name, Decimal("92.75"), 3.5, 2, 1234, "A|B"),
        (2, wuxi.name, Decimal("88.5"), -1.2, -1, 0, None),
        (3, xuzhou.name, None, None, 0, None, ""),
    ]


def _ranked(office, period):
    return {"ranked": len(ranking(office, period))}


GRID = Grid(
    "ranking",
    both(NAMES["en"], NAMES["zh-hans"]),
    tuple(
        GridColumn(name, both(en, zh), kind)
        for name, en, zh, kind in zip(
            ("rank", "office", "score", "change", "places", "records", "note"),
            LABELS["en"],
            LABELS["zh-hans"],
            (Cell.INT, Cell.TEXT, Cell.POINTS, Cell.CHANGE, Cell.RANK_CHANGE, Cell.INT, Cell.TEXT),
            strict=True,
        )
    ),
    ranking,
    empty=both(EMPTY["en"], EMPTY["zh-hans"]),
)


@pytest.fixture
def assessment():
    section = section_register(
        Section(
            "test_ranking",
            "",
            both(TITLES["en"], TITLES["zh-hans"]),
            paragraph=(
                Sentence(
                    both(
                        "%(office)s ranked %(ranked)s offices.",
                        "%(office)s对%(ranked)s个单位进行了考核。",
                    )
                ),
            ),
            yearly_facts=_ranked,
            grids=(GRID,),
            permission="cases.view_case",
            order=15,
        )
    )
    yield section
    section_unregister(section.code)


def _get(client, language, **query):
    response = client.get("/reports/annual/", query, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content[:300]
    return response


def _part(html, title):
    """The HTML of one section: from its heading to the next section's."""
    start = html.index(f"<h2>{title}</h2>")
    end = html.find("<h2>", start + 1)
    return html[start : end if end > 0 else len(html)]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_section_without_a_form_shows_its_grid_on_the_page(
    assessment, make_user, client, language
):
    client.force_login(make_user("320000", Role.SUPERVISOR))
    html = _get(client, language, year="2013").content.decode()
    part = _part(html, TITLES[language])
    jiangsu = Office.objects.get(code="320000")
    nanjing = Office.objects.get(code="320100")
    with_name = (jiangsu.name_zh if language == "zh-hans" else jiangsu.name_en) + (
        "对3个单位进行了考核。" if language == "zh-hans" else " ranked 3 offices."
    )
    assert with_name in part  # the paragraph, from the section's facts
    assert "drilldown" not in part and part.count("<table") == 1  # no table of figures
    assert f">{NAMES[language]}</h3>" in part
    headers = re.findall(r'<th scope="col"( class="n")?>([^<]*)</th>', part)
    assert [label for _n, label in headers] == LABELS[language]
    assert [bool(n) for n, _label in headers] == [True, False, True, True, True, True, False]
    cells = [re.findall(r"<td( class=\"n\")?>([^<]*)</td>", row) for row in
             re.findall(r"<tr>(<td.*?)</tr>", part)]  # fmt: skip
    name = nanjing.name_zh if language == "zh-hans" else nanjing.name_en
    assert [text for _n, text in cells[0]] == ["1", name, "92.75", "+3.5%", "▲2", "1,234", "A|B"]
    assert [text for _n, text in cells[1]][2:6] == ["88.5", "-1.2%", "▼1", "0"]
    assert [text for _n, text in cells[2]][2:] == ["—", "—", "0", "—", "—"]
    assert cells[0][2][0] and not cells[0][1][0]  # numbers right-aligned, names not


def test_a_grid_with_no_rows_says_so_in_every_format(assessment, make_user, client, tmp_path):
    client.force_login(make_user("320000", Role.SUPERVISOR))
    part = _part(_get(client, "en", year="2012").content.decode(), TITLES["en"])
    assert f'<p class="hint">{EMPTY["en"]}</p>' in part and "<table" not in part
    report = build(Office.objects.get(code="320000"), 2012, "zh-hans")
    markdown = to_markdown(report)
    assert f"### {NAMES['zh-hans']}\n\n{EMPTY['zh-hans']}\n" in markdown
    book = load_workbook(io.BytesIO(_get(client, "en", year="2012", format="xlsx").content))
    rows = list(book[NAMES["en"]].iter_rows(values_only=True))
    assert rows == [tuple(LABELS["en"]), (None,) * 7, (EMPTY["en"], *(None,) * 6)]
    if shutil.which("pdftotext"):
        assert EMPTY["zh-hans"] in _pdf_text(to_pdf(report), tmp_path)


def test_a_grid_without_an_empty_sentence_is_left_out_when_it_has_no_rows(make_user, client):
    quiet = Grid("quiet", both("Quiet grid", "无行表格"), GRID.columns, lambda o, p: [])
    section = section_register(
        Section("quiet", "", both("Quiet", "无行"), grids=(quiet,), permission="cases.view_case")
    )
    try:
        report = build(Office.objects.get(code="320000"), 2013, "en")
        assert "## Quiet" in to_markdown(report) and "Quiet grid" not in to_markdown(report)
        client.force_login(make_user("320000", Role.SUPERVISOR))
        html = _get(client, "en", year="2013").content.decode()
        assert "<h2>Quiet</h2>" in html and "Quiet grid" not in html
    finally:
        section_unregister(section.code)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_markdown_has_the_grid_as_a_pipe_table(assessment, language):
    report = build(Office.objects.get(code="320000"), 2013, language)
    markdown = to_markdown(report)
    section = markdown[markdown.index(f"## {TITLES[language]}") :]
    section = section[: section.index("\n## ", 3)]
    assert "| 指标 |" not in section and "| Figure |" not in section  # no table of figures
    lines = section[section.index(f"### {NAMES[language]}") :].splitlines()
    assert lines[2] == f"| {' | '.join(LABELS[language])} |"
    assert lines[3] == "|---:|---|---:|---:|---:|---:|---|"
    assert lines[4].endswith("| 92.75 | +3.5% | ▲2 | 1,234 | A\\|B |")  # a pipe stays text
    assert lines[6].endswith("| — | — | 0 | — | — |")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_xlsx_has_a_sheet_per_grid_with_typed_cells(assessment, make_user, client, language):
    client.force_login(make_user("320000", Role.SUPERVISOR))
    book = load_workbook(io.BytesIO(_get(client, language, year="2013", format="xlsx").content))
    names = book.sheetnames
    assert TITLES[language] not in names  # no sheet of figures for a section without a form
    assert NAMES[language] in names
    # After the enforcement section's sheets, before the complaints section's.
    complaints = (
        "12330 举报投诉与维权援助" if language == "zh-hans" else "12330 complaints and assistance"
    )
    assert names.index(NAMES[language]) == names.index(complaints) - 1
    summary = [row[0] for row in book.worksheets[0].iter_rows(values_only=True)]
    assert TITLES[language] in summary
    sheet = book[NAMES[language]]
    assert [c.value for c in sheet[1]] == LABELS[language]
    assert sheet.freeze_panes == "A2" and sheet[1][0].font.bold
    first, second, third = sheet[2], sheet[3], sheet[4]
    assert [c.value for c in first] == [1, Office.objects.get(code="320100").name_zh
                                        if language == "zh-hans" else
                                        Office.objects.get(code="320100").name_en,
                                        92.75, 3.5, 2, 1234, "A|B"]  # fmt: skip
    assert [c.data_type for c in first] == ["n", "s", "n", "n", "n", "n", "s"]
    assert first[2].number_format == "#,##0.0#" and first[3].number_format.startswith('+0.0"%"')
    assert first[4].number_format == '"▲"0;"▼"0;0' and first[5].number_format == "#,##0"
    assert [c.value for c in second][2:6] == [88.5, -1.2, -1, 0]
    assert [c.value for c in third][2:] == [None, None, 0, None, None]  # empty, not "—"
    assert sheet.column_dimensions["B"].width >= 12


def _pdf_text(pdf, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout  # fmt: skip
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


@needs_poppler
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_pdf_prints_the_grid(assessment, make_user, client, language, tmp_path):
    client.force_login(make_user("320000", Role.SUPERVISOR))
    pdf = _get(client, language, year="2013", format="pdf").content
    text = _pdf_text(pdf, tmp_path)
    assert TITLES[language] in text and NAMES[language] in text
    nanjing = Office.objects.get(code="320100")
    name = nanjing.name_zh if language == "zh-hans" else nanjing.name_en
    row = next(line for line in text.splitlines() if line.startswith("1 "))
    assert row.replace(" ", "") == f"1{name}92.75+3.5%▲21,234A|B".replace(" ", "")
    assert "88.5 -1.2% ▼1 0 —" in text
    assert "指标 2013 2012 同比" not in text.split(TITLES[language])[1].split("12330")[0]


def test_a_grid_of_many_rows_repeats_its_header_on_every_page(tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (Debian's poppler-utils)")
    offices = list(Office.objects.filter(parent__code="100000").order_by("code"))
    long_name = "一个名称很长的单位用来检查中文在表格单元格里是否会自动换行而不越出边界"

    def many(office, period):
        return [(n, f"{o.name}{long_name}", Decimal(n) / 3, n, n % 3 - 1, n * 100, o.code)
                for n, o in enumerate(offices * 3, start=1)]  # fmt: skip

    section = section_register(
        Section(
            "many",
            "",
            both("Many rows", "多行"),
            grids=(Grid("many", both("Many rows", "多行表格"), GRID.columns, many),),
            permission="cases.view_case",
        )
    )
    try:
        pdf = to_pdf(build(Office.objects.get(code="100000"), 2013, "zh-hans"))
    finally:
        section_unregister(section.code)
    path = tmp_path / "many.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout  # fmt: skip
    pages = [page for page in text.split("\f") if re.search(r" \d{6}$", page, re.M)]
    assert len(pages) >= 3  # 93 rows with wrapped names run over pages
    assert all(re.search(r"单位\s+得分\s+同比\s+名次变化", page) for page in pages)  # the header
    assert "自动换行" in text  # the long name is wrapped, not cut


def test_each_format_writes_a_value_as_its_kind():
    assert [text_of(Cell.POINTS, v) for v in (Decimal("85"), 85.5, 85.254)] == [
        "85.0", "85.5", "85.25",
    ]  # fmt: skip
    assert [text_of(Cell.RANK_CHANGE, v) for v in (2, -1, 0)] == ["+2", "-1", "0"]


def test_a_user_who_may_not_read_the_section_does_not_see_it(assessment, make_user, client):
    from ipoffice.demo.people import demo_centers_load

    demo_centers_load()
    client.force_login(make_user("320100-C1", Role.AGENT))  # complaints only
    html = _get(client, "en", year="2013").content.decode()
    assert TITLES["en"] not in html and "12330 complaints and assistance" in html
    client.force_login(make_user("320000", Role.SUPERVISOR))
    assert client.get("/dashboard/", {"year": "2013"}).status_code == 200


def test_a_section_refuses_what_it_cannot_show():
    with pytest.raises(ValueError, match="needs a permission"):
        Section("x", "", both("X", "X"), grids=(GRID,))
    with pytest.raises(ValueError, match="no figures to show"):
        Section("x", "", both("X", "X"), table=("cases_accepted",), permission="cases.view_case")
    with pytest.raises(ValueError, match="no figures to show"):
        Section("x", "", both("X", "X"), tiles=(Tile("cases_accepted"),), permission="p.q")
    with pytest.raises(ValueError, match="form's permission"):
        Section("x", "enforcement", both("X", "X"), permission="cases.view_case")
    with pytest.raises(ValueError, match="annual report only"):
        Section("x", "enforcement", both("X", "X"),
                grids=(Grid("g", both("G", "G"), GRID.columns, ranking,
                            shown=REPORT | {DASHBOARD}),))  # fmt: skip


def test_a_row_that_does_not_fit_the_columns_fails_loudly():
    short = Grid("short", both("Short", "短"), GRID.columns, lambda o, p: [(1, "only two")])
    section = section_register(
        Section("short", "", both("S", "S"), grids=(short,), permission="cases.view_case")
    )
    try:
        with pytest.raises(ValueError, match="grid short: a row of 2 values for 7 columns"):
            build(Office.objects.get(code="320000"), 2013, "en")
    finally:
        section_unregister(section.code)


@needs_browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_page_aligns_a_grid_s_numbers_right_and_its_text_left(
    assessment, make_user, live_server
):
    from playwright.sync_api import sync_playwright

    from ipoffice.accounts.tests.factories import TEST_PASSWORD

    user = make_user("320000", Role.SUPERVISOR)
    numbers = ["right", "left", "right", "right", "right", "right", "left"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", TEST_PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{live_server.url}/reports/annual/?year=2013")
        table = page.locator('table[aria-labelledby="test_ranking-ranking"]')
        aligned = "cells => cells.map(c => getComputedStyle(c).textAlign)"
        assert table.locator("thead th").evaluate_all(aligned) == numbers
        assert table.locator("tbody tr").first.locator("td").evaluate_all(aligned) == numbers
        # The table of figures above aligns its numbers the same way.
        figures = page.locator("table.list").first.locator("tbody tr").first.locator("td")
        assert figures.evaluate_all(aligned) == ["left", "right", "right", "right"]
        browser.close()


def test_pdf_columns_share_the_page_width():
    numeric = [True, False, True, False]
    # All fits: numbers keep their width, the text columns fill the page in proportion.
    assert pdf_widths([20, 50, 30, 100], numeric, 350, least=60) == [20, 100, 30, 200]
    # Too long: each text column keeps up to 60, the longer one takes what is left.
    assert pdf_widths([20, 40, 30, 1000], numeric, 400, least=60) == [20, 40, 30, 310]
    # Numbers wider than the page: everything narrower, in proportion.
    assert pdf_widths([300, 10, 300, 10], numeric, 310, least=60) == [150, 5, 150, 5]
