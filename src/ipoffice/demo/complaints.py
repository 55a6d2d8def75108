"""Demo 12330 complaints on every channel, some handled, through the real services."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ipoffice.accounts.models import User
from ipoffice.common.identifiers import patent_check_character
from ipoffice.complaints.intake import platform_token_hash
from ipoffice.complaints.models import Complaint, Platform
from ipoffice.complaints.notifications import satisfaction_token
from ipoffice.complaints.services import (
    complaint_satisfaction_answer,
    complaint_submit,
    complaint_transition,
)
from ipoffice.offices.models import Office

PLACES = [
    ("320000", "320100"),
    ("320000", "320500"),
    ("320000", "320200"),
    ("440000", "440300"),
    ("440000", "440100"),
]
KINDS = [
    "infringement_complaint",
    "passing_off_report",
    "consultation",
    "assistance_request",
    "takedown_request",
]
CHANNELS = ["phone", "web", "walk_in", "letter", "email", "work_station"]
SUBJECTS = [
    "商场销售仿冒专利产品",
    "网店销售侵权商品",
    "展会上发现侵权展品",
    "咨询专利维权程序",
    "产品包装标注虚假专利号",
]


def _patent(rng: random.Random) -> str:
    digits = f"{rng.randint(2008, 2023)}{rng.choice('123')}{rng.randrange(10**7):07d}"
    return f"{digits}.{patent_check_character(digits)}"


@transaction.atomic
def demo_complaints_load(*, count: int = 150, seed: int = 12330) -> int:
    if Complaint.objects.exclude(routing_note="demo").exists():  # history has its own
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    Platform.objects.get_or_create(
        name="示例电商平台", defaults={"token_hash": platform_token_hash("demo-platform")}
    )
    for n in range(count):
        province, city = rng.choice(PLACES)
        kind = rng.choice(KINDS)
        anonymous = kind == "passing_off_report" and rng.random() < 0.3
        data = {
            "kind": kind,
            "subject": rng.choice(SUBJECTS),
            "description": f"第 {n + 1} 号示例：{rng.choice(SUBJECTS)}，请予处理。",
            "province_code": province,
            "city_code": city,
            "patent_numbers": [] if kind == "consultation" else [_patent(rng)],
            "respondent_name": "" if kind == "consultation" else f"某商户{rng.randint(1, 40)}",
            "listing_urls": [f"https://shop.example.cn/item/{n}"]
            if kind == "takedown_request"
            else [],
            "anonymous": anonymous,
            "name": "" if anonymous else f"投诉人{n + 1}",
            "phone": "" if anonymous else f"139{rng.randrange(10**8):08d}",
            # How they want to hear from us (from n, not the random sequence, which the
            # other demo records follow): most by SMS, some by e-mail, a few in English.
            "email": "" if anonymous or n % 5 else f"complainant{n + 1}@example.cn",
            "notify_sms": not anonymous and n % 3 != 0,
            "notify_email": not anonymous and n % 5 == 0,
            "language": "en" if n % 10 == 0 else "zh-hans",
        }
        channel = "e_commerce" if kind == "takedown_request" else rng.choice(CHANNELS)
        received = today - timedelta(days=rng.randint(0, 200))
        complaint, _code = complaint_submit(channel=channel, data=data, received_on=received)
        _progress(complaint, rng, received)
        _answer(complaint, n)
    return count


def _answer(complaint: Complaint, n: int) -> None:
    """Some complainants asked whether it was resolved answer by the link they got."""
    complaint.refresh_from_db()
    asked = complaint.events.filter(action="message", changes__message__1="satisfaction")
    if complaint.status != "closed" or n % 2 or not asked.exists():
        return
    answer = ("resolved", "partly", "resolved", "not_resolved")[n // 2 % 4]
    complaint_satisfaction_answer(token=satisfaction_token(complaint), answer=answer)


def _progress(complaint: Complaint, rng: random.Random, received: object) -> None:
    agent = User.objects.filter(office=complaint.center, groups__name="assistance_agent").first()
    if agent is None or rng.random() < 0.25:
        return
    on = complaint.received_on + timedelta(days=rng.randint(0, 6))
    if on > timezone.localdate():
        return
    if complaint.kind == "consultation":
        complaint = complaint_transition(
            actor=agent, complaint=complaint, name="answer", on=on, note="已电话答复咨询事项"
        )
        complaint_transition(actor=agent, complaint=complaint, name="notify", on=on, note="已答复")
        return
    complaint = complaint_transition(actor=agent, complaint=complaint, name="review", on=on)
    if rng.random() < 0.3:
        return
    office = Office.objects.get(code=complaint.center.code[:6])
    complaint = complaint_transition(
        actor=agent,
        complaint=complaint,
        name="transfer",
        on=on,
        note="移交主管知识产权局",
        transferred_to=office,
    )
    later = on + timedelta(days=rng.randint(3, 40))
    if later > timezone.localdate() or rng.random() < 0.3:
        return
    complaint = complaint_transition(
        actor=agent, complaint=complaint, name="record_receipt", on=later
    )
    complaint = complaint_transition(
        actor=agent, complaint=complaint, name="record_result", on=later, note="已责令停止销售"
    )
    complaint_transition(
        actor=agent, complaint=complaint, name="notify", on=later, note="侵权商品已下架，特此告知"
    )
