"""Intake on every channel, the receipt, and the public look-up."""

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role
from ipoffice.complaints.intake import new_secret, platform_token_hash
from ipoffice.complaints.models import Complaint, ComplaintEvent, Platform
from ipoffice.complaints.tests.conftest import complaint_data

pytestmark = pytest.mark.django_db


def test_public_api_intake_answers_tracking_number_and_code(centers, api_client):
    response = api_client(None).post("/api/v1/public/complaints/", complaint_data(),
                                     format="json")  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    complaint = Complaint.objects.get(tracking_number=body["tracking_number"])
    assert (complaint.channel, complaint.center.code) == ("web", "320100-C1")
    assert len(body["verification_code"]) == 8
    assert body["verification_code"] not in complaint.code_hash  # kept only as a hash
    assert complaint.complainant.phone == "13912345678"
    assert [p.application_number for p in complaint.patents.all()] == ["200330100002.0"]


def test_public_api_names_every_bad_field(centers, api_client):
    response = api_client(None).post("/api/v1/public/complaints/", complaint_data(
        patent_numbers=["200330100002.1"], name="", phone="", email="", city_code="440300",
        kind="consultation"), format="json")  # fmt: skip
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"patent_numbers", "name", "phone", "city_code"}
    assert not Complaint.objects.exists()


def test_anonymous_only_for_reports_of_passing_off(submit):
    complaint, _code = submit(kind="passing_off_report", anonymous=True, name="", phone="")
    assert complaint.anonymous and complaint.complainant.name == ""
    from ipoffice.common.errors import InvalidInput

    with pytest.raises(InvalidInput) as error:
        submit(anonymous=True)
    assert "anonymous" in error.value.errors


def test_platform_submits_takedown_requests_with_its_token(centers, api_client):
    token = new_secret(32)
    platform = Platform.objects.create(name="某电商平台", token_hash=platform_token_hash(token))
    client = api_client(None)
    data = complaint_data(kind="takedown_request",
                          listing_urls=["https://shop.example.cn/item/123"])  # fmt: skip
    response = client.post("/api/v1/public/complaints/", data, format="json",
                           HTTP_AUTHORIZATION=f"Platform {token}")  # fmt: skip
    assert response.status_code == 201
    complaint = Complaint.objects.get(tracking_number=response.json()["tracking_number"])
    assert (complaint.channel, complaint.platform) == ("e_commerce", platform)
    bad = client.post("/api/v1/public/complaints/", data, format="json",
                      HTTP_AUTHORIZATION="Platform wrong")  # fmt: skip
    assert bad.status_code == 401


@pytest.mark.parametrize("channel", ["phone", "walk_in", "letter", "email", "work_station"])
def test_agents_record_complaints_from_every_channel(agent, api_client, channel):
    data = {**complaint_data(), "channel": channel, "received_on": "2024-03-01"}
    response = api_client(agent).post("/api/v1/complaints/", data, format="json")
    assert response.status_code == 201
    complaint = Complaint.objects.get(tracking_number=response.json()["tracking_number"])
    assert complaint.channel == channel
    event = ComplaintEvent.objects.get(complaint=complaint)
    assert (event.action, event.actor) == ("submit", agent)


def test_officers_cannot_record_complaints(make_user, centers, api_client):
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER)
    data = {**complaint_data(), "channel": "phone"}
    assert api_client(officer).post("/api/v1/complaints/", data,
                                     format="json").status_code == 403  # fmt: skip


