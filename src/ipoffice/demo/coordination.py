"""Demo coordination: requests between the demo offices and transfers to outside
authorities of their registers, run through the real services."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from ipoffice.accounts.models import User
from ipoffice.cases.enums import OPEN_CASE_STATUSES
from ipoffice.cases.models import Case
from ipoffice.cases.services import case_create, case_transition
from ipoffice.coordination.models import Authority, CoordinationRequest
from ipoffice.coordination.services import request_create, request_transition
from ipoffice.coordination.workflow import AuthorityActor
from ipoffice.demo.cases import _case_data
from ipoffice.offices.models import Office

AUTHORITIES = [
    ("320100", "南京市市场监督管理局", "market_regulation", "ipr@amr.nanjing.example.cn"),
    ("320100", "金陵海关", "customs", "ipr@customs.nanjing.example.cn"),
    (
        "440300",
        "深圳市公安局经济犯罪侦查支队",
        "public_security",
        "jingzhen@police.shenzhen.example.cn",
    ),
    ("440000", "广东省版权局", "copyright", "banquan@gd.example.cn"),
]
# (from, to office or authority, kind, assistance, subject, days ago sent, what then)
REQUESTS = [
    ("nanjing", "440300", "assistance", "evidence", "协助调取深圳某电子公司销售记录", 5, ""),
    ("nanjing", "320500", "referral", "", "涉案商行位于苏州，移交管辖", 12, "acknowledge"),
    (
        "shenzhen",
        "320100",
        "assistance",
        "service",
        "协助向南京被请求人送达答辩通知书",
        20,
        "answer",
    ),
    ("suzhou", "440300", "assistance", "investigation", "协助核查深圳生产商库存", 45, ""),
    (
        "nanjing",
        "南京市市场监督管理局",
        "transfer",
        "",
        "涉嫌销售假冒注册商标商品，移送市场监管",
        3,
        "",
    ),
    (
        "shenzhen",
        "深圳市公安局经济犯罪侦查支队",
        "transfer",
        "",
        "涉嫌假冒专利犯罪线索移送",
        15,
        "link",
    ),
]


def _open_case(officer: User, skip: int, today: date) -> Case:
    """One of the office's open cases (in turn), or a new one accepted for the purpose."""
    found = list(
        Case.objects.filter(office=officer.office, status__in=OPEN_CASE_STATUSES).order_by("pk")
    )
    if found:
        return found[skip % len(found)]
    data = _case_data(random.Random(skip), today - timedelta(days=60))
    case = case_create(actor=officer, office=officer.office, data=data)
    return case_transition(actor=officer, case=case, name="accept", on=today - timedelta(days=58))


@transaction.atomic
def demo_coordination_load() -> int:
    """Create the demo requests unless there are some; return how many."""
    if CoordinationRequest.objects.exists():
        return 0
    for code, name, kind, email in AUTHORITIES:
        Authority.objects.get_or_create(
            office=Office.objects.get(code=code), name=name, defaults={"kind": kind, "email": email}
        )
    today, created = timezone.localdate(), 0
    used: dict[str, int] = {}
    for sender, to, kind, assistance, subject, ago, then in REQUESTS:
        officer = User.objects.select_related("office").get(username=f"{sender}_officer")
        case = _open_case(officer, used.get(sender, 0), today)
        used[sender] = used.get(sender, 0) + 1
        target: dict[str, Any] = (
            {"authority": Authority.objects.get(name=to)}
            if kind == "transfer"
            else {"receiving_office": Office.objects.get(code=to)}
        )
        sent_on = max(today - timedelta(days=ago), case.filed_on)
        request = request_create(
            actor=officer,
            case=case,
            kind=kind,
            assistance=assistance,
            subject=subject,
            details=f"{subject}。请于期限内签收并答复，详见案件{case.case_number}。",
            on=sent_on,
            **target,
        )
        on = min(today, sent_on + timedelta(days=3))
        if then in ("acknowledge", "answer"):
            receiver = User.objects.get(
                office=request.receiving_office, username__endswith="_officer"
            )
            request_transition(actor=receiver, request=request, name="acknowledge", on=on)
            if then == "answer":
                request_transition(
                    actor=receiver,
                    request=request,
                    name="answer",
                    answer="已于当日送达，送达回证随函寄回。",
                    on=min(today, on + timedelta(days=4)),
                )
        if then == "link":
            actor = AuthorityActor(
                request_id=request.pk, authority_id=request.authority_id or 0, name="王警官"
            )
            request_transition(actor=actor, request=request, name="acknowledge", on=on)
        created += 1
    return created
