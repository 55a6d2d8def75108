"""The agent's complaint page speaks Chinese: routing and places by name, no codes."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _facts(html):
    return dict(re.findall(r"<dt>([^<]*)</dt><dd>(.*?)</dd>", html, re.S))


def test_routing_and_place_are_said_with_place_names(agent, client, submit):
    complaint, _code = submit()
    client.force_login(agent)
    html = client.get(reverse("complaint-detail", args=[complaint.pk]),
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()  # fmt: skip
    facts = _facts(html)
    assert "南京市的维权援助中心" in facts["中心"]
    assert facts["发生地"].strip() == "江苏省 南京市"
    shown = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1])  # the text a reader sees
    assert not re.search(r"city center|320000|320100|None", shown)


def test_the_provincial_fallback_names_both_places(agent, make_user, client, submit):
    from ipoffice.accounts.roles import Role

    complaint, _code = submit(city_code="320200")  # Wuxi has no center
    client.force_login(make_user("320000-C1", Role.AGENT, username="js_agent"))
    html = client.get(reverse("complaint-detail", args=[complaint.pk]),
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()  # fmt: skip
    assert "无锡市无援助中心：由江苏省的援助中心处理" in _facts(html)["中心"]
    english = client.get(reverse("complaint-detail", args=[complaint.pk]),
                         HTTP_ACCEPT_LANGUAGE="en").content.decode()  # fmt: skip
    assert "no center in Wuxi: the center of Jiangsu" in english


def test_a_transfer_names_its_recipient_and_keeps_the_agents_reason(agent, client, submit):
    from datetime import date

    from ipoffice.complaints import services
    from ipoffice.offices.models import Office

    complaint, _code = submit(received_on=date(2024, 3, 1))
    nanjing = Office.objects.get(code="320100")
    for name, kw in (("review", {}), ("transfer", {"transferred_to": nanjing})):
        complaint = services.complaint_transition(
            actor=agent,
            complaint=complaint,
            name=name,
            on=date(2024, 3, 4),
            note="移交属地局",
            **kw,
        )
    client.force_login(agent)
    html = client.get(reverse("complaint-detail", args=[complaint.pk]),
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()  # fmt: skip
    history = re.sub(r"<[^>]+>", " ", html[html.index('<ol class="timeline">') :])
    assert "移交属地局" in history and "南京市知识产权局" in history
    assert not re.search(r"Recipient|recipient|320100", history)
