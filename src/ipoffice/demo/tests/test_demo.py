from io import StringIO

import pytest
from django.core.management import call_command

from ipoffice.accounts.models import User
from ipoffice.accounts.roles import Role
from ipoffice.cases.models import Case
from ipoffice.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def test_demo_prints_one_login_per_role_at_each_level_and_they_work(client):
    out = StringIO()
    call_command("demo", stdout=out)
    users = User.objects.select_related("office").prefetch_related("groups")
    levels = {(u.office.level, g.name) for u in users for g in u.groups.all()}
    for level in ("national", "provincial", "municipal"):
        for role in set(Role.values) - {Role.AGENT}:
            assert (level, role) in levels
    assert ("assistance_center", Role.AGENT) in levels
    assert ("work_station", Role.AGENT) in levels
    assert "suzhou_officer" in out.getvalue() and "ipoffice-demo" in out.getvalue()
    assert client.login(username="suzhou_officer", password="ipoffice-demo")
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {"received", "accepted", "concluded", "closed"} <= statuses
    assert Case.objects.filter(case_type="passing_off").exclude(fine_amount=None).exists()
    cases = Case.objects.count()
    channels = set(Complaint.objects.values_list("channel", flat=True))
    assert channels == {"phone", "web", "walk_in", "letter", "email", "work_station", "e_commerce"}
    assert Complaint.objects.filter(status="closed").exists()
    assert 200 <= cases <= 500
    call_command("demo", stdout=StringIO())  # running again changes nothing
    assert User.objects.count() == users.count()
    assert Case.objects.count() == cases
