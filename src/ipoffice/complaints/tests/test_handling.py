"""Routing, transfer, conversion, time limits, duplicates, masking, scoping, counts."""

from datetime import date

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role
from ipoffice.cases.services import case_transition
from ipoffice.common.errors import ApplicationError, PermissionDeniedError
from ipoffice.complaints import selectors, services
from ipoffice.complaints.intake import route
from ipoffice.complaints.models import ComplaintEvent
from ipoffice.offices.models import Office

pytestmark = pytest.mark.django_db
MARCH_1 = date(2024, 3, 1)  # a Friday


def test_routing_to_the_city_then_the_province_then_the_provincial_office(centers):
    assert route("320000", "320100")[0].code == "320100-C1"
    center, why = route("320000", "320200")  # Wuxi has no center
    assert center.code == "320000-C1" and why == "provincial_center"
    assert route("330000", "330100")[0].code == "330000"  # Zhejiang has none


def test_each_time_limit(submit, agent, make_user):
    complaint, _ = submit(received_on=MARCH_1)
    assert complaint.due_on == date(2024, 3, 8)  # initial review: 5 working days

    def act(name, **kw):
        return services.complaint_transition(actor=agent, complaint=complaint, name=name, **kw)

    complaint = act("review", on=date(2024, 3, 4))
    assert complaint.due_on == date(2024, 3, 8)  # transfer: 5 working days from receipt
    complaint = act("transfer", on=date(2024, 3, 6), note="competent office",
                    transferred_to=Office.objects.get(code="320100"))  # fmt: skip
    assert complaint.due_on == date(2024, 3, 27)  # receipt: 15 working days from transfer
    complaint = act("record_receipt", on=date(2024, 3, 20))
    assert complaint.due_on == date(2024, 6, 4)  # result: 90 days (4 June)
    complaint = act(
        "record_result", on=date(2024, 3, 21), note="案件已立案查处", complex_matter=True
    )
    assert complaint.due_on == date(2024, 3, 28)  # tell the complainant: 5 working days
    complaint = act("notify", on=date(2024, 3, 22), note="已告知处理结果")
    assert complaint.due_on is None and complaint.status == "closed"


def test_complex_matters_get_120_days(submit, agent):
    complaint, _ = submit(received_on=MARCH_1)
    for name, kw in [("review", {}), ("transfer", {"note": "x", "transferred_to":
                                                   Office.objects.get(code="320100")}),
                     ("record_receipt", {"complex_matter": True})]:  # fmt: skip
        complaint = services.complaint_transition(actor=agent, complaint=complaint, name=name,
                                                  on=date(2024, 3, 6), **kw)  # fmt: skip
    assert complaint.due_on == date(2024, 7, 4)  # 6 March + 120 days


def test_out_of_scope_matters_go_to_the_named_authority(submit, agent):
    complaint, _ = submit(kind="consultation", received_on=MARCH_1)
    with pytest.raises(ApplicationError) as error:
        services.complaint_transition(actor=agent, complaint=complaint, name="transfer",
                                      note="trademark", authority="market_regulation")  # fmt: skip
    assert error.value.field == "authority_name"
    complaint = services.complaint_transition(
        actor=agent,
        complaint=complaint,
        name="transfer",
        note="商标侵权",
        authority="market_regulation",
        authority_name="南京市市场监督管理局",
    )
    assert (complaint.authority, complaint.authority_name) == (
        "market_regulation",
        "南京市市场监督管理局",
    )
    event = ComplaintEvent.objects.filter(complaint=complaint).last()
    assert event.changes["recipient"] == [None, "market_regulation: 南京市市场监督管理局"]


def test_reassign_needs_a_reason_and_moves_the_complaint(submit, agent, make_user, api_client):
    complaint, _ = submit(received_on=MARCH_1)
    suzhou = Office.objects.get(code="320500-C1")
    with pytest.raises(ApplicationError):
        services.complaint_reassign(actor=agent, complaint=complaint, center=suzhou, reason="")
    services.complaint_reassign(actor=agent, complaint=complaint, center=suzhou,
                                reason="发生地在苏州")  # fmt: skip
    assert api_client(agent).get(f"/api/v1/complaints/{complaint.pk}/").status_code == 404
    suzhou_agent = make_user("320500-C1", Role.AGENT)
    assert api_client(suzhou_agent).get(f"/api/v1/complaints/{complaint.pk}/").status_code == 200


