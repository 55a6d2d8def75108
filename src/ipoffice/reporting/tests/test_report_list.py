"""The report list: the area's reports, by office picked by name, sortable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role
from ipoffice.reporting.services import report_open

pytestmark = pytest.mark.django_db


def test_the_province_lists_its_cities_reports_sorted_and_by_office(make_user, client):
    nanjing = report_open(
        actor=make_user("320100", Role.ANALYST), form="enforcement", period="2013"
    )
    suzhou = report_open(actor=make_user("320500", Role.ANALYST), form="enforcement", period="2013")
    guangzhou = report_open(
        actor=make_user("440100", Role.ANALYST), form="enforcement", period="2013"
    )
    client.force_login(make_user("320000", Role.OFFICE_HEAD))
    page = client.get(reverse("report-list"), {"sort": "-office"}).content.decode()
    assert f"/reports/{guangzhou.pk}/" not in page
    assert page.index(f"/reports/{suzhou.pk}/") < page.index(f"/reports/{nanjing.pk}/")
    one = client.get(reverse("report-list"), {"office": "320500"}).content.decode()
    assert f"/reports/{suzhou.pk}/" in one and f"/reports/{nanjing.pk}/" not in one
    assert 'value="320500"' in one and "saved-filter-name" in one
