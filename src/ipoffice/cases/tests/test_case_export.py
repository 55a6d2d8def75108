"""The case export as a reader opens it in Excel, and as the import reads it back."""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from openpyxl import load_workbook

from ipoffice.accounts.roles import Role
from ipoffice.cases.columns import COLUMNS
from ipoffice.cases.models import Case
from ipoffice.cases.tests.test_import_export import GOOD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("campaigns")]


@pytest.fixture(autouse=True)
def chinese():
    """The command speaks the site language, Chinese by default."""
    with translation.override("zh-hans"):
        yield


NANJING = [
    {**GOOD[0], "title": "台灯外观设计侵权", "foreign_related": "true"},
    {**GOOD[1], "case_number": "320100-2013-00003", "office_code": "320100",
     "illegal_gains": "12,500.50", "fine_amount": "30000.5", "campaign": "+护航"},
    {**GOOD[2], "case_number": "open-1", "office_code": "320100", "accepted_on": "2013-11-12"},
    {**GOOD[0], "case_number": "苏宁知执〔2013〕2号", "outcome": "mediated",
     "requester_id": "", "respondent_id": "", "campaign": "=HYPERLINK(\"http://x/\",\"看\")"},
]  # fmt: skip


def load(tmp_path, rows, name="source.csv"):
    path = tmp_path / name
    names = list(dict.fromkeys(k for row in rows for k in [*COLUMNS, *row]))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names)
        writer.writeheader()
        writer.writerows(rows)
    call_command("import-cases", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def body(response):
    return b"".join(response.streaming_content)


def export(user, api_client, kind, language="zh-hans"):
    response = api_client(user).get(
        "/api/v1/cases/export/", {"as": kind}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    return body(response)


def test_the_xlsx_export_is_a_chinese_excel_table(tmp_path, make_user, api_client):
    load(tmp_path, NANJING)
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER)
    book = load_workbook(io.BytesIO(export(officer, api_client, "xlsx")))
    assert book.sheetnames == ["案件"]
    sheet = book["案件"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["案号", "单位代码", "单位", "案件类型", "纠纷子类", "案件来源"]
    assert "立案日期" in header and "罚款（元）" in header and "电子商务" in header
    assert sheet.freeze_panes == "B2"  # header row and case number stay in view
    assert sheet.column_dimensions["A"].width == 24
    rows = {r[0].value: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2)}
    penalty = rows["320100-2013-00003"]
    assert penalty["案件类型"].value == "假冒专利" and penalty["结案方式"].value == "作出处罚决定"
    assert penalty["电子商务"].value == "是" and penalty["涉外"].value == "否"
    accepted = penalty["立案日期"]
    assert accepted.is_date and accepted.value.date() == date(2013, 5, 3)
    assert accepted.number_format == 'yyyy"年"m"月"d"日"'
    fine = penalty["罚款（元）"]
    assert fine.data_type == "n" and fine.value == 30000.5 and fine.number_format == "#,##0.00"
    assert penalty["违法所得（元）"].value == 12500.5
    assert rows["open-1"]["状态"].value == "已立案"


def test_the_csv_export_speaks_the_readers_language(tmp_path, make_user, api_client):
    load(tmp_path, NANJING)
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER)
    raw = export(officer, api_client, "csv")
    assert raw.startswith("\ufeff案号,单位代码,单位,案件类型,".encode())  # UTF-8 with BOM
    rows = {r["案号"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}
    assert rows["320100-2013-00003"]["案件类型"] == "假冒专利"
    assert rows["320100-2013-00003"]["电子商务"] == "是"
    assert rows["320100-2013-00003"]["立案日期"] == "2013-05-03"
    assert rows["320100-2013-00003"]["罚款（元）"] == "30000.50"
    english = export(officer, api_client, "csv", language="en").decode("utf-8-sig")
    first = next(csv.DictReader(io.StringIO(english)))
    assert "case number" in first and first["e-commerce"] in ("Yes", "No")
    assert "Passing off patents" in english and "假冒专利" not in english


def test_formula_like_text_is_never_a_formula(tmp_path, make_user, api_client):
    load(tmp_path, NANJING)
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER)
    lines = export(officer, api_client, "csv").decode("utf-8-sig")
    assert ",'+护航," in lines and "'=HYPERLINK" in lines
    sheet = load_workbook(io.BytesIO(export(officer, api_client, "xlsx")))["案件"]
    header = [c.value for c in sheet[1]]
    campaigns = {r[0].value: r[header.index("专项行动")] for r in sheet.iter_rows(min_row=2)}
    link = campaigns["苏宁知执〔2013〕2号"]
    assert link.data_type == "s" and link.value == '=HYPERLINK("http://x/","看")'
    assert campaigns["320100-2013-00003"].value == "+护航"  # shown as typed, as text


def _records():
    """What a case is, beyond its database ids and timestamps."""
    out = []
    for case in Case.objects.order_by("case_number").prefetch_related("parties", "patents"):
        fields = {
            f.name: getattr(case, f.attname)
            for f in Case._meta.concrete_fields
            if f.name not in ("id", "created_at", "updated_at", "created_by")
        }
        fields["parties"] = sorted(
            (p.role, p.kind, p.name, p.id_number, p.address, p.contact) for p in case.parties.all()
        )
        fields["patents"] = sorted(p.application_number for p in case.patents.all())
        out.append(fields)
    return out


class _Undo(Exception):
    """Leaves the database as before the block: the export is imported into a fresh one."""


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_export_imports_back_as_the_same_cases(kind, tmp_path, make_user, api_client):
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER)
    try:
        with transaction.atomic():
            load(tmp_path, NANJING)
            before = _records()
            exported = tmp_path / f"export.{kind}"
            exported.write_bytes(export(officer, api_client, kind))
            raise _Undo
    except _Undo:
        pass
    assert not Case.objects.exists()
    out = io.StringIO()
    call_command("import-cases", str(exported), stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith("导入 4 件案件")
    assert _records() == before
