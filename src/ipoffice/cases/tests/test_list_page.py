"""The case list: sortable columns, the title and parties, offices picked by name."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role

pytestmark = pytest.mark.django_db


def _order(page: str, *numbers: str) -> list[str]:
    return sorted(numbers, key=page.index)


def test_columns_sort_both_ways_and_the_api_too(new_case, officer, client, api_client):
    early = new_case(filed_on=date(2024, 1, 5), title="甲")
    late = new_case(filed_on=date(2024, 2, 5), title="乙")
    client.force_login(officer)
    ascending = client.get(reverse("case-list"), {"sort": "filed_on"}).content.decode()
    assert _order(ascending, early.case_number, late.case_number) == [
        early.case_number,
        late.case_number,
    ]
    assert 'aria-sort="ascending"' in ascending and "sort=-filed_on" in ascending
    descending = client.get(reverse("case-list"), {"sort": "-filed_on"}).content.decode()
    assert _order(descending, early.case_number, late.case_number)[0] == late.case_number
    api = api_client(officer).get("/api/v1/cases/", {"sort": "filed_on"}).json()["results"]
    assert [row["case_number"] for row in api] == [early.case_number, late.case_number]
    assert client.get(reverse("case-list"), {"sort": "password"}).status_code == 400


def test_the_list_shows_title_parties_and_handler(new_case, officer, client):
    case = new_case(title="台灯外观设计侵权纠纷", respondent_name="南京某灯具厂")
    client.force_login(officer)
    page = client.get(reverse("case-list")).content.decode()
    assert "台灯外观设计侵权纠纷" in page and "南京某灯具厂" in page
    assert officer.display_name() in page and case.case_number in page


def test_offices_are_picked_by_name_within_the_subtree(new_case, make_user, client):
    province = make_user("320000", Role.SUPERVISOR, username="js_supervisor")
    client.force_login(province)
    page = client.get(reverse("case-list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<option value="320100" >' not in page  # no stray markup
    assert '<option value="320100">\u3000南京市知识产权局</option>' in page
    assert 'value="440100"' not in page  # Guangzhou is not theirs
    assert 'value="320100-C1"' not in page  # centers hold no cases
    chosen = client.get(reverse("case-list"), {"office": "320100"}).content.decode()
    assert '<option value="320100" selected>' in chosen


def test_cases_without_a_due_date_come_last(new_case, officer, client, advance):
    waiting = new_case(title="甲")
    closed = advance(new_case(title="乙"), "refuse")
    client.force_login(officer)
    for sort in ("due_on", "-due_on"):
        page = client.get(reverse("case-list"), {"sort": sort}).content.decode()
        assert page.index(waiting.case_number) < page.index(closed.case_number)
