"""The complaint input is declared once: the pages and the API refuse alike, with the
limits of the model."""

import re

import pytest
from django.urls import reverse

from ipoffice.common.inputs import Kind
from ipoffice.complaints.forms import AgentSubmitForm, SubmitForm
from ipoffice.complaints.inputs import COMPLAINT_INPUT
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.serializers import AgentSubmitSerializer, SubmitSerializer
from ipoffice.complaints.tests.conftest import complaint_data

pytestmark = pytest.mark.django_db

SUBJECT_LIMIT = Complaint._meta.get_field("subject").max_length


def page_errors(html, field):
    return re.findall(rf'id="id_{field}_error"[^>]*>([^<]*)<', html)


def test_a_too_long_subject_gets_the_same_message_on_the_page_and_the_api(centers, client,
                                                                         api_client):  # fmt: skip
    expected = f"At most {SUBJECT_LIMIT} characters."
    subject = "灯" * (SUBJECT_LIMIT + 1)
    form = {**complaint_data(subject=subject), "patent_numbers": "ZL200330100002.0"}
    page = client.post(reverse("public-submit"), form, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert page_errors(page.content.decode(), "subject") == [expected]
    response = api_client(None).post("/api/v1/public/complaints/", complaint_data(subject=subject),
                                     format="json", HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"] == {"subject": [expected]}
    assert not Complaint.objects.exists()


def test_the_public_page_keeps_what_was_typed(centers, client):
    typed = {**complaint_data(description="x" * 5001, email="not-an-address"),
             "patent_numbers": "ZL200330100002.0"}  # fmt: skip
    html = client.post(reverse("public-submit"), typed, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page_errors(html, "description") == ["At most 5000 characters."]
    assert page_errors(html, "email") == ["not-an-address is not an e-mail address."]
    assert 'value="仿冒我司外观设计的台灯"' in html and 'value="王小明"' in html
    assert 'value="ZL200330100002.0"' in html and "x" * 5001 in html
    assert '<option value="320100" data-province="320000" selected>' in html
    assert not Complaint.objects.exists()


def test_agents_see_every_problem_of_the_intake_page_at_once(agent, client):
    client.force_login(agent)
    typed = {**complaint_data(name="", phone="1" * 41), "patent_numbers": "123",
             "channel": "phone"}  # fmt: skip
    html = client.post(reverse("complaint-intake"), typed, HTTP_ACCEPT_LANGUAGE="en")
    html = html.content.decode()
    limit = COMPLAINT_INPUT["phone"].model_field.max_length
    assert page_errors(html, "phone") == [f"At most {limit} characters."]
    assert page_errors(html, "name") == ["This field is required."]
    assert len(page_errors(html, "patent_numbers")) == 1
    assert not Complaint.objects.exists()


def test_limits_follow_the_model(centers):
    serializers = [SubmitSerializer(), AgentSubmitSerializer()]
    forms = [SubmitForm(), AgentSubmitForm()]
    texts = [f for f in COMPLAINT_INPUT.fields if f.kind == Kind.TEXT and f.name != "description"]
    assert {f.name for f in texts} == {"subject", "respondent_name", "name", "phone", "email",
                                       "address"}  # fmt: skip
    for spec in texts:
        column = spec.model._meta.get_field(spec.name)
        for serializer in serializers:
            assert serializer.fields[spec.name].max_length == column.max_length, spec.name
        for form in forms:
            assert form.fields[spec.name].widget.attrs["maxlength"] == str(column.max_length)
    kinds = SubmitSerializer().fields["kind"]
    assert dict(kinds.choices) == dict(Complaint._meta.get_field("kind").choices)
    assert not kinds.required  # platforms leave it out
    assert SubmitForm().fields["kind"].required
