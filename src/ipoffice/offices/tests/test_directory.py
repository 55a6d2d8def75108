"""The public intake's copy of the office tree follows changes to offices."""

import pytest

from ipoffice.complaints.intake import route
from ipoffice.offices.models import Office, OfficeLevel
from ipoffice.offices.services import office_create

pytestmark = pytest.mark.django_db


def test_a_new_center_receives_complaints_at_once(make_user):
    center, why = route("320000", "320200")  # Wuxi has no center yet
    assert center.code == "320000" and why == "provincial_office"
    admin = make_user("320000", "administrator")
    office_create(
        actor=admin,
        code="320200-C1",
        parent=Office.objects.get(code="320200"),
        level=OfficeLevel.ASSISTANCE_CENTER,
        name_zh="无锡知识产权维权援助中心",
        name_en="Wuxi IP Enforcement Assistance Center",
    )
    assert route("320000", "320200")[0].code == "320200-C1"
