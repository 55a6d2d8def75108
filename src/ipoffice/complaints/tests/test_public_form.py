"""The public form as a complainant meets it: places by name, cities by province, one
message per problem that says what to do, telephone checked, fitting input types."""

import re

import pytest
from django.urls import reverse

from ipoffice.complaints.models import Complaint
from ipoffice.complaints.tests.conftest import complaint_data

pytestmark = pytest.mark.django_db

FIELDS = ["kind", "subject", "description", "province_code", "city_code", "patent_numbers",
          "respondent_name", "respondent_code", "listing_urls", "name", "phone", "email",
          "address", "website"]  # fmt: skip


def errors(html):
    return re.findall(r'id="id_(\w+)_error" role="alert">([^<]*)<', html)


def post(client, **data):
    form = {**dict.fromkeys(FIELDS, ""), **data}
    return client.post(reverse("public-submit"), form, HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_provinces_are_places_and_cities_are_grouped_by_province(centers, client):
    html = client.get(reverse("public-submit"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    province = re.search(r'<select name="province_code".*?</select>', html, re.S).group()
    assert '<option value="320000">江苏省</option>' in province
    assert "知识产权局" not in province
    city = re.search(r'<select name="city_code".*?</select>', html, re.S).group()
    assert 'data-follows="id_province_code"' in city
    assert '<optgroup label="江苏省">' in city
    assert '<option value="320100" data-province="320000">南京市</option>' in city
    assert "知识产权局" not in city


def test_a_city_of_another_province_is_named_with_both_places(centers, client):
    html = post(client, **complaint_data(city_code="130100")).content.decode()
    assert ("city_code", "石家庄市不在江苏省。") in errors(html)
    assert "130100" not in dict(errors(html))["city_code"]


def test_each_problem_is_said_once_beside_its_field(centers, client):
    found = errors(post(client).content.decode())
    fields = [name for name, _message in found]
    assert len(fields) == len(set(fields))
    assert ("subject", "此项为必填项。") in found and ("province_code", "此项为必填项。") in found


def test_too_long_says_the_limit(centers, client):
    html = post(client, **complaint_data(description="长" * 5001)).content.decode()
    assert ("description", "最多 5000 个字符。") in errors(html)


@pytest.mark.parametrize("phone", ["abc", "1234", "139-1234-567"])
def test_a_telephone_that_is_none_is_refused(centers, client, phone):
    html = post(client, **complaint_data(phone=phone)).content.decode()
    assert dict(errors(html))["phone"].startswith(f"{phone} 不是电话号码")
    assert not Complaint.objects.exists()


def test_a_telephone_as_people_write_it_is_taken(centers, client):
    response = post(client, **complaint_data(phone="+86 139-1234-5678"))
    assert response.status_code == 302
    assert Complaint.objects.get().complainant.phone == "+86 139-1234-5678"


def test_inputs_have_their_types_and_required_fields_are_marked(centers, client):
    html = client.get(reverse("public-submit"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert re.search(r'<input type="tel" name="phone"', html)
    assert re.search(r'<input type="email" name="email"', html)
    assert re.search(r'<label for="id_name">您的姓名 <span class="required"', html)
    assert "标 * 的为必填项。" in html


def test_the_form_keeps_drafts_through_the_language_switch_without_inline_script(client):
    html = client.get(reverse("public-submit")).content.decode()
    assert "onchange" not in html and "<script>" not in html
    assert re.search(r"<form [^>]*data-keep", html)
    assert '<script src="/static/ipoffice/forms.js" defer></script>' in html
