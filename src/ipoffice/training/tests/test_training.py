"""Trainings: participants and person-hours per office, as pages, API and figures."""

from __future__ import annotations

import pytest
from django.test import Client

from ipoffice.accounts.roles import Role
from ipoffice.common.errors import InvalidInput
from ipoffice.common.periods import period_parse
from ipoffice.offices.models import Office
from ipoffice.reporting import figures
from ipoffice.reporting.definitions import FORMS
from ipoffice.training.services import training_create

pytestmark = pytest.mark.django_db


def _training(head, course: str, hours: int, participants: str, on: str = "2024-04-10"):
    data = {"course": course, "starts_on": on, "ends_on": on, "hours": str(hours),
            "participants": participants}  # fmt: skip
    return training_create(actor=head, data=data)


def test_training_hours_are_counted_per_office(make_user):
    head = make_user("320000", Role.OFFICE_HEAD)
    _training(head, "专利侵权判定实务", 16, "320100 10\n320500 5")
    _training(head, "假冒专利查处轮训", 8, "320100: 4", on="2024-09-02")
    _training(head, "2023年培训", 8, "320100 30", on="2023-05-02")
    year = period_parse("2024")
    nanjing = figures.compute(FORMS["training"], Office.objects.get(code="320100"), year)
    assert nanjing == {"trainings_attended": 2, "training_participants": 14,
                       "training_person_hours": 16 * 10 + 8 * 4}  # fmt: skip
    jiangsu = figures.compute(FORMS["training"], Office.objects.get(code="320000"), year)
    assert jiangsu["training_person_hours"] == 16 * 15 + 8 * 4
    client = Client()
    client.force_login(make_user("320500", Role.ANALYST))
    html = client.get("/training/", {"year": 2024}).content.decode()
    suzhou = '<td class="number">1</td><td class="number">5</td><td class="number">80</td>'
    assert suzhou in html  # one training, five people, 5 x 16 hours
    assert "专利侵权判定实务" not in html  # organised by the province, above Suzhou
    province = Client()
    province.force_login(make_user("320000", Role.ANALYST))
    found = province.get("/api/v1/trainings/", {"year": 2024}).json()
    assert sorted(t["course"] for t in found["results"]) == ["专利侵权判定实务", "假冒专利查处轮训"]


def test_a_bad_participants_line_names_the_field_and_keeps_what_was_typed(make_user):
    head = make_user("320100", Role.OFFICE_HEAD)
    with pytest.raises(InvalidInput) as refused:
        _training(head, "课程", 0, "320100 x\n330100 3")
    assert set(refused.value.errors) == {"hours", "participants"}
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(head)
    typed = {"course": "执法培训", "starts_on": "2024-04-10", "ends_on": "2024-04-11",
             "hours": "12", "participants": "320100 十二"}  # fmt: skip
    html = client.post("/training/new/", typed).content.decode()
    assert "320100 十二：请写管理机关代码和人数，例如 320100 12。" in html
    assert 'value="执法培训"' in html  # what was typed is kept
    typed.update(participants="320100 12", rotating="on")
    response = client.post("/training/new/", typed)
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "144" in detail and "南京" in detail
