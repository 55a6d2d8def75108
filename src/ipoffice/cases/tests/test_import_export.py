"""`ipoffice import-cases` and the export in the same columns."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from ipoffice.cases.models import Case, CaseEvent, CasePatent
from ipoffice.cases.transfer import COLUMNS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("campaigns")]

GOOD = [
    {"case_number": "苏宁知执〔2013〕1号", "office_code": "320100",
     "case_type": "infringement_dispute", "source": "complaint", "campaign": "护航2013",
     "industry": "livelihood", "e_commerce": "false", "filed_on": "2013-03-01",
     "accepted_on": "2013-03-06", "closed_on": "2013-06-20", "outcome": "infringement_found",
     "patent_numbers": "ZL200310100002.X;200320100002.5", "requester_name": "某科技公司",
     "requester_id": "91110108551385082Q", "respondent_name": "张三",
     "respondent_id": "11010519491231002X"},
    {"case_number": "320500-2013-00007", "office_code": "320500", "case_type": "passing_off",
     "source": "e_commerce", "e_commerce": "true", "filed_on": "2013-05-02",
     "accepted_on": "2013-05-03", "closed_on": "2013-05-30", "outcome": "penalty_imposed",
     "fine_amount": "50000", "respondent_name": "某网店"},
    {"case_number": "open-1", "office_code": "440300", "case_type": "other_dispute",
     "dispute_subtype": "inventorship", "source": "complaint", "filed_on": "2013-11-11",
     "patent_numbers": "200310100002X", "requester_name": "李四", "respondent_name": "某公司"},
]  # fmt: skip


@pytest.fixture(autouse=True)
def english_messages(settings):
    # Commands speak the site language (Chinese by default); these tests read English.
    settings.LANGUAGE_CODE = "en"


def write_csv(path, rows, bom=False):
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, "legacy_note"])
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS} | {"legacy_note": "x"})
    return path


def test_a_clean_file_imports_every_case_with_its_status(tmp_path):
    out = io.StringIO()
    call_command("import-cases", str(write_csv(tmp_path / "cases.csv", GOOD, bom=True)),
                 stdout=out, stderr=io.StringIO())  # fmt: skip
    assert "3 cases imported" in out.getvalue()
    by_number = {c.case_number: c for c in Case.objects.all()}
    closed = by_number["苏宁知执〔2013〕1号"]
    assert (closed.status, closed.outcome, closed.year, closed.sequence) == (
        "closed",
        "infringement_found",
        2013,
        None,
    )
    assert sorted(CasePatent.objects.filter(case=closed).values_list("application_number",
                                                                     flat=True)) == [
        "200310100002.X", "200320100002.5"]  # fmt: skip
    assert by_number["320500-2013-00007"].fine_amount == 50000
    assert by_number["open-1"].status == "received"
    assert by_number["open-1"].due_on == date(2013, 11, 18)
    assert CaseEvent.objects.filter(action="import").count() == 3
    call_command("history", "verify", stdout=io.StringIO())  # the bulk writes are chained


def test_imported_own_numbers_are_never_handed_out_again(tmp_path, make_user):
    from ipoffice.cases.services import case_create
    from ipoffice.cases.tests.conftest import case_data

    call_command("import-cases", str(write_csv(tmp_path / "c.csv", GOOD)), stdout=io.StringIO(),
                 stderr=io.StringIO())  # fmt: skip
    officer = make_user("320500")
    created = case_create(actor=officer, office=officer.office,
                          data=case_data(filed_on=date(2013, 12, 2)))  # fmt: skip
    assert created.case_number == "320500-2013-00008"


def test_any_bad_row_means_nothing_is_imported_and_every_problem_is_listed(tmp_path):
    bad = [*GOOD,
           {**GOOD[0], "case_number": "x-2", "patent_numbers": "200310100002.5"},
           {**GOOD[1], "case_number": "x-3", "office_code": "999999", "fine_amount": "900000"},
           {**GOOD[2], "case_number": "x-4", "filed_on": "11/11/2013", "case_type": "theft"},
           GOOD[0]]  # fmt: skip
    err = io.StringIO()
    with pytest.raises(CommandError, match="4 rows have problems; nothing was imported"):
        call_command("import-cases", str(write_csv(tmp_path / "bad.csv", bad)),
                     stdout=io.StringIO(), stderr=err)  # fmt: skip
    report = err.getvalue()
    assert "row 5, column patent_numbers: 200310100002.5 has check character 5" in report
    assert "row 6, column office_code: No office has code 999999." in report
    assert (
        "row 6, column fine_amount: The fine exceeds the legal maximum of RMB 200,000.00." in report
    )
    assert (
        "row 7, column filed_on: 11/11/2013 is not a date such as 2013-05-06 or 2013年5月6日"
        in report
    )
    assert (
        "row 7, column case_type: theft is not one of: Patent infringement dispute, "
        "Other patent dispute (mediation), Passing off patents" in report
    )
    assert "row 8, column case_number: Same case number as row 2." in report
    assert Case.objects.count() == 0


def test_skip_invalid_imports_good_rows_and_writes_the_rejects(tmp_path):
    bad = [*GOOD, {**GOOD[0], "case_number": "x-2", "respondent_name": ""}]
    rejects = tmp_path / "rejects.csv"
    call_command("import-cases", str(write_csv(tmp_path / "c.csv", bad)), "--skip-invalid",
                 "--rejects", str(rejects), stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    assert Case.objects.count() == 3
    rows = list(csv.DictReader(rejects.open(encoding="utf-8-sig")))
    assert [(r["row"], r["column"], r["problem"], r["case number"]) for r in rows] == [
        ("5", "respondent_name", "This field is required.", "x-2")
    ]
    # Corrected, the rejects file imports as it is (its first three columns are ignored).
    header, line = list(csv.reader(rejects.open(encoding="utf-8-sig")))
    line[header.index("respondent")] = "某公司"
    with rejects.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, line])
    call_command("import-cases", str(rejects), stdout=io.StringIO(), stderr=io.StringIO())
    assert Case.objects.filter(case_number="x-2").exists()


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "c.csv", GOOD)
    call_command("import-cases", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    before = list(Case.objects.order_by("pk").values())
    out = io.StringIO()
    call_command("import-cases", str(path), stdout=out, stderr=io.StringIO())
    assert "0 cases imported, 3 already present" in out.getvalue()
    assert list(Case.objects.order_by("pk").values()) == before
    assert CaseEvent.objects.count() == 3


def test_xlsx_files_import_like_csv(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in GOOD:
        sheet.append([date.fromisoformat(row[c]) if c.endswith("_on") and row.get(c)
                      else row.get(c, "") for c in COLUMNS])  # fmt: skip
    workbook.save(tmp_path / "cases.xlsx")
    call_command("import-cases", str(tmp_path / "cases.xlsx"), stdout=io.StringIO(),
                 stderr=io.StringIO())  # fmt: skip
    assert Case.objects.count() == 3


def test_the_command_exits_non_zero_on_a_bad_file(tmp_path, capsys):
    from ipoffice.cli import main

    path = write_csv(tmp_path / "c.csv", [{**GOOD[0], "case_type": ""}])
    with pytest.raises(SystemExit) as exit_status:
        main(["import-cases", str(path)])
    assert exit_status.value.code == 1
    stderr = capsys.readouterr().err
    assert "row 2, column case_type: This field is required." in stderr
    assert "nothing was imported" in stderr


def test_the_export_masks_identity_numbers_for_readers_who_do_not_handle_the_case(
    tmp_path, make_user, api_client
):
    call_command("import-cases", str(write_csv(tmp_path / "c.csv", GOOD)), stdout=io.StringIO(),
                 stderr=io.StringIO())  # fmt: skip
    user = make_user("100000", "supervisor")
    response = api_client(user).get("/api/v1/cases/export/?as=xlsx&case_type=passing_off")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:2] == ("case number", "Office code")
    assert [r[0] for r in rows[1:]] == ["320500-2013-00007"]
    csv_body = b"".join(api_client(user).get("/api/v1/cases/export/?as=csv").streaming_content)
    exported = list(csv.DictReader(io.StringIO(csv_body.decode("utf-8-sig"))))
    assert len(exported) == 3
    masked = next(r for r in exported if r["case number"] == "苏宁知执〔2013〕1号")
    assert masked["respondent's credit code or ID number"] == "1101************2X"


def test_import_history_masks_identity_numbers_and_keeps_titles(tmp_path, make_user, api_client):
    rows = [{**GOOD[0], "title": "台灯外观设计侵权"}]
    path = tmp_path / "c.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, "title"])
        writer.writeheader()
        writer.writerow({c: rows[0].get(c, "") for c in [*COLUMNS, "title"]})
    call_command("import-cases", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    case = Case.objects.get()
    assert case.title == "台灯外观设计侵权"
    analyst = make_user("100000", "analyst")
    history = api_client(analyst).get(f"/api/v1/cases/{case.pk}/history/").content.decode()
    assert "11010519491231002X" not in history and "91110108551385082Q" not in history
    # An organisation's code shows masked; an individual's name and ID stay out of history
    # (kept for good and hash-chained), in the party row only, which can be anonymised.
    assert "9111************2Q" in history and "某科技公司" in history
    assert "1101************2X" not in history and "张三" not in history


def test_files_in_neither_utf8_nor_gb18030_are_refused_clearly(tmp_path):
    path = tmp_path / "big5.csv"
    path.write_bytes("案號,單位代碼,案件類型\n蘇寧知執1號,320100,侵權糾紛\n".encode("big5"))
    with pytest.raises(CommandError, match=r"big5\.csv is neither UTF-8 nor GB 18030 text"):
        call_command("import-cases", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_too_long_values_name_their_column(tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-cases", str(write_csv(tmp_path / "c.csv", [
            {**GOOD[0], "campaign": "护" * 101, "case_number": "x" * 61}])),
            stdout=io.StringIO(), stderr=err)  # fmt: skip
    assert "row 2, column campaign: At most 100 characters." in err.getvalue()
    assert "row 2, column case_number: At most 60 characters." in err.getvalue()
