"""The complaint export as an agent opens it: Chinese headers and labels, typed cells."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ipoffice.common.exports import neutral

pytestmark = pytest.mark.django_db


def download(client, kind, language="zh-hans"):
    response = client.get(reverse("complaint-export"), {"as": kind}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_complaint_workbook_is_a_chinese_table_with_dates(submit, agent, client):
    submit(received_on=date(2024, 3, 1), subject='@SUM(1+1)*cmd|" /C calc"!A0')
    client.force_login(agent)
    book = load_workbook(io.BytesIO(download(client, "xlsx")))
    assert book.sheetnames == ["举报投诉"]  # not "cases"
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["查询编号", "类别", "渠道", "维权援助中心", "状态", "接收日期"]
    assert sheet.freeze_panes == "B2" and sheet.column_dimensions["A"].width == 20
    row = dict(zip(header, sheet[2], strict=True))
    assert row["类别"].value == "专利侵权投诉" and row["渠道"].value == "网络"
    received = row["接收日期"]
    assert received.is_date and received.value.date() == date(2024, 3, 1)
    assert row["标题"].data_type == "s" and row["标题"].value.startswith("@SUM")


def test_the_complaint_csv_neutralises_formula_like_text(submit, agent, client):
    for start in ("=", "+", "-", "@"):
        submit(subject=f"{start}1+2 台灯")
    client.force_login(agent)
    rows = list(csv.DictReader(io.StringIO(download(client, "csv").decode("utf-8-sig"))))
    assert sorted(r["标题"][:2] for r in rows) == sorted(["'=", "'+", "'-", "'@"])
    assert neutral("\tcmd") == "'\tcmd" and neutral("\r=1") == "'\r=1"  # intake trims these
    english = download(client, "csv", language="en").decode("utf-8-sig")
    assert english.startswith("tracking number,kind,channel,center,status,received on,")