def test_conversion_prefills_the_case_links_both_ways_and_follows_it(submit, make_user, agent,
                                                                   api_client):  # fmt: skip
    complaint, code = submit(received_on=MARCH_1)
    with pytest.raises(PermissionDeniedError):
        services.complaint_convert_to_case(actor=agent, complaint=complaint)
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER)
    response = api_client(officer).post(f"/api/v1/complaints/{complaint.pk}/convert/", {},
                                        format="json")  # fmt: skip
    assert response.status_code == 201
    complaint.refresh_from_db()
    case = complaint.case
    assert complaint.status == "converted" and list(case.complaints.all()) == [complaint]
    assert case.office.code == "320100" and case.case_type == "infringement_dispute"
    assert [p.application_number for p in case.patents.all()] == ["200330100002.0"]
    assert {p.role: p.name for p in case.parties.all()} == {
        "requester": "王小明",
        "respondent": "某灯具商行",
    }
    head = make_user("320100", Role.OFFICE_HEAD)
    today = case.filed_on
    case = case_transition(actor=officer, case=case, name="accept", on=today)
    case_transition(actor=head, case=case, name="decide", outcome="infringement_found",
                    reason="认定侵权", on=today)  # fmt: skip
    complaint.refresh_from_db()
    assert complaint.status == "result_received" and complaint.result
    public = api_client(None).get(f"/api/v1/public/complaints/{complaint.tracking_number}/",
                                  {"code": code}).json()  # fmt: skip
    assert public["status"] == "result_received"


def test_duplicates_by_patent_and_respondent_or_by_text_and_merging(submit, agent, api_client):
    first, first_code = submit(received_on=MARCH_1)
    same_matter, same_code = submit(received_on=date(2024, 3, 5), subject="另一个标题",
                                    description="完全不同的描述文字。")  # fmt: skip
    same_text, _ = submit(received_on=date(2024, 3, 6), patent_numbers=[],
                          respondent_name="别的商行")  # fmt: skip
    english, _ = submit(
        received_on=date(2024, 3, 6),
        patent_numbers=[],
        respondent_name="",
        subject="Fake lamps",
        description="A shop sells copies of our lamp!",
    )
    english_again, _ = submit(received_on=date(2024, 3, 7), patent_numbers=[],
                              respondent_name="", subject="fake lamps",
                              description="A shop sells copies of our lamp.")  # fmt: skip
    unrelated, _ = submit(
        received_on=date(2024, 3, 7),
        patent_numbers=[],
        respondent_name="",
        subject="Question",
        description="How do I file a patent?",
    )
    late, _ = submit(received_on=date(2024, 6, 1))  # outside the 30-day window
    found = selectors.complaint_duplicates(user=agent, complaint=first)
    assert set(found) == {same_matter, same_text}
    assert selectors.complaint_duplicates(user=agent, complaint=english) == [english_again]
    assert unrelated not in selectors.complaint_duplicates(user=agent, complaint=english)
    assert late not in found

    api = api_client(agent)
    response = api.post(
        f"/api/v1/complaints/{same_matter.pk}/merge/",
        {"into": first.tracking_number, "reason": "同一事项"},
        format="json",
    )
    assert response.status_code == 200
    same_matter.refresh_from_db()
    assert (same_matter.status, same_matter.merged_into) == ("merged", first)
    for name, kw in [("review", {}), ("transfer", {"note": "x", "transferred_to":
                                                   Office.objects.get(code="320100")}),
                     ("record_receipt", {}), ("record_result", {"note": "已责令停止"}),
                     ("notify", {"note": "商场已下架侵权台灯"})]:  # fmt: skip
        first = services.complaint_transition(actor=agent, complaint=first, name=name,
                                              on=date(2024, 3, 8), **kw)  # fmt: skip
    public = api_client(None)
    for complaint, code in [(first, first_code), (same_matter, same_code)]:
        body = public.get(f"/api/v1/public/complaints/{complaint.tracking_number}/",
                          {"code": code}).json()  # fmt: skip
        assert (body["status"], body["reply"]) == ("closed", "商场已下架侵权台灯")
    rated = public.post(f"/api/v1/public/complaints/{same_matter.tracking_number}/rating/",
                        {"code": same_code, "rating": 4}, format="json")  # fmt: skip
    assert rated.status_code == 200 and rated.json()["rating"] == 4
    again = public.post(f"/api/v1/public/complaints/{same_matter.tracking_number}/rating/",
                        {"code": same_code, "rating": 5}, format="json")  # fmt: skip
    assert again.status_code == 400


