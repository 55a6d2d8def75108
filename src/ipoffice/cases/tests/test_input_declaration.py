"""The case input is declared once: the page, the API and the import refuse alike, with
the limits of the model."""

import csv
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ipoffice.cases.api import CaseCreateSerializer, CaseUpdateSerializer
from ipoffice.cases.forms import CaseForm, StepForm
from ipoffice.cases.inputs import CASE_INPUT
from ipoffice.cases.models import Case, Party
from ipoffice.cases.tests.conftest import COMPANY, INVENTION
from ipoffice.cases.transfer import COLUMNS
from ipoffice.common.inputs import Kind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("campaigns")]

TITLE_LIMIT = Case._meta.get_field("title").max_length
TOO_LONG_TITLE = "专" * (TITLE_LIMIT + 1)

PAGE = {
    "case_type": "infringement_dispute",
    "source": "complaint",
    "filed_on": "2024-03-01",
    "campaign": "护航2024",
    "e_commerce": "on",
    "patent_numbers": INVENTION,
    "requester_kind": "organisation",
    "requester_name": "南京某科技有限公司",
    "requester_id": COMPANY,
    "respondent_kind": "organisation",
    "respondent_name": "某商场",
}


def page_errors(html, field):
    return re.findall(rf'id="id_{field}-error"[^>]*>([^<]*)<', html)


