"""Takedown notices to e-commerce platforms: the notice and its message in one
transaction (sent once, with the listing URLs), the platform's answer, and repeat shops
found across the cases an office may see, and only those."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role
from ipoffice.cases import selectors
from ipoffice.cases.ebusiness import takedown_answer, takedown_send
from ipoffice.cases.models import TakedownNotice
from ipoffice.common.errors import ApplicationError
from ipoffice.offices.models import Office
from ipoffice.outbox.enums import Channel
from ipoffice.outbox.models import OutboxMessage
from ipoffice.outbox.selectors import messages_about

pytestmark = pytest.mark.django_db
URLS = ["https://item.example.com/1001.htm", "https://item.example.com/1002.htm"]


def _send(case, officer, **overrides):
    kwargs = {
        "platform": "某电商平台",
        "platform_address": "ipr@platform.example.com",
        "shop_name": "某某家纺旗舰店",
        "shop_id": "SHOP-778",
        "listing_urls": "\n".join(URLS),
        "on": date(2024, 3, 8),
        **overrides,
    }
    return takedown_send(actor=officer, case=case, **kwargs)


def test_the_notice_is_enqueued_once_with_the_listing_urls(
    new_case, advance, officer, outbox_deliver_now
):
    case = advance(new_case(), "accept", "start_investigation")
    with pytest.raises(ApplicationError) as refused:
        _send(case, officer, listing_urls="https://item.example.com/1\nnot a url")
    assert refused.value.field == "listing_urls"
    assert not OutboxMessage.objects.exists()  # a refused notice sends nothing
    notice = _send(case, officer, listing_urls="\n".join([*URLS, URLS[0]]))
    assert notice.listing_urls == URLS  # each listing once
    (message,) = messages_about(notice)
    assert (message.channel, message.recipient) == (Channel.EMAIL, "ipr@platform.example.com")
    assert all(url in message.body for url in URLS) and case.case_number in message.subject
    received = outbox_deliver_now().smtp.inbox.to("ipr@platform.example.com")
    outbox_deliver_now()
    assert len(received) == 1 and URLS[1] in received[0].text
    assert case.events.filter(action="takedown_send").count() == 1


def test_a_webhook_platform_gets_the_urls_as_data(new_case, advance, officer):
    case = advance(new_case(), "accept")
    notice = _send(case, officer, platform_address="https://platform.example.com/ipr/notices")
    (message,) = messages_about(notice)
    assert message.channel == Channel.WEBHOOK
    assert message.payload["listing_urls"] == URLS and message.payload["shop_id"] == "SHOP-778"
    with pytest.raises(ApplicationError) as refused:
        _send(case, officer, platform_address="ftp://platform.example.com")
    assert refused.value.field == "platform_address"


def test_the_platform_answer_is_recorded_with_its_date(new_case, advance, officer):
    case = advance(new_case(), "accept")
    notice = _send(case, officer)
    with pytest.raises(ApplicationError) as refused:
        takedown_answer(actor=officer, notice=notice, answer="", on=date(2024, 3, 9))
    assert refused.value.field == "answer"
    notice = takedown_answer(actor=officer, notice=notice, answer="removed",
                             note="已删除 2 条链接", on=date(2024, 3, 11))  # fmt: skip
    assert (notice.status, notice.answer, notice.answered_on) == (
        "answered",
        "removed",
        date(2024, 3, 11),
    )
    entry = case.events.get(action="takedown_answer")
    assert entry.changes["platform_answer"] == [None, "removed"]


def test_a_repeat_shop_is_flagged_across_two_cases_and_hidden_from_another_province(
    new_case, advance, officer, make_user
):
    first = _send(advance(new_case(), "accept"), officer, on=date(2024, 3, 6))
    second = _send(advance(new_case(), "accept"), officer, on=date(2024, 3, 8),
                   shop_name="某某家纺店（改名）")  # fmt: skip  # same platform and shop ID
    other_shop = _send(advance(new_case(), "accept"), officer, shop_id="SHOP-999")
    assert selectors.takedown_repeats(user=officer, notice=first) == 0
    assert selectors.takedown_repeats(user=officer, notice=second) == 1
    assert selectors.takedown_repeats(user=officer, notice=other_shop) == 0
    # The same shop in Guangzhou: a Guangdong officer sees no earlier notice of Nanjing's.
    guangzhou = make_user("440100", Role.ENFORCEMENT_OFFICER, username="gz_officer")
    gz_case = new_case(actor=guangzhou)  # received: a notice may go out already
    gz_notice = TakedownNotice.objects.get(pk=_send(gz_case, guangzhou, on=date(2024, 3, 9)).pk)
    assert selectors.takedown_repeats(user=guangzhou, notice=gz_notice) == 0
    national = make_user("100000", Role.SUPERVISOR, username="cnipa_sup")
    assert selectors.takedown_repeats(user=national, notice=gz_notice) == 2
    assert Office.objects.get(code="440100").path.startswith("100000/440000/")


def test_the_page_sends_a_notice_and_shows_the_repeat(client, new_case, advance, officer):
    earlier = advance(new_case(), "accept")
    _send(earlier, officer, on=date(2024, 3, 6))
    case = advance(new_case(), "accept")
    client.force_login(officer)
    response = client.post(
        reverse("case-takedown", args=[case.pk]),
        {"takedown-platform": "某电商平台", "takedown-platform_address": "not an address",
         "takedown-shop_name": "某某家纺旗舰店", "takedown-shop_id": "SHOP-778",
         "takedown-listing_urls": URLS[0], "takedown-on": "2024-03-08"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "平台接收通知的地址" in html and URLS[0] in html
    response = client.post(
        reverse("case-takedown", args=[case.pk]),
        {"takedown-platform": "某电商平台", "takedown-platform_address": "ipr@platform.example.com",
         "takedown-shop_name": "某某家纺旗舰店", "takedown-shop_id": "SHOP-778",
         "takedown-listing_urls": URLS[0], "takedown-on": "2024-03-08"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("case-detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "重复：此前 1 份通知已涉及" in page.content.decode()
    notice = case.takedown_notices.get()
    response = client.post(
        reverse("case-takedown-answer", args=[case.pk]),
        {"notice": notice.pk, f"takedown-{notice.pk}-answer": "refused",
         f"takedown-{notice.pk}-on": "2024-03-12"},
    )  # fmt: skip
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.answer, notice.answered_on) == ("refused", date(2024, 3, 12))


def test_the_api_suspends_resumes_and_sends_a_notice(api_client, new_case, advance, officer):
    case = advance(new_case(), "accept", "start_investigation")
    api = api_client(officer)
    base = f"/api/v1/cases/{case.pk}"
    refused = api.post(f"{base}/suspension/", {"ground": "court", "reason": " "},
                              format="json")  # fmt: skip
    assert refused.status_code == 400
    answer = api.post(f"{base}/suspension/", {"ground": "court", "reason": "法院审理中",
                             "on": "2024-03-11"}, format="json")  # fmt: skip
    assert answer.status_code == 200 and answer.json()["due_on"] is None
    answer = api.post(f"{base}/resumption/", {"reason": "判决生效", "on": "2024-03-21"},
                             format="json")  # fmt: skip
    assert answer.json()["due_on"] == "2024-06-17" and answer.json()["paused_days"] == 10
    sent = api.post(f"{base}/takedowns/", {"platform": "某电商平台",
                           "platform_address": "ipr@platform.example.com", "shop_name": "某店",
                           "listing_urls": URLS, "on": "2024-03-22"}, format="json")  # fmt: skip
    assert sent.status_code == 201 and sent.json()["listing_urls"] == URLS
    listed = api.get(f"{base}/takedowns/").json()
    assert [n["shop_name"] for n in listed] == ["某店"]
    assert OutboxMessage.objects.count() == 1
