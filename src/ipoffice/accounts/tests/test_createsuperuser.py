"""The first administrator is created with `ipoffice createsuperuser`, as deployment says."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from ipoffice.accounts.models import User

pytestmark = pytest.mark.django_db


def test_createsuperuser_without_input_places_the_superuser_in_the_national_office(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Ein-langes-Passwort-2013")
    call_command("createsuperuser", "--noinput", username="root", email="root@cnipa.gov.cn",
                 office="100000", verbosity=0)  # fmt: skip
    root = User.objects.get(username="root")
    assert root.is_superuser and root.office.code == "100000"
    assert root.check_password("Ein-langes-Passwort-2013")


def test_a_superuser_outside_the_national_office_is_refused(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Ein-langes-Passwort-2013")
    with pytest.raises((ValueError, CommandError)):
        call_command("createsuperuser", "--noinput", username="city", email="c@x.cn",
                     office="320100", verbosity=0)  # fmt: skip
    assert not User.objects.filter(username="city").exists()
