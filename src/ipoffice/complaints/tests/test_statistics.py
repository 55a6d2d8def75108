"""Complaints count in the statistics of the center that holds them."""

from datetime import date

import pytest

from ipoffice.complaints.services import complaint_reassign
from ipoffice.offices.models import Office
from ipoffice.reporting import figures, rollup
from ipoffice.reporting.definitions import COMPLAINTS
from ipoffice.reporting.periods import period_parse

pytestmark = pytest.mark.django_db


def test_reassigning_a_complaint_moves_it_between_centers(submit, make_user):
    complaint, _code = submit(received_on=date(2026, 3, 2))
    nanjing, suzhou = Office.objects.get(code="320100-C1"), Office.objects.get(code="320500-C1")
    period = period_parse("2026-03")
    assert complaint.center == nanjing
    assert figures.compute(COMPLAINTS, nanjing, period)["complaints_received"] == 1
    agent = make_user("320000", "assistance_agent")
    complaint_reassign(actor=agent, complaint=complaint, center=suzhou, reason="在苏州销售")
    assert figures.compute(COMPLAINTS, nanjing, period)["complaints_received"] == 0
    assert figures.compute(COMPLAINTS, suzhou, period)["complaints_received"] == 1
    assert rollup.differences(COMPLAINTS, Office.objects.get(code="320000"), period) == {}
