"""Requests are bounded before anything parses them, and lists, files and text within the
declared limits (docs/security.md#input-limits)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ipoffice.complaints.models import Complaint
from ipoffice.complaints.tests.conftest import complaint_data

PUBLIC = "/api/v1/public/complaints/"


def test_a_json_body_over_the_limit_is_refused_before_it_is_parsed(client, settings):
    settings.IPOFFICE_MAX_BODY_BYTES = 2048
    body = json.dumps({"subject": "x" * 3000})
    response = client.post(PUBLIC, body, content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 413
    assert "2.0\xa0KB" in response.json()["detail"]
    assert "too large" in response.json()["detail"]
    # The length alone decides: a claimed 200 MB body is refused without being read.
    response = client.post(PUBLIC, "{}", content_type="application/json",
                           CONTENT_LENGTH=str(200 * 1024 * 1024))  # fmt: skip
    assert response.status_code == 413


def test_a_body_without_a_length_is_refused(client):
    response = client.post(PUBLIC, "{}", content_type="application/json",
                           HTTP_TRANSFER_ENCODING="chunked")  # fmt: skip
    assert response.status_code == 411


def test_a_page_form_over_the_limit_is_a_plain_413(client, settings):
    settings.IPOFFICE_MAX_BODY_BYTES = 2048
    body = "description=" + "x" * 3000
    response = client.post("/report/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain")


def test_multipart_fields_over_the_limit_are_refused(client, settings):
    """With files allowed the request may be larger, but its text fields may not."""
    settings.IPOFFICE_MAX_BODY_BYTES = 2048
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    response = client.post("/report/", {"description": "x" * 3000})
    assert response.status_code == 400


@pytest.mark.parametrize("field", ["listing_urls", "patent_numbers"])
def test_list_fields_are_capped(centers, api_client, settings, field):
    settings.IPOFFICE_MAX_LIST_ITEMS = 3
    values = {"listing_urls": [f"https://shop.example.cn/item/{i}" for i in range(4)],
              "patent_numbers": ["200330100002.0"] * 4}  # fmt: skip
    data = {**complaint_data(), field: values[field]}
    response = api_client(None).post(PUBLIC, data, format="json",
                                      HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"][field] == ["At most 3 entries."]
    assert not Complaint.objects.exists()


def test_the_schema_states_the_list_caps():
    from ipoffice.common.tests.test_openapi_contract import COMMITTED

    schema = json.loads(COMMITTED.read_text())
    submit = schema["components"]["schemas"]["Submit"]["properties"]
    assert submit["listing_urls"]["maxItems"] == 50
    assert submit["patent_numbers"]["items"]["maxLength"] == 500


def pdf(name: str, size: int = 10) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")


def test_files_per_submission_follow_the_setting(centers, api_client, settings):
    settings.IPOFFICE_UPLOAD_MAX_FILES = 2
    data = {**complaint_data(), "files": [pdf(f"e{i}.pdf") for i in range(3)]}
    response = api_client(None).post(PUBLIC, data, format="multipart")
    assert response.status_code == 400 and response.json()["field"] == "files"


def test_bytes_per_address_per_day_are_capped(centers, api_client, settings):
    settings.IPOFFICE_UPLOAD_DAILY_BYTES = 3000
    api = api_client(None)
    first = api.post(PUBLIC, {**complaint_data(), "files": [pdf("a.pdf", 2000)]},
                     format="multipart", REMOTE_ADDR="10.1.1.1")  # fmt: skip
    assert first.status_code == 201
    second = api.post(PUBLIC, {**complaint_data(), "files": [pdf("b.pdf", 2000)]},
                      format="multipart", REMOTE_ADDR="10.1.1.1",
                      HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert second.status_code == 400 and second.json()["field"] == "files"
    assert "limit" in second.json()["detail"]
    elsewhere = api.post(PUBLIC, {**complaint_data(), "files": [pdf("c.pdf", 2000)]},
                         format="multipart", REMOTE_ADDR="10.1.1.2")  # fmt: skip
    assert elsewhere.status_code == 201
    # Without files the same address may still file.
    plain = api.post(PUBLIC, complaint_data(), format="json", REMOTE_ADDR="10.1.1.1")
    assert plain.status_code == 201


def test_the_public_page_counts_the_same_daily_bytes(centers, client, settings):
    settings.IPOFFICE_UPLOAD_DAILY_BYTES = 1000
    data = {**complaint_data(), "patent_numbers": "200330100002.0", "evidence": pdf("a.pdf", 2000)}
    response = client.post("/report/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200  # the form again, with the reason
    assert "limit for files" in response.content.decode()
    assert not Complaint.objects.exists()