def test_personal_data_only_for_handlers(submit, agent, make_user, api_client, client):
    complaint, _ = submit(received_on=MARCH_1)
    detail = api_client(agent).get(f"/api/v1/complaints/{complaint.pk}/").json()
    assert detail["complainant"]["phone"] == "13912345678"
    supervisor = make_user("320000", Role.SUPERVISOR)
    masked = api_client(supervisor).get(f"/api/v1/complaints/{complaint.pk}/").json()
    assert masked["complainant"] == {
        "name": "王**",
        "phone": "139****5678",
        "email": "w***@example.cn",
    }
    listed = api_client(agent).get("/api/v1/complaints/").json()["results"][0]
    assert listed["complainant"]["phone"] == "13912345678"
    client.force_login(agent)
    page = client.get(reverse("complaint-list")).content.decode()
    assert "王**" in page and "王小明" not in page  # lists always mask
    export = b"".join(api_client(supervisor).get("/api/v1/complaints/export/?as=csv")
                      .streaming_content).decode("utf-8-sig")  # fmt: skip
    assert "王**" in export and "13912345678" not in export
    counts = api_client(supervisor).get(
        "/api/v1/complaints/counts/", {"from": "2024-01-01", "to": "2024-12-31"}
    )
    assert "王" not in counts.content.decode() and counts.json()["received"] == 1


def test_other_units_cannot_reach_a_complaint(submit, make_user, api_client, client):
    complaint, _ = submit(received_on=MARCH_1)
    outsider = make_user("320500-C1", Role.AGENT)
    api = api_client(outsider)
    assert api.get("/api/v1/complaints/").json()["count"] == 0
    assert api.get(f"/api/v1/complaints/{complaint.pk}/").status_code == 404
    assert api.post(f"/api/v1/complaints/{complaint.pk}/transition/", {"transition": "review"},
                    format="json").status_code == 404  # fmt: skip
    export = b"".join(api.get("/api/v1/complaints/export/?as=csv").streaming_content)
    assert complaint.tracking_number.encode() not in export
    client.force_login(outsider)
    assert client.get(reverse("complaint-detail", args=[complaint.pk])).status_code == 404
    province = make_user("320000", Role.SUPERVISOR)
    assert api_client(province).get(f"/api/v1/complaints/{complaint.pk}/").status_code == 200


def test_overdue_items_are_escalated_to_the_unit_above(submit, agent, make_user, api_client):
    late, _ = submit(received_on=MARCH_1)
    fresh, _ = submit(received_on=date.today())
    assert services.complaints_escalate_overdue(today=date(2024, 4, 1)) == 1
    late.refresh_from_db()
    assert late.escalated and not fresh.escalated
    event = ComplaintEvent.objects.filter(complaint=late, action="escalate").get()
    assert event.changes["escalated_to"] == [None, "320100"]
    assert services.complaints_escalate_overdue(today=date(2024, 4, 1)) == 0  # once
    overdue = api_client(agent).get("/api/v1/complaints/", {"overdue": "1"}).json()
    assert [c["tracking_number"] for c in overdue["results"]] == [late.tracking_number]
    parent = api_client(make_user("320100", Role.SUPERVISOR))
    escalated = parent.get("/api/v1/complaints/", {"escalated": "1"}).json()
    assert [c["tracking_number"] for c in escalated["results"]] == [late.tracking_number]


def test_illegal_steps_are_refused_with_a_clear_message(submit, agent):
    complaint, _ = submit(received_on=MARCH_1)
    with pytest.raises(ApplicationError, match="not possible on a complaint that is Received"):
        services.complaint_transition(actor=agent, complaint=complaint, name="notify", note="x")
    with pytest.raises(ApplicationError, match="not possible"):
        services.complaint_transition(actor=agent, complaint=complaint, name="answer", note="x")


