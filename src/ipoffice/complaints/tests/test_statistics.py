"""Complaints count in the statistics of the center that holds them; the counts endpoint
reads the report form's figures; "overdue" is one rule everywhere."""

import re
from datetime import date

import pytest

from ipoffice.accounts.roles import Role
from ipoffice.common.periods import period_between, period_parse
from ipoffice.complaints import services
from ipoffice.complaints.enums import Channel
from ipoffice.complaints.services import complaint_reassign
from ipoffice.complaints.statistics import COMPLAINTS
from ipoffice.offices.models import Office
from ipoffice.reporting import figures, rollup

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


@pytest.fixture
def worked_march(submit, agent):
    """Complaints of March 2024 at Nanjing's center on several channels: reviewed, one
    transferred, one merged into another, one rated after its result."""
    days = (("web", 1), ("web", 4), ("phone", 5), ("email", 18), ("letter", 28))
    made = [submit(channel=c, received_on=date(2024, 3, d))[0] for c, d in days]
    first, second, third, fourth, _fifth = made

    def act(complaint, name, **kw):
        return services.complaint_transition(actor=agent, complaint=complaint, name=name,
                                             on=date(2024, 3, 20), **kw)  # fmt: skip

    act(first, "review")
    act(second, "review")
    services.complaint_merge(actor=agent, duplicate=third, into=first, reason="同一事项")
    act(fourth, "transfer", note="x", transferred_to=Office.objects.get(code="320100"))
    for name, kw in [("transfer", {"note": "x", "transferred_to":
                                   Office.objects.get(code="320100")}),
                     ("record_receipt", {}), ("record_result", {"note": "已责令停止"}),
                     ("notify", {"note": "商场已下架"})]:  # fmt: skip
        first = act(first, name, **kw)
    services.complaint_rate(complaint=first, rating=4)
    return made


def test_the_counts_endpoint_reads_the_complaints_form_figures(worked_march, agent, api_client):
    nanjing = Office.objects.get(code="320100-C1")
    api = api_client(agent)
    for start, end in (("2024-03-01", "2024-03-31"), ("2024-03-01", "2024-03-15")):
        period = period_between(date.fromisoformat(start), date.fromisoformat(end))
        body = api.get("/api/v1/complaints/counts/", {"from": start, "to": end}).json()
        form = figures.compute(COMPLAINTS, nanjing, period)
        assert form == figures.compute_from_records(COMPLAINTS, nanjing, period)
        assert body["received"] == form["complaints_received"]
        for key in ("reviewed", "transferred", "converted_to_cases", "results_returned",
                    "ratings", "merged", "escalated", "reviewed_on_time",
                    "transferred_on_time"):  # fmt: skip
            assert body[key] == form[key], key
        assert body["by_channel"] == {
            c: form[f"channel_{c}"] for c in Channel.values if form[f"channel_{c}"]
        }
    month = api.get("/api/v1/complaints/counts/", {"from": "2024-03-01", "to": "2024-03-31"})
    assert month.json() | {"overdue_now": None} == {
        "received": 5,
        "by_kind": {"infringement_complaint": 5},
        "by_channel": {"web": 2, "phone": 1, "email": 1, "letter": 1},
        "reviewed": 2,
        "transferred": 2,
        "converted_to_cases": 0,
        "results_returned": 2,  # the one told the result and the one merged into it
        "satisfaction_average": 4.0,
        "ratings": 1,
        "overdue_now": None,
        "merged": 1,
        "escalated": 0,
        "reviewed_on_time": 0,  # reviewed on the 20th, past the 5 working days
        "transferred_on_time": 1,  # received on the 18th, transferred on the 20th
    }
    half = api.get("/api/v1/complaints/counts/", {"from": "2024-03-01", "to": "2024-03-15"})
    assert half.json()["received"] == 3 and half.json()["merged"] == 1


def test_overdue_is_one_rule_for_the_list_the_counts_the_dashboard_and_the_escalation(
    worked_march, agent, make_user, api_client, client
):
    today = date.today()
    supervisor = make_user("320000", Role.SUPERVISOR)
    listed = api_client(supervisor).get("/api/v1/complaints/", {"overdue": "1"}).json()["count"]
    counted = (
        api_client(supervisor)
        .get("/api/v1/complaints/counts/", {"from": "2024-01-01", "to": "2024-12-31"})
        .json()["overdue_now"]
    )
    # Open and past due: the reviewed one, the one transferred, the one never touched;
    # not the closed one nor the one merged into it.
    assert listed == counted == 3
    client.force_login(supervisor)
    page = client.get("/dashboard/", {"year": "2024"}, HTTP_ACCEPT_LANGUAGE="en").content
    assert re.search(rb"Overdue complaints now</div>\s*<div class=.tile-value.><a [^>]+>3<", page)
    assert services.complaints_escalate_overdue(today=today) == 3
    escalated = (
        api_client(supervisor)
        .get("/api/v1/complaints/counts/", {"from": "2024-03-01", "to": "2024-03-31"})
        .json()["escalated"]
    )
    assert escalated == 3
    assert rollup.differences(COMPLAINTS, Office.objects.get(code="320000"),
                              period_parse("2024-03")) == {}  # fmt: skip
