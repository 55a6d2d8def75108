"""Seeded synthetic records at national scale, for benchmarks: years of cases and
complaints spread like the demo's, written with COPY on PostgreSQL (bulk inserts on SQLite).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ipoffice.campaigns.models import Campaign
from ipoffice.cases.models import Case, CaseNumberCounter, CasePatent, Party
from ipoffice.cases.statistics import ENFORCEMENT
from ipoffice.common.bulk import write_objects
from ipoffice.common.identifiers import patent_check_character
from ipoffice.complaints.intake import code_hash, new_secret
from ipoffice.complaints.models import Complainant, Complaint
from ipoffice.complaints.statistics import COMPLAINTS
from ipoffice.demo.centers import CHANNELS, KINDS, demo_centers_78_load
from ipoffice.demo.history import OUTCOMES, SOURCES, _offices, _pick
from ipoffice.offices.models import Office, OfficeLevel
from ipoffice.reporting import rollup
from ipoffice.reporting.definitions import FORMS

CASE_TYPES = (("infringement_dispute", 29), ("other_dispute", 2), ("passing_off", 69))
PATENT_TYPES = {"1": "invention", "2": "utility_model", "3": "design"}


def _case_rows(
    rng: random.Random,
    year: int,
    count: int,
    offices: list[Office],
    weights: list[float],
    sequence: dict[tuple[int, int], int],
    today: date,
    convoy: int,
) -> Iterator[dict[str, Any]]:
    homes = rng.choices(offices, weights=weights, k=count)
    now = timezone.now()
    for office in homes:
        case_type = _pick(rng, CASE_TYPES)
        accepted = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        filed = accepted - timedelta(days=rng.randint(1, 4))
        key = (office.pk, filed.year)
        sequence[key] = sequence.get(key, 0) + 1
        source = _pick(rng, SOURCES["passing_off" if case_type == "passing_off" else "dispute"])
        concluded = accepted + timedelta(days=rng.randint(10, 130))
        done = concluded < today - timedelta(days=30)
        outcome = _pick(rng, OUTCOMES[case_type]) if done else ""
        yield {
            "office_id": office.pk,
            "case_number": f"{office.code}-{filed.year}-{sequence[key]:05d}",
            "year": filed.year,
            "sequence": sequence[key],
            "case_type": case_type,
            "dispute_subtype": "ownership" if case_type == "other_dispute" else "",
            "source": source,
            "campaign_id": convoy if rng.random() < 0.3 else None,
            "industry": "",
            "e_commerce": source == "e_commerce",
            "foreign_related": rng.random() < 0.05,
            "title": "",
            "description": "",
            "status": "closed" if done else "investigation",
            "outcome": outcome,
            "filed_on": filed,
            "accepted_on": accepted,
            "concluded_on": concluded if done else None,
            "published_on": None,
            "closed_on": concluded if done else None,
            "fine_amount": rng.choice([5000, 10000, 20000])
            if outcome == "penalty_imposed"
            else None,
            "illegal_gains": None,
            "extension_approved": False,
            "extension_days": None,
            "transferred_to_id": None,
            "transferred_authority": "",
            "concluded_within_limit": (concluded - accepted).days <= 90 if done else None,
            "due_on": None if done else accepted + timedelta(days=90),
            "created_by_id": None,
            "created_at": now,
            "updated_at": now,
        }


def _write(model: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        # Every column, with the model's defaults for those the rows leave out (COPY
        # knows no Django defaults).
        write_objects(model, [model(**r) for r in rows])
    else:
        model.objects.bulk_create([model(**r) for r in rows], batch_size=2000)


@transaction.atomic
def generate(
    *,
    years: int,
    cases_per_year: int,
    complaints_per_year: int,
    seed: int = 1,
    progress: Callable[[str], None] | None = None,
    last_year: int | None = None,
) -> dict[str, int]:
    rng = random.Random(seed)
    today = date.today()
    last = last_year or today.year - 1
    offices, weights = _offices()
    demo_centers_78_load()
    centers = list(Office.objects.filter(level=OfficeLevel.ASSISTANCE_CENTER))
    sequence: dict[tuple[int, int], int] = {
        (c.office_id, c.year): c.last for c in CaseNumberCounter.objects.all()
    }
    totals = {"cases": 0, "complaints": 0}
    shared = code_hash(new_secret(8))
    for year in range(last - years + 1, last + 1):
        batch: list[dict[str, Any]] = []
        convoy = _convoy(year).pk
        rows = _case_rows(rng, year, cases_per_year, offices, weights, sequence, today, convoy)
        for row in rows:
            batch.append(row)
            if len(batch) == 20000:
                totals["cases"] += _flush_cases(batch, rng)
                batch = []
        totals["cases"] += _flush_cases(batch, rng)
        done = 0
        while done < complaints_per_year:
            size = min(20000, complaints_per_year - done)
            _flush_complaints(rng, year, size, centers, shared, totals["complaints"])
            done += size
            totals["complaints"] += size
        if progress:
            progress(f"{year}: {totals['cases']:,} cases, {totals['complaints']:,} complaints")
    CaseNumberCounter.objects.bulk_create(
        [CaseNumberCounter(office_id=o, year=y, last=n) for (o, y), n in sequence.items()],
        update_conflicts=True,
        unique_fields=["office", "year"],
        update_fields=["last"],
    )
    for form in (ENFORCEMENT, COMPLAINTS, FORMS["campaigns"]):  # written with COPY, past
        # the records' own saves
        if progress:
            progress(f"counting the {form.code} statistics ...")
        rollup.rebuild(form)
    return totals


def _convoy(year: int) -> Campaign:
    """The year's Convoy campaign, national (the demo's, or one made like it)."""
    found, _new = Campaign.objects.get_or_create(
        name_zh=f"护航{year}",
        defaults={"name_en": f"Convoy {year}", "year": year, "starts_on": date(year, 3, 1),
                  "ends_on": date(year, 11, 30), "organiser": Office.objects.get(code="100000")},
    )  # fmt: skip
    return found


def _flush_cases(batch: list[dict[str, Any]], rng: random.Random) -> int:
    if not batch:
        return 0
    _write(Case, batch)
    ids = dict(
        Case.objects.filter(case_number__in=[r["case_number"] for r in batch]).values_list(
            "case_number", "id"
        )
    )
    patents, parties = [], []
    for row in batch:
        case_id = ids[row["case_number"]]
        if row["case_type"] != "passing_off":
            digit = rng.choice("123")
            digits = f"{row['year'] - rng.randint(1, 8)}{digit}{rng.randrange(10**7):07d}"
            patents.append(
                {
                    "case_id": case_id,
                    "patent_type": PATENT_TYPES[digit],
                    "application_number": f"{digits}.{patent_check_character(digits)}",
                }
            )
        parties.append(
            {
                "case_id": case_id,
                "role": "respondent",
                "kind": "organisation",
                "name": f"商户{rng.randrange(100000)}",
                "id_number": "",
                "address": "",
                "contact": "",
            }
        )
    _write(CasePatent, patents)
    _write(Party, parties)
    return len(batch)


def _flush_complaints(
    rng: random.Random, year: int, size: int, centers: list[Office], shared: str, offset: int
) -> None:
    rows = []
    for n in range(size):
        center = rng.choice(centers)
        received = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        area = center.code[:6]
        rows.append(
            {
                "tracking_number": f"{received:%Y%m%d}-G{offset + n:08d}",
                "code_hash": shared,
                "kind": _pick(rng, KINDS),
                "channel": _pick(rng, CHANNELS),
                "center_id": center.pk,
                "routing_note": "generated",
                "subject": "生成的举报投诉",
                "description": "",
                "province_code": area[:2] + "0000",
                "city_code": "",
                "respondent_name": "",
                "respondent_code": "",
                "listing_urls": "[]",
                "anonymous": False,
                "platform_id": None,
                "status": "closed",
                "complex_matter": False,
                "received_on": received,
                "reviewed_on": received,
                "transferred_on": None,
                "receipt_on": None,
                "result_on": None,
                "closed_on": received + timedelta(days=rng.randint(3, 60)),
                "transferred_to_id": None,
                "authority": "",
                "authority_name": "",
                "result": "",
                "reply": "已告知",
                "rating": rng.choice([None, 4, 5]),
                "case_id": None,
                "merged_into_id": None,
                "escalated": False,
                "due_on": None,
                "review_due_on": received + timedelta(days=7),
                "created_at": received,
                "updated_at": received,
            }
        )
    if connection.vendor != "postgresql":
        for row in rows:
            row["listing_urls"] = []
    _write(Complaint, rows)
    ids = Complaint.objects.filter(
        tracking_number__in=[r["tracking_number"] for r in rows]
    ).values_list("id", flat=True)
    _write(
        Complainant,
        [
            {"complaint_id": i, "name": "投诉人", "phone": "", "email": "", "address": ""}
            for i in ids
        ],
    )