def import_errors(tmp_path, **row):
    path = tmp_path / "cases.csv"
    values = {"case_number": "苏宁知执〔2013〕1号", "office_code": "320100", **PAGE,
              "e_commerce": "true", "filed_on": "2013-03-01", **row}  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, *row], extrasaction="ignore")
        writer.writeheader()
        writer.writerow(values)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-cases", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def test_a_too_long_title_gets_the_same_message_everywhere(
    officer, client, api_client, new_case, tmp_path, settings
):
    expected = f"At most {TITLE_LIMIT} characters."
    client.force_login(officer)
    page = client.post(reverse("case-create"), {**PAGE, "title": TOO_LONG_TITLE},
                       HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert page_errors(page.content.decode(), "title") == [expected]

    api = api_client(officer)
    created = api.post("/api/v1/cases/", {**PAGE, "e_commerce": True, "title": TOO_LONG_TITLE,
                                          "patent_numbers": [INVENTION]}, format="json",
                       HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert created.status_code == 400
    assert created.json() == {"detail": expected, "field": "title", "errors": {"title": [expected]}}

    case = new_case(title="台灯外观设计侵权")
    patched = api.patch(f"/api/v1/cases/{case.pk}/", {"title": TOO_LONG_TITLE}, format="json",
                        HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert patched.status_code == 400
    assert patched.json() == {"detail": expected, "field": "title", "errors": {"title": [expected]}}
    case.refresh_from_db()
    assert case.title == "台灯外观设计侵权"

    settings.LANGUAGE_CODE = "en"  # commands speak the site language
    assert f"row 2, column title: {expected}" in import_errors(tmp_path, title=TOO_LONG_TITLE)
    assert Case.objects.count() == 1


def test_patching_a_too_long_campaign_is_refused_in_the_users_language(
    officer, api_client, new_case
):
    case = new_case()
    limit = CASE_INPUT["campaign"].limit
    response = api_client(officer).patch(
        f"/api/v1/cases/{case.pk}/",
        {"campaign": "护" * (limit + 1), "reason": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"campaign": [f"最多 {limit} 个字符。"]}
    assert not case.events.filter(action="update").exists()


def test_the_api_names_field_and_case_problems_at_once(officer, api_client):
    response = api_client(officer).post("/api/v1/cases/", {
        "case_type": "infringement_dispute", "source": "complaint", "filed_on": "2024-03-01",
        "title": TOO_LONG_TITLE, "industry": "fishing", "respondent_name": "某公司",
    }, format="json", HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["title"] == [f"At most {TITLE_LIMIT} characters."]
    assert errors["industry"][0].startswith("fishing is not one of: livelihood, ")
    assert errors["requester_name"] == ["This field is required."]
    assert errors["patent_numbers"] == ["A dispute concerns at least one patent."]


def test_a_refused_page_keeps_what_was_typed_and_names_every_problem(officer, client):
    client.force_login(officer)
    typed = {**PAGE, "title": TOO_LONG_TITLE, "respondent_name": "", "illegal_gains": "-5"}
    html = client.post(reverse("case-create"), typed, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page_errors(html, "title") == [f"At most {TITLE_LIMIT} characters."]
    assert page_errors(html, "respondent_name") == ["This field is required."]
    assert page_errors(html, "illegal_gains") == ["An amount is zero or more, in yuan and fen."]
    assert f'value="{TOO_LONG_TITLE}"' in html
    assert 'value="护航2024"' in html and 'value="-5"' in html
    assert f'value="{INVENTION}"' in html and 'value="2024-03-01"' in html
    assert re.search(r'name="e_commerce"[^>]*checked', html)
    assert '<option value="infringement_dispute" selected>' in html
    assert not Case.objects.exists()


def test_a_body_that_is_not_an_object_is_refused(officer, api_client):
    response = api_client(officer).post("/api/v1/cases/", [PAGE], format="json")
    assert response.status_code == 400 and response.json()["field"] == "non_field_errors"


def test_amounts_stay_within_the_column(officer, api_client):
    whole = Case._meta.get_field("illegal_gains").max_digits - 2
    response = api_client(officer).post("/api/v1/cases/", {
        **PAGE, "case_type": "passing_off", "patent_numbers": [], "requester_name": "",
        "requester_id": "", "illegal_gains": "1" + "0" * whole,
    }, format="json", HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "illegal_gains": [f"At most {whole} digits before the decimal point."]
    }


def test_limits_and_choices_follow_the_model():
    create, update, form = CaseCreateSerializer(), CaseUpdateSerializer(), CaseForm()
    texts = [f for f in CASE_INPUT.fields if f.kind == Kind.TEXT and f.model is not None]
    assert {f.name for f in texts} >= {"title", "campaign", "requester_name", "respondent_name"}
    for spec in texts:
        column = spec.model._meta.get_field(spec.column or spec.name)
        # The column's size, or for a text column (description) the declared limit.
        limit = column.max_length or spec.max_length
        assert limit, spec.name
        if spec.name in create.fields:
            assert create.fields[spec.name].max_length == limit, spec.name
            assert form.fields[spec.name].widget.attrs.get("maxlength") == str(limit), spec.name
        if spec.name in update.fields:
            assert update.fields[spec.name].max_length == limit, spec.name
    assert dict(create.fields["industry"].choices) == dict(Case._meta.get_field("industry").choices)
    assert dict(create.fields["respondent_kind"].choices) == dict(
        Party._meta.get_field("kind").choices
    )
    assert set(update.fields) == {
        "campaign",
        "industry",
        "e_commerce",
        "foreign_related",
        "title",
        "description",
        "reason",
    }


@pytest.mark.parametrize(("field", "limit"), [("title", 200), ("campaign", 100)])
def test_patching_a_too_long_text_is_a_400_naming_it(new_case, officer, api_client, field,
                                                      limit):  # fmt: skip
    url = f"/api/v1/cases/{new_case().pk}/"
    response = api_client(officer).patch(url, {field: "长" * (limit + 1)}, format="json",
                                         HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["errors"][field] == [f"At most {limit} characters."]


def test_a_too_long_reason_on_a_page_is_refused_not_stored(new_case, officer, client, advance):
    case = advance(new_case(), "accept")
    client.force_login(officer)
    response = client.post(reverse("case-extension", args=[case.pk]),
                           {"extension-days": "5", "extension-reason": "长" * 2001},
                           HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 400
    assert "At most 2000 characters." in response.content.decode()
    assert "长" * 2001 in response.content.decode()  # what was typed stays
    assert not case.extension_requests.exists()
    assert "note" in StepForm({"step-step": "inspection", "step-note": "x" * 2001}).errors
