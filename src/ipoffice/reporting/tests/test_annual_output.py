"""The annual report and the statistics as files: the XLSX as Excel tables, the PDF with its
font embedded, every province shown, and office names that are only ever text."""

import csv
import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ipoffice.accounts.roles import Role
from ipoffice.common import pdf
from ipoffice.offices.models import Office, OfficeLevel

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://evil.example/","点击查看")'
MARKUP = "<b>南京</b>市知识产权局 & <font size=40>"
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs pdftotext (Debian's poppler-utils)"
)


@pytest.fixture
def year_2013(add_cases):
    add_cases("320100", 6, accepted_on=date(2013, 3, 4))
    add_cases("320500", 2, accepted_on=date(2013, 4, 1), fine_amount=None)
    add_cases("440300", 3, accepted_on=date(2013, 5, 8))
    add_cases("320100", 2, accepted_on=date(2012, 5, 2))


def rename(code, name):
    Office.objects.filter(code=code).update(name_zh=name, name_en=name)


def download(client, path, **query):
    response = client.get(path, query, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content


def pdf_pages(pdf, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout  # fmt: skip
    return [[" ".join(line.split()) for line in page.splitlines() if line.strip()]
            for page in text.split("\f") if page.strip()]  # fmt: skip


def test_an_office_named_like_a_formula_stays_text_in_every_file(year_2013, make_user,
                                                                  api_client, client):  # fmt: skip
    rename("320100", LINK)
    supervisor = make_user("320000", Role.SUPERVISOR)
    api = api_client(supervisor)
    book = load_workbook(io.BytesIO(download(api, "/api/v1/statistics/export/", period="2013",
                                             **{"as": "xlsx"})))  # fmt: skip
    names = {c.value: c for c in book["专利行政执法"]["B"]}
    assert names[LINK].data_type == "s"  # a string cell, not a formula
    csv_text = download(api, "/api/v1/statistics/export/", period="2013", **{"as": "csv"})
    cells = [c for row in csv.reader(io.StringIO(csv_text.decode("utf-8-sig"))) for c in row]
    assert "'" + LINK in cells and LINK not in cells  # shown by a spreadsheet, never run

    client.force_login(supervisor)
    annual = load_workbook(io.BytesIO(download(client, "/reports/annual/", year="2013",
                                               format="xlsx")))  # fmt: skip
    offices = annual["下级各单位立案数"]
    cell = next(c for c in offices["B"] if c.value == LINK)
    assert cell.data_type == "s"
    rename("320000", LINK)
    summary = load_workbook(io.BytesIO(download(client, "/reports/annual/", year="2013",
                                                format="xlsx"))).worksheets[0]  # fmt: skip
    assert all(c.data_type != "f" for row in summary.iter_rows() for c in row)


def test_the_annual_xlsx_is_a_set_of_excel_tables(year_2013, make_user, client):
    client.force_login(make_user("320000", Role.SUPERVISOR))
    book = load_workbook(io.BytesIO(download(client, "/reports/annual/", year="2013",
                                             format="xlsx")))  # fmt: skip
    assert book.sheetnames == [
        "年度报告 2013", "专利行政执法", "各月立案数", "下级各单位立案数", "纠纷案件涉及专利类型",
        "12330 举报投诉与维权援助", "执法协作", "收到其他局的请求",
        "专项行动", "各下级机关专项行动受理案件", "执法人员培训", "各下级机关培训人·学时",
        # The assessment's grids (a section without a form has no figure sheet).
        "省级知识产权局排名", "市级知识产权局排名", "维权援助中心排名",
    ]  # fmt: skip
    complaints = book["12330 举报投诉与维权援助"]
    assert [c.value for c in complaints[1]] == ["指标", "2013", "2012", "同比"]
    enforcement = book["专利行政执法"]
    assert enforcement.freeze_panes == "B2" and enforcement.column_dimensions["A"].width == 40
    accepted = enforcement["A2":"D2"][0]
    assert [c.value for c in accepted] == ["立案数", 8, 2, 300.0]
    assert accepted[1].number_format == "#,##0" and accepted[3].data_type == "n"  # not "+300.0%"
    assert accepted[3].number_format.startswith('+0.0"%"')
    fines = next(r for r in enforcement.iter_rows() if r[0].value == "罚款金额（元）")
    assert fines[1].number_format == "#,##0.00"
    offices = book["下级各单位立案数"]
    assert [c.value for c in offices[1]] == ["单位代码", "单位", "立案数", "占比"]
    cities = Office.objects.filter(parent__code="320000", level=OfficeLevel.MUNICIPAL)
    assert offices.max_row == 1 + cities.count()


def test_the_annual_pdf_embeds_its_font_and_prints_markup_in_names_as_text(
    year_2013, make_user, client, tmp_path
):
    rename("320000", MARKUP)
    client.force_login(make_user("320000", Role.SUPERVISOR))
    pdf = download(client, "/reports/annual/", year="2013", format="pdf")
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf  # a TrueType font, embedded
    assert re.search(rb"/BaseFont /[A-Z]{6}\+", pdf)  # ... as a subset
    for unembedded in (b"STSong", b"/Helvetica", b"/Times-Roman"):
        assert unembedded not in pdf
    if shutil.which("pdftotext"):
        assert MARKUP in " ".join(" ".join(page) for page in pdf_pages(pdf, tmp_path))


@needs_poppler
def test_the_national_pdf_breaks_down_by_every_province_with_no_header_left_alone(
    year_2013, make_user, client, tmp_path
):
    client.force_login(make_user("100000", Role.SUPERVISOR))
    pages = pdf_pages(download(client, "/reports/annual/", year="2013", format="pdf"), tmp_path)
    text = "\n".join(line for page in pages for line in page)
    provinces = Office.objects.filter(level=OfficeLevel.PROVINCIAL)
    assert provinces.count() == 31
    assert all(p.name_zh in text for p in provinces)  # Tibet with 0 cases too
    assert "江苏省知识产权局 8 72.7%" in text  # largest first, with its share
    headers = {"指标20132012同比", "单位立案数占比", "指标2013"}
    headings = {"专利行政执法", "各单位立案数", "各月立案数", "12330举报投诉与维权援助"}
    for number, page in enumerate(pages, start=1):
        assert page[-1].replace(" ", "") == f"第{number}页"
        last = page[-2].replace(" ", "")
        assert last not in headers | headings, f"page {number} ends with {page[-2]}"
        rows_continue = number > 1 and re.match(r"\S+知识产权局 \d", page[0])
        assert not rows_continue, f"page {number} continues a table without its header"


def test_the_annual_page_and_the_dashboard_show_all_31_provinces(year_2013, make_user, client):
    client.force_login(make_user("100000", Role.SUPERVISOR))
    tibet = Office.objects.get(code="540000").name_zh
    for page in ("/reports/annual/", "/dashboard/"):
        html = client.get(page, {"year": "2013"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        chart = html[html.index("各单位立案数") :]
        chart = chart[: chart.index("</figure>")]
        assert chart.count("<rect") == 31, page
        assert tibet in chart, page


def test_without_a_chinese_font_the_pdf_says_what_to_install(settings, monkeypatch):

    settings.IPOFFICE_PDF_FONT = None
    monkeypatch.setattr(pdf, "PDF_FONTS", (Path("/nonexistent/font.ttc"),))
    with pytest.raises(pdf.FontMissing, match="install the package fonts-wqy-microhei"):
        pdf.pdf_font_file()
    assert pdf.FontMissing.status == 503
