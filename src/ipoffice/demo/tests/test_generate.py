from io import StringIO

import pytest
from django.core.management import call_command

from ipoffice.cases.models import Case
from ipoffice.cases.statistics import ENFORCEMENT
from ipoffice.common.periods import period_parse
from ipoffice.complaints.models import Complaint
from ipoffice.reporting.figures import compute

pytestmark = pytest.mark.django_db


def test_generate_writes_the_asked_volumes_per_year_reproducibly():
    out = StringIO()
    call_command("generate", "--years", "2", "--cases-per-year", "300",
                 "--complaints-per-year", "500", "--last-year", "2020", "--seed", "7",
                 stdout=out, stderr=StringIO())  # fmt: skip
    assert "600 cases and 1,000 complaints" in out.getvalue()
    from ipoffice.offices.models import Office

    national = Office.objects.get(code="100000")
    for year in (2019, 2020):
        assert compute(ENFORCEMENT, national, period_parse(str(year)))["cases_accepted"] == 300
        assert Complaint.objects.filter(received_on__year=year).count() == 500
    types = set(Case.objects.values_list("case_type", flat=True))
    assert types == {"infringement_dispute", "other_dispute", "passing_off"}
    numbers = list(Case.objects.values_list("case_number", flat=True))
    assert len(numbers) == len(set(numbers))
