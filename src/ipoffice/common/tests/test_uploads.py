"""Uploads are judged by their bytes, not their names (docs/security.md#uploads)."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ipoffice.common.errors import ApplicationError
from ipoffice.common.uploads import NAME_MAX, check_upload, upload_name

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


def xlsx() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def ofd() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD/>")
        archive.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "stored"),
    [
        ("证据.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("shot.jpeg", JPEG, "image/jpeg"),
        ("台账.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("公文.ofd", ofd(), "application/ofd"),
        ("说明.txt", "第一行\n第二行".encode(), "text/plain"),
        ("说明-gbk.txt", "投诉说明，商场销售仿冒台灯。".encode("gb18030"), "text/plain"),
    ],
)
def test_real_documents_are_accepted_with_their_sniffed_type(name, content, stored):
    assert check_upload(upload(name, content)) == stored


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("image.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("polyglot.pdf", PDF + b"<html><body><script>alert(1)</script>"),
        ("polyglot.png", PNG + b"<script>alert(1)</script>"),
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 60),
        ("tool.png", b"\x7fELF" + b"\x00" * 60),
        ("photo.jpg", PNG),  # a real image, but not the type its name says
        ("notes.txt", PDF),
        ("notes.txt", b"<script>fetch('/api/v1/me/')</script>"),
        ("fake.xlsx", ofd()),
        ("zip.ofd", xlsx()),
    ],
)
def test_active_or_mislabelled_content_is_refused(name, content):
    with pytest.raises(ApplicationError) as refused:
        check_upload(upload(name, content), field="files")
    assert refused.value.field == "files"


def test_an_office_file_with_macros_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\x00" * 10)
    with pytest.raises(ApplicationError, match="macros"):
        check_upload(upload("with-macros.xlsx", out.getvalue()))


def test_names_are_normalised_and_shortened_keeping_the_extension():
    assert upload_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert upload_name("C:\\Users\\王\\证据.pdf") == "证据.pdf"
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in "evidence")  # full-width letters
    assert upload_name(fullwidth + "\x00\x1b.PDF") == "evidence.PDF"  # NFKC, no controls
    assert upload_name(".hidden.pdf") == "hidden.pdf"
    long = upload_name("证" * 300 + ".pdf")
    assert len(long) == NAME_MAX and long.endswith(".pdf")
    assert upload_name("") == "file"


def test_a_case_attachment_keeps_the_normalised_name_and_the_sniffed_type(
    make_user, api_client, db
):
    from ipoffice.accounts.roles import Role
    from ipoffice.cases.models import Attachment
    from ipoffice.cases.services import case_create
    from ipoffice.cases.tests.conftest import case_data

    officer = make_user("320100", Role.ENFORCEMENT_OFFICER)
    case = case_create(actor=officer, office=officer.office, data=case_data())
    name = "证" * 300 + ".pdf"
    response = api_client(officer).post(
        f"/api/v1/cases/{case.pk}/attachments/",
        {"kind": "evidence", "file": upload(name, PDF)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get()
    assert attachment.original_name == upload_name(name)
    assert attachment.original_name.endswith(".pdf")
    assert attachment.content_type == "application/pdf"
    html = api_client(officer).post(
        f"/api/v1/cases/{case.pk}/attachments/",
        {"kind": "evidence", "file": upload("x.pdf", b"<html><script>1</script>")},
        format="multipart",
    )
    assert html.status_code == 400 and html.json()["field"] == "file"
