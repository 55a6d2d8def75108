"""The 78 enforcement assistance centers of 2013: one per province, 47 in cities, with
12330 complaints for 2012 and 2013 on every channel, written in bulk."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from ipoffice.common.history import history_seal_first
from ipoffice.complaints.intake import code_hash, new_secret
from ipoffice.complaints.models import Complainant, Complaint, ComplaintEvent
from ipoffice.complaints.statistics import COMPLAINTS
from ipoffice.offices.models import Office, OfficeLevel
from ipoffice.reporting import rollup

CITY_CENTERS = [
    # provincial capitals
    "130100", "140100", "150100", "210100", "220100", "230100", "320100", "330100", "340100",
    "350100", "360100", "370100", "410100", "420100", "430100", "440100", "450100", "460100",
    "510100", "520100", "530100", "540100", "610100", "620100", "630100", "640100", "650100",
    # cities separately listed in the state plan
    "210200", "330200", "350200", "370200", "440300",
    # large manufacturing and trading cities
    "320500", "320200", "320400", "320600", "330300", "330600", "330700", "440600", "441900",
    "442000", "440400", "370600", "350500", "130200", "410300",
]  # fmt: skip
CHANNELS = (
    ("phone", 40),
    ("web", 25),
    ("walk_in", 10),
    ("letter", 5),
    ("email", 8),
    ("e_commerce", 7),
    ("work_station", 5),
)
KINDS = (
    ("consultation", 35),
    ("infringement_complaint", 30),
    ("passing_off_report", 20),
    ("assistance_request", 10),
    ("takedown_request", 5),
)


def _center_name(office: Office) -> tuple[str, str]:
    short_zh = office.name_zh.removesuffix("知识产权局")
    short_en = office.name_en.removesuffix(" Intellectual Property Office")
    return f"{short_zh}知识产权维权援助中心", f"{short_en} IP Enforcement Assistance Center"


@transaction.atomic
def demo_centers_78_load() -> int:
    """Create the centers that are missing; return how many centers there are."""
    hosts = list(Office.objects.filter(level=OfficeLevel.PROVINCIAL)) + list(
        Office.objects.filter(code__in=CITY_CENTERS)
    )
    existing = set(
        Office.objects.filter(level=OfficeLevel.ASSISTANCE_CENTER).values_list("code", flat=True)
    )
    new = []
    for host in hosts:
        code = f"{host.code}-C1"
        if code in existing:
            continue
        name_zh, name_en = _center_name(host)
        new.append(
            Office(
                code=code,
                parent=host,
                level=OfficeLevel.ASSISTANCE_CENTER,
                name_zh=name_zh,
                name_en=name_en,
                path=f"{host.path}{code}/",
            )
        )
    Office.objects.bulk_create(new)
    return Office.objects.filter(level=OfficeLevel.ASSISTANCE_CENTER).count()


@transaction.atomic
def demo_complaints_history_load(*, per_year: int = 3000, seed: int = 12330) -> int:
    if Complaint.objects.filter(received_on__year__in=(2012, 2013)).exists():
        return 0
    rng = random.Random(seed)
    centers = list(
        Office.objects.filter(level=OfficeLevel.ASSISTANCE_CENTER).select_related("parent")
    )
    shared_hash = code_hash(new_secret(8))  # nobody holds these codes: demo records
    complaints = []
    for year in (2012, 2013):
        for n in range(per_year):
            center = rng.choice(centers)
            received = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
            channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
            area = center.code[:6]
            province = area[:2] + "0000"
            closed = received + timedelta(days=rng.randint(3, 60))
            complaints.append(
                Complaint(
                    tracking_number=f"{received:%Y%m%d}-H{year % 100:02d}{n:04d}",
                    code_hash=shared_hash,
                    kind=kind,
                    channel=channel,
                    center=center,
                    routing_note="demo",
                    subject="示例举报投诉",
                    description=f"{year} 年示例 {n}",
                    province_code=province,
                    city_code="" if area == province else area,
                    received_on=received,
                    reviewed_on=received + timedelta(days=rng.randint(0, 6)),
                    review_due_on=received + timedelta(days=7),
                    closed_on=closed,
                    status="closed",
                    reply="已告知处理结果",
                    rating=rng.choice([None, 3, 4, 5, 5]),
                    anonymous=kind == "passing_off_report" and rng.random() < 0.2,
                )
            )
    Complaint.objects.bulk_create(complaints, batch_size=2000)
    Complainant.objects.bulk_create(
        [
            Complainant(complaint=c, name="" if c.anonymous else f"投诉人{i}")
            for i, c in enumerate(complaints)
        ],
        batch_size=2000,
    )
    events = [
        ComplaintEvent(
            complaint=c, on=c.received_on, action="submit", to_status="received", public=True
        )
        for c in complaints
    ]
    history_seal_first(events)
    ComplaintEvent.objects.bulk_create(events, batch_size=2000)
    rollup.rebuild(COMPLAINTS)  # written in bulk, past the records' own saves
    return len(complaints)