def test_counts_for_the_reporting_system(submit, agent, make_user, api_client):
    a, _ = submit(received_on=MARCH_1)
    submit(received_on=MARCH_1, kind="consultation", patent_numbers=[])
    services.complaint_transition(actor=agent, complaint=a, name="review", on=date(2024, 3, 4))
    services.complaint_transition(
        actor=agent,
        complaint=a,
        name="transfer",
        note="x",
        on=date(2024, 3, 12),
        transferred_to=Office.objects.get(code="320100"),
    )
    counts = selectors.complaint_counts(user=agent, start=date(2024, 3, 1),
                                        end=date(2024, 3, 31))  # fmt: skip
    assert counts["received"] == 2
    assert counts["by_kind"] == {"infringement_complaint": 1, "consultation": 1}
    assert counts["by_channel"] == {"web": 2}
    assert (counts["reviewed_on_time"], counts["transferred"], counts["transferred_on_time"]) == (
        1,
        1,
        0,
    )  # transferred after 8 March


def test_commands_escalate_and_issue_platform_tokens(submit):
    from io import StringIO

    from django.core.management import call_command

    from ipoffice.complaints.intake import platform_token_hash
    from ipoffice.complaints.models import Platform

    submit(received_on=MARCH_1)
    out = StringIO()
    call_command("escalate-overdue", stdout=out)
    assert "1 overdue complaints escalated" in out.getvalue()
    out = StringIO()
    call_command("platform-token", "某平台", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    assert Platform.objects.get(name="某平台").token_hash == platform_token_hash(token)


def test_answered_consultations_must_be_told_within_five_working_days(submit, agent):
    complaint, _ = submit(kind="consultation", received_on=MARCH_1, patent_numbers=[])
    complaint = services.complaint_transition(actor=agent, complaint=complaint, name="answer",
                                              note="答复", on=date(2024, 3, 4))  # fmt: skip
    assert complaint.due_on == date(2024, 3, 11)


def test_a_new_step_clears_the_escalation(submit, agent):
    complaint, _ = submit(received_on=MARCH_1)
    services.complaints_escalate_overdue(today=date(2024, 4, 1))
    complaint.refresh_from_db()
    complaint = services.complaint_transition(actor=agent, complaint=complaint, name="review")
    assert not complaint.escalated


def test_a_case_not_accepted_reports_back_to_its_complaint(submit, make_user):
    complaint, _ = submit(received_on=MARCH_1)
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER)
    case = services.complaint_convert_to_case(actor=officer, complaint=complaint)
    case_transition(actor=officer, case=case, name="refuse", reason="不属于受案范围",
                    on=case.filed_on)  # fmt: skip
    complaint.refresh_from_db()
    assert complaint.status == "result_received" and complaint.result == "Not accepted"


def test_api_reassign_stays_within_scope(submit, agent, api_client):
    complaint, _ = submit(received_on=MARCH_1)
    response = api_client(agent).post(
        f"/api/v1/complaints/{complaint.pk}/reassign/",
        {"center": "440000-C1", "reason": "x"},
        format="json",
    )
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.center.code == "320100-C1"


def test_exports_write_formula_like_text_as_text(submit, agent, api_client):
    submit(subject='=HYPERLINK("http://evil/","open")')
    body = b"".join(api_client(agent).get("/api/v1/complaints/export/?as=csv")
                    .streaming_content).decode("utf-8-sig")  # fmt: skip
    assert "'=HYPERLINK" in body


def test_the_shared_cache_can_be_redis(settings):
    """With REDIS_URL every app process shares the rate-limit counters."""
    from django.core.cache.backends.redis import RedisCache

    from ipoffice.config import parse_cache_url

    config = parse_cache_url("redis://127.0.0.1:6379/15")
    cache = RedisCache(config["LOCATION"], {})
    cache.set("ipoffice-test", 41)
    assert cache.incr("ipoffice-test") == 42
    cache.delete("ipoffice-test")


def test_conversion_clears_the_escalation(submit, make_user):
    complaint, _ = submit(received_on=MARCH_1)
    services.complaints_escalate_overdue(today=date(2024, 4, 1))
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER)
    services.complaint_convert_to_case(actor=officer, complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.status == "converted" and not complaint.escalated
