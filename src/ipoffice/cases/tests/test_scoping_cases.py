"""A municipal officer cannot reach another city's case through the UI, the API or exports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ipoffice.accounts.roles import Role
from ipoffice.cases.models import Attachment, CaseEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("campaigns")]


@pytest.fixture
def suzhou_case(new_case, make_user):
    return new_case(actor=make_user("320500", username="sz_officer"),
                    respondent_name="苏州被请求人")  # fmt: skip


@pytest.fixture
def nanjing_case(new_case):
    return new_case(respondent_name="南京被请求人")


def test_api_list_detail_history_and_actions(officer, api_client, suzhou_case, nanjing_case):
    api = api_client(officer)
    ids = [row["id"] for row in api.get("/api/v1/cases/").json()["results"]]
    assert ids == [nanjing_case.pk]
    for url in [f"/api/v1/cases/{suzhou_case.pk}/", f"/api/v1/cases/{suzhou_case.pk}/history/"]:
        assert api.get(url).status_code == 404
    response = api.post(f"/api/v1/cases/{suzhou_case.pk}/transition/", {"transition": "accept"},
                        format="json")  # fmt: skip
    assert response.status_code == 404
    assert api.post(f"/api/v1/cases/{suzhou_case.pk}/steps/", {"step": "inspection"},
                    format="json").status_code == 404  # fmt: skip
    assert not CaseEvent.objects.filter(case=suzhou_case).exclude(action="create").exists()


def test_api_export_contains_only_own_cases(officer, api_client, suzhou_case, nanjing_case):
    body = b"".join(api_client(officer).get("/api/v1/cases/export/?as=csv").streaming_content)
    text = body.decode("utf-8-sig")
    assert nanjing_case.case_number in text and suzhou_case.case_number not in text


def test_ui_list_detail_export_and_actions(officer, client, suzhou_case, nanjing_case):
    client.force_login(officer)
    page = client.get(reverse("case-list")).content.decode()
    assert nanjing_case.case_number in page and suzhou_case.case_number not in page
    assert client.get(reverse("case-detail", args=[suzhou_case.pk])).status_code == 404
    export = b"".join(client.get(reverse("case-export") + "?as=csv").streaming_content)
    assert suzhou_case.case_number.encode() not in export
    response = client.post(reverse("case-transition", args=[suzhou_case.pk, "accept"]), {})
    assert response.status_code == 404
    upload = SimpleUploadedFile("e.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(reverse("case-attachment", args=[suzhou_case.pk]),
                           {"kind": "evidence", "file": upload})  # fmt: skip
    assert response.status_code == 404 and not Attachment.objects.exists()


def test_province_sees_its_cities_cases_but_cannot_act(make_user, api_client, suzhou_case,
                                                       nanjing_case):  # fmt: skip
    supervisor = make_user("320000", Role.OFFICE_HEAD)
    api = api_client(supervisor)
    assert api.get("/api/v1/cases/").json()["count"] == 2
    detail = api.get(f"/api/v1/cases/{suzhou_case.pk}/").json()
    assert detail["actions"] == []
    response = api.post(f"/api/v1/cases/{suzhou_case.pk}/transition/", {"transition": "accept"},
                        format="json")  # fmt: skip
    assert response.status_code == 403
    assert (
        api_client(make_user("440000", Role.SUPERVISOR))
        .get(f"/api/v1/cases/{suzhou_case.pk}/")
        .status_code
        == 404
    )


def test_identity_numbers_are_masked_except_for_handlers(officer, make_user, api_client,
                                                         nanjing_case):  # fmt: skip
    def respondent_id(user):
        parties = api_client(user).get(f"/api/v1/cases/{nanjing_case.pk}/").json()["parties"]
        return next(p["id_number"] for p in parties if p["role"] == "respondent")

    assert respondent_id(officer) == "11010519491231002X"
    assert respondent_id(make_user("320000", Role.SUPERVISOR)) == "1101************2X"
    assert respondent_id(make_user("320100", Role.ANALYST)) == "1101************2X"


def test_api_workflow_round_trip(officer, make_user, api_client, nanjing_case):
    api = api_client(officer)
    url = f"/api/v1/cases/{nanjing_case.pk}/"
    assert set(api.get(url).json()["actions"]) == {"accept", "refuse", "transfer"}
    refused = api.post(url + "transition/", {"transition": "publish_decision"}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "transition"
    accepted = api.post(url + "transition/", {"transition": "accept", "on": "2024-03-04"},
                        format="json")  # fmt: skip
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["due_on"] == "2024-06-04"
    head = api_client(make_user("320100", Role.OFFICE_HEAD))
    extended = head.post(url + "extension/", {"reason": "expert opinion"}, format="json")
    assert extended.json()["due_on"] == "2024-07-04" and extended.json()["extension_approved"]
    history = api.get(url + "history/").json()
    assert [e["action"] for e in history] == ["create", "accept", "approve_extension"]


def test_api_create_reports_field_errors(officer, api_client):
    response = api_client(officer).post("/api/v1/cases/", {
        "case_type": "infringement_dispute", "source": "complaint", "filed_on": "2024-03-01",
        "patent_numbers": ["200310100002.1"], "respondent_name": "某公司",
    }, format="json")  # fmt: skip
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"patent_numbers", "requester_name"}


def test_ui_form_shows_errors_beside_fields_and_creates(officer, client):
    client.force_login(officer)
    page = client.post(reverse("case-create"), {"case_type": "infringement_dispute",
                                                "source": "complaint", "filed_on": "2024-03-01",
                                                "patent_numbers": "200310100002.1",
                                                "requester_kind": "organisation",
                                                "respondent_kind": "organisation"})  # fmt: skip
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="id_patent_numbers-error"' in html and 'id="id_respondent_name-error"' in html
    created = client.post(reverse("case-create"), {
        "case_type": "passing_off", "source": "ex_officio", "filed_on": "2024-03-01",
        "requester_kind": "organisation", "respondent_kind": "organisation",
        "respondent_name": "某商场",
    })  # fmt: skip
    assert created.status_code == 302
    detail = client.get(created["Location"]).content.decode()
    assert "320100-2024-00001" in detail


def test_attachment_type_and_size_limits(officer, client, nanjing_case, settings):
    client.force_login(officer)
    url = reverse("case-attachment", args=[nanjing_case.pk])
    client.post(url, {"kind": "evidence",
                      "file": SimpleUploadedFile("virus.exe", b"MZ")})  # fmt: skip
    assert not Attachment.objects.exists()
    settings.IPOFFICE_UPLOAD_MAX_BYTES = 10
    client.post(url, {"kind": "evidence", "file": SimpleUploadedFile("big.pdf", b"%PDF-" * 3)})
    assert not Attachment.objects.exists()
    settings.IPOFFICE_UPLOAD_MAX_BYTES = 1024
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 4
    client.post(url, {"kind": "evidence", "file": SimpleUploadedFile("photo.jpg", jpeg)})
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.size, attachment.content_type) == (
        "evidence",
        8,
        "image/jpeg",
    )


def test_api_edit_records_before_after_and_reason(officer, make_user, api_client, nanjing_case):
    url = f"/api/v1/cases/{nanjing_case.pk}/"
    response = api_client(officer).patch(url, {"campaign": "护航2024", "reason": "added"},
                                         format="json")  # fmt: skip
    assert response.status_code == 200 and response.json()["campaign"] == "护航2024"
    event = CaseEvent.objects.filter(case=nanjing_case, action="update").get()
    assert (event.changes, event.reason, event.actor) == (
        {"campaign": ["", "护航2024"]},
        "added",
        officer,
    )
    other = api_client(make_user("320500")).patch(url, {"campaign": "x"}, format="json")
    assert other.status_code == 404
    analyst = api_client(make_user("320100", Role.ANALYST)).patch(url, {"campaign": "x"},
                                                                  format="json")  # fmt: skip
    assert analyst.status_code == 403