def test_public_page_files_a_complaint_and_shows_the_receipt(centers, client):
    page = client.get(reverse("public-submit"), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "12330" in page.content.decode() and 'for="id_subject"' in page.content.decode()
    form = {k: v for k, v in complaint_data().items() if k != "patent_numbers"}
    response = client.post(reverse("public-submit"), {**form, "patent_numbers": "ZL200330100002.0"})
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    complaint = Complaint.objects.get()
    assert complaint.tracking_number in receipt and "data-print" in receipt


def test_public_page_shows_errors_beside_fields(centers, client):
    response = client.post(reverse("public-submit"), {**complaint_data(), "subject": "",
                                                      "patent_numbers": "123"})  # fmt: skip
    html = response.content.decode()
    assert 'id="id_subject_error"' in html and 'id="id_patent_numbers_error"' in html
    assert not Complaint.objects.exists()


def test_honeypot_refuses_bots(centers, client):
    response = client.post(
        reverse("public-submit"), {**complaint_data(), "website": "spam"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200 and "automated" in response.content.decode()
    assert not Complaint.objects.exists()


def test_tracking_right_code_wrong_code_and_unknown_number(submit, api_client, client):
    complaint, code = submit()
    api = api_client(None)
    url = f"/api/v1/public/complaints/{complaint.tracking_number}/"
    ok = api.get(url, {"code": code}, HTTP_ACCEPT_LANGUAGE="en")
    assert ok.status_code == 200
    assert ok.json()["status"] == "received" and ok.json()["history"][0]["action"] == "Received"
    wrong = api.get(url, {"code": "WRONGCOD"})
    unknown = api.get("/api/v1/public/complaints/20240101-ZZZZZZ/", {"code": code})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert "complainant" not in ok.json() and "王小明" not in ok.content.decode()
    page = client.post(reverse("public-track"), {"tracking_number": complaint.tracking_number,
                                                "code": code.lower()})  # fmt: skip
    assert 'id="status-text"' in page.content.decode()
    miss = client.post(reverse("public-track"), {"tracking_number": complaint.tracking_number,
                                                "code": "WRONGCOD"})  # fmt: skip
    assert 'id="status-text"' not in miss.content.decode()


def test_public_endpoints_are_rate_limited(centers, api_client, client, monkeypatch):
    from ipoffice.complaints.api import LookupThrottle, SubmitThrottle

    monkeypatch.setattr(SubmitThrottle, "rate", "2/hour", raising=False)
    monkeypatch.setattr(LookupThrottle, "rate", "2/hour", raising=False)
    api = api_client(None)
    codes = [api.post("/api/v1/public/complaints/", complaint_data(), format="json").status_code
             for _ in range(3)]  # fmt: skip
    assert codes == [201, 201, 429]
    assert "Retry-After" in api.post("/api/v1/public/complaints/", complaint_data(),
                                     format="json")  # fmt: skip
    assert Complaint.objects.count() == 2
    page = client.post(reverse("public-submit"), complaint_data())
    assert page.status_code == 429 and "12330" in page.content.decode()
    lookups = [api.get("/api/v1/public/complaints/X/", {"code": "Y"}).status_code
               for _ in range(3)]  # fmt: skip
    assert lookups == [404, 404, 429]


def test_uploads_are_limited_by_type_and_count(centers, api_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = api_client(None)
    data = {**complaint_data(), "files": [SimpleUploadedFile("x.exe", b"MZ")]}
    data.pop("patent_numbers")
    response = api.post("/api/v1/public/complaints/", data, format="multipart")
    assert response.status_code == 400 and response.json()["field"] == "files"
    pdfs = [SimpleUploadedFile(f"e{i}.pdf", b"%PDF") for i in range(6)]
    response = api.post("/api/v1/public/complaints/", {**data, "files": pdfs}, format="multipart")
    assert response.status_code == 400
    fresh = [SimpleUploadedFile(f"f{i}.pdf", b"%PDF") for i in range(2)]
    ok = api.post("/api/v1/public/complaints/", {**data, "files": fresh}, format="multipart")
    assert ok.status_code == 201
    assert Complaint.objects.get().attachments.count() == 2


def test_forged_forwarded_for_headers_do_not_dodge_the_limit(centers, api_client, monkeypatch):
    from ipoffice.complaints.api import SubmitThrottle

    monkeypatch.setattr(SubmitThrottle, "rate", "2/hour", raising=False)
    api = api_client(None)
    codes = [
        api.post(
            "/api/v1/public/complaints/",
            complaint_data(),
            format="json",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        ).status_code
        for n in range(3)
    ]
    assert codes == [201, 201, 429]


def test_a_malformed_listing_address_is_a_field_error(centers, api_client):
    response = api_client(None).post("/api/v1/public/complaints/", complaint_data(
        kind="takedown_request", listing_urls=["http://[::1"]), format="json")  # fmt: skip
    assert response.status_code == 400 and "listing_urls" in response.json()["errors"]


def test_long_values_and_a_center_as_city_are_refused(centers, api_client):
    response = api_client(None).post(
        "/api/v1/public/complaints/",
        complaint_data(name="王" * 101, respondent_name="某" * 201, city_code="320100-C1"),
        format="json",
    )
    assert set(response.json()["errors"]) == {"name", "respondent_name", "city_code"}


def test_agents_intake_page_with_a_date_stays_with_the_recording_unit(agent, client, make_user):
    station = make_user("320500-W1", Role.AGENT)
    client.force_login(station)
    form = {k: v for k, v in complaint_data().items() if k != "patent_numbers"}
    response = client.post(
        reverse("complaint-intake"), {**form, "channel": "walk_in", "received_on": "2024-03-01"}
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.center.code, complaint.received_on.isoformat()) == ("320500-W1", "2024-03-01")
    suzhou_center = make_user("320500-C1", Role.AGENT)  # the unit above sees who filed it
    detail = api_client_for(suzhou_center).get(f"/api/v1/complaints/{complaint.pk}/").json()
    assert detail["complainant"]["phone"] == "13912345678"


def api_client_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_agents_cannot_pick_public_channels_or_future_dates(agent, api_client):
    api = api_client(agent)
    web = api.post("/api/v1/complaints/", {**complaint_data(), "channel": "web"}, format="json")
    assert web.status_code == 400 and web.json()["field"] == "channel"
    future = api.post(
        "/api/v1/complaints/",
        {**complaint_data(), "channel": "phone", "received_on": "2999-01-01"},
        format="json",
    )
    assert future.status_code == 400 and future.json()["field"] == "received_on"


def test_platforms_may_leave_out_the_kind(centers, api_client):
    token = new_secret(32)
    Platform.objects.create(name="平台", token_hash=platform_token_hash(token))
    data = complaint_data(listing_urls=["https://shop.example.cn/1"])
    data.pop("kind")
    response = api_client(None).post("/api/v1/public/complaints/", data, format="json",
                                     HTTP_AUTHORIZATION=f"Platform {token}")  # fmt: skip
    assert response.status_code == 201
    assert Complaint.objects.get().kind == "takedown_request"


def test_the_code_is_shown_once_and_kept_out_of_urls(centers, client):
    response = client.post(reverse("public-submit"), {**complaint_data(), "patent_numbers": ""})
    receipt = client.get(response["Location"]).content.decode()
    complaint = Complaint.objects.get()
    assert "code=" not in receipt
    again = client.get(response["Location"])
    assert again.status_code == 302  # the receipt, with its code, is gone
    assert complaint.tracking_number not in client.get(reverse("public-track")).content.decode()


def test_public_history_hides_internal_routing_notes(submit, api_client):
    complaint, code = submit()
    body = api_client(None).get(f"/api/v1/public/complaints/{complaint.tracking_number}/",
                                {"code": code}).json()  # fmt: skip
    assert body["history"][0]["note"] == ""
