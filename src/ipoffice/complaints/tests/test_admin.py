"""The complaint admin shows no secret."""

from __future__ import annotations

from ipoffice.accounts.roles import Role
from ipoffice.accounts.tests.factories import UserFactory
from ipoffice.offices.models import Office


def test_the_admin_page_does_not_show_the_code_hash(submit, client):
    complaint, _code = submit()
    root = UserFactory(office=Office.objects.get(code="100000"), roles=[Role.ADMINISTRATOR],
                       is_staff=True, is_superuser=True)  # fmt: skip
    client.force_login(root)
    page = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/")
    assert page.status_code == 200
    assert complaint.tracking_number in page.content.decode()
    assert complaint.code_hash not in page.content.decode()
