"""`ipoffice import-cases` reads offices' own spreadsheets: Chinese or English column names
and labels, Chinese dates, GBK/GB 18030 or UTF-8 CSV, XLSX with Excel dates."""

import io
from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from ipoffice.cases.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    """The command speaks the site language, Chinese by default."""
    with translation.override("zh-hans"):
        yield


# As a municipal office keeps its register (and as Excel on Chinese Windows saves it).
HEADER = (
    "案号,单位代码,案件类型,案件来源,立案日期,收到日期,结案日期,结案方式,罚款,专利号,"
    "请求人,被请求人,电子商务"
)
ROWS = [
    "苏宁知执〔2013〕1号,320100,侵权纠纷,请求或投诉,2013年5月6日,2013/5/2,2013年9月30日,"
    "侵权成立,,ZL200310100002.X、200320100002.5,某科技公司,某商贸公司,否",
    "苏宁知执〔2013〕2号,320100,假冒专利,举报,2013-06-03,2013-06-01,2013.7.1,行政处罚,"
    '"50,000",,,某网店,是',
]


def run(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import-cases", str(path), stdout=out, stderr=err)
    return out.getvalue()


def check_the_two_cases():
    dispute = Case.objects.get(case_number="苏宁知执〔2013〕1号")
    assert (dispute.case_type, dispute.source, dispute.outcome) == (
        "infringement_dispute", "complaint", "infringement_found"
    )  # fmt: skip
    assert (dispute.filed_on, dispute.accepted_on, dispute.closed_on) == (
        date(2013, 5, 2), date(2013, 5, 6), date(2013, 9, 30)
    )  # fmt: skip
    assert sorted(dispute.patents.values_list("application_number", flat=True)) == [
        "200310100002.X", "200320100002.5"
    ]  # fmt: skip
    penalty = Case.objects.get(case_number="苏宁知执〔2013〕2号")
    assert (penalty.case_type, penalty.fine_amount, penalty.e_commerce) == (
        "passing_off", 50000, True
    )  # fmt: skip


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_a_chinese_register_imports_in_any_of_its_encodings(encoding, tmp_path):
    path = tmp_path / "台账.csv"
    path.write_bytes("\r\n".join([HEADER, *ROWS, ""]).encode(encoding))
    assert run(path).startswith("导入 2 件案件")
    check_the_two_cases()


def test_an_xlsx_register_with_excel_dates_imports(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    first = ROWS[0].split(",")
    first[4], first[5] = datetime(2013, 5, 6), 41396  # a date cell; a date left as a number
    sheet.append(first)
    second = ["苏宁知执〔2013〕2号", 320100, "Passing off patents", "Report",
              date(2013, 6, 3), "2013-06-01", "2013年7月1日", "Penalty decision", 50000,
              None, None, "某网店", "Yes"]  # fmt: skip
    sheet.append(second)
    sheet.append([None] * 13)  # the empty rows a spreadsheet keeps at its end
    book.save(tmp_path / "register.xlsx")
    assert run(tmp_path / "register.xlsx").startswith("导入 2 件案件")
    check_the_two_cases()


def test_problems_name_the_row_and_the_column_as_the_file_does_in_chinese(tmp_path):
    path = tmp_path / "台账.csv"
    bad = ROWS[1].replace("假冒专利", "盗窃").replace("2013-06-03", "6/3/2013")
    path.write_bytes("\r\n".join([HEADER, ROWS[0], bad]).encode("gbk"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 行有问题，未导入任何数据"):
        call_command("import-cases", str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue()
    assert (
        "第 3 行“案件类型”列：盗窃 不在可选值中：专利侵权纠纷、其他专利纠纷（调解）、假冒专利"
        in lines
    )
    assert "第 3 行“立案日期”列：6/3/2013 不是日期，应写作 2013-05-06 或 2013年5月6日" in lines
    assert not Case.objects.exists()


def test_a_file_without_case_numbers_says_which_column_is_missing(tmp_path):
    path = tmp_path / "台账.csv"
    path.write_text("编号X,单位代码\nA-1,320100\n", encoding="utf-8")
    with pytest.raises(CommandError, match="文件中没有“案号”列"):
        run(path)
