"""Enforcement records for 2012 and 2013 whose statistics are exactly the published ones.

2013: 16,227 cases accepted (4,684 infringement disputes, 372 other disputes, 11,171
passing off); 2012: 9,025 (2,232 / 278 / 6,515). 9,025 rather than the bulletin's
9,022 because the annual report's "+79.8%" needs 9,023 to 9,027 (docs/demo-data.md).
Written in bulk, in seconds; spread over provinces, cities, months, sources, outcomes
and patent types, reproducibly (a fixed seed).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from ipoffice.campaigns.models import Campaign
from ipoffice.cases.deadlines import case_due_on, concluded_in_time
from ipoffice.cases.models import Case, CaseEvent, CaseNumberCounter, CasePatent, Party
from ipoffice.cases.services import case_number_format
from ipoffice.cases.statistics import ENFORCEMENT
from ipoffice.common.bulk import write_objects
from ipoffice.common.history import history_seal_first
from ipoffice.common.identifiers import patent_check_character
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.demo.programmes import demo_campaigns_load
from ipoffice.offices.models import Office, OfficeLevel
from ipoffice.reporting import rollup
from ipoffice.reporting.definitions import FORMS

# (year, infringement disputes, other disputes, passing off)
YEARS = {2012: (2232, 278, 6515), 2013: (4684, 372, 11171)}
# 2013 disputes by patent type (invention, utility model, design): 562 + 1,665 + 2,829.
DISPUTE_PATENT_TYPES_2013 = (("1", 562), ("2", 1665), ("3", 2829))
DISPUTE_PATENT_SHARES_2012 = (("1", 0.12), ("2", 0.34), ("3", 0.54))
FOREIGN_SHARE = {2012: 90 / 2232, 2013: 362 / 4684}  # of infringement disputes
# Relative weight of each province's caseload (the big coastal provinces lead).
HEAVY = {
    "320000": 14,
    "330000": 13,
    "440000": 11,
    "370000": 10,
    "430000": 9,
    "410000": 5,
    "350000": 4,
    "340000": 4,
    "420000": 4,
    "510000": 4,
    "110000": 3,
    "310000": 3,
    "210000": 3,
    "120000": 2,
    "500000": 2,
    "360000": 2,
    "130000": 2,
    "610000": 2,
}
OUTCOMES = {
    "infringement_dispute": (
        ("infringement_found", 45),
        ("mediated", 35),
        ("withdrawn", 10),
        ("dismissed", 5),
        ("no_infringement", 5),
    ),
    "other_dispute": (("mediated", 70), ("withdrawn", 20), ("dismissed", 10)),
    "passing_off": (("penalty_imposed", 85), ("dismissed", 10), ("transferred", 5)),
}
SOURCES = {
    "dispute": (("complaint", 90), ("referral", 10)),
    "passing_off": (
        ("ex_officio", 40),
        ("e_commerce", 20),
        ("exhibition", 15),
        ("report", 20),
        ("referral", 5),
    ),
}


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _offices() -> tuple[list[Office], list[float]]:
    """Every provincial and municipal office, weighted: a tenth of a province's cases at
    the provincial office, the rest over its cities (capital first, then falling)."""
    offices, weights = [], []
    provinces = Office.objects.filter(level=OfficeLevel.PROVINCIAL).order_by("code")
    cities_by_province: dict[int, list[Office]] = {}
    for city in Office.objects.filter(level=OfficeLevel.MUNICIPAL).order_by("code"):
        cities_by_province.setdefault(city.parent_id or 0, []).append(city)
    for province in provinces:
        total = HEAVY.get(province.code, 1)
        cities = cities_by_province.get(province.pk, [])
        offices.append(province)
        weights.append(total * (0.1 if cities else 1.0))
        for rank, city in enumerate(cities):
            offices.append(city)
            weights.append(total * 0.9 / (rank + 2) / sum(1 / (r + 2) for r in range(len(cities))))
    return offices, weights


def _patent_number(rng: random.Random, type_digit: str, year: int) -> str:
    digits = f"{rng.randint(year - 8, year - 1)}{type_digit}{rng.randrange(10**7):07d}"
    return f"{digits}.{patent_check_character(digits)}"


def _plan(year: int, rng: random.Random) -> list[tuple[str, str]]:
    """(case type, patent type digit or "") for every case of the year, shuffled."""
    infringement, other, passing_off = YEARS[year]
    disputes = infringement + other
    if year == 2013:
        types = [t for t, n in DISPUTE_PATENT_TYPES_2013 for _ in range(n)]
    else:
        types = [
            t for t, share in DISPUTE_PATENT_SHARES_2012 for _ in range(round(disputes * share))
        ]
        types = (types + ["3"] * disputes)[:disputes]
    rng.shuffle(types)
    kinds = ["infringement_dispute"] * infringement + ["other_dispute"] * other
    plan = list(zip(kinds, types, strict=True)) + [("passing_off", "")] * passing_off
    rng.shuffle(plan)
    return plan


@transaction.atomic
def demo_history_load(*, seed: int = 2013, progress: Callable[[str], None] | None = None) -> int:
    """Create the 2012 and 2013 records unless they exist; return how many cases."""
    if Case.objects.filter(year__in=YEARS, case_number__contains="-2013-").exists():
        return 0
    rng = random.Random(seed)
    calendar = WorkingCalendar.from_db()
    offices, weights = _offices()
    sequence: dict[tuple[int, int], int] = {}
    created = 0
    convoy = demo_campaigns_load()
    for year in YEARS:
        plan = _plan(year, rng)
        homes = rng.choices(offices, weights=weights, k=len(plan))
        foreign_left = round(YEARS[year][0] * FOREIGN_SHARE[year])
        batch: list[tuple[Case, str]] = []
        for (case_type, patent_type), office in zip(plan, homes, strict=True):
            case = _case(rng, year, case_type, office, calendar, sequence, convoy[year])
            if case_type == "infringement_dispute" and foreign_left:
                case.foreign_related, foreign_left = True, foreign_left - 1
            batch.append((case, patent_type))
            if len(batch) == 5000:
                created += _write(batch, rng, year)
                batch = []
                if progress:
                    progress(f"{created:,} cases written")
        created += _write(batch, rng, year)
        if progress:
            progress(f"{created:,} cases written ({year} done)")
    CaseNumberCounter.objects.bulk_create(
        [CaseNumberCounter(office_id=o, year=y, last=n) for (o, y), n in sequence.items()],
        update_conflicts=True,
        unique_fields=["office", "year"],
        update_fields=["last"],
    )
    rollup.rebuild(ENFORCEMENT)  # written in bulk, past the records' own saves
    rollup.rebuild(FORMS["campaigns"])
    return created


def _case(
    rng: random.Random,
    year: int,
    case_type: str,
    office: Office,
    calendar: WorkingCalendar,
    sequence: dict[tuple[int, int], int],
    convoy: Campaign,
) -> Case:
    accepted = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    filed = accepted - timedelta(days=rng.randint(1, 4))
    kind = "passing_off" if case_type == "passing_off" else "dispute"
    source = _pick(rng, SOURCES[kind])
    key = (office.pk, filed.year)
    sequence[key] = sequence.get(key, 0) + 1
    span = rng.randint(10, 45) if case_type == "passing_off" else rng.randint(20, 130)
    outcome = _pick(rng, OUTCOMES[case_type])
    concluded = accepted + timedelta(days=span)
    case = Case(
        office=office,
        case_number=case_number_format(office.code, filed.year, sequence[key]),
        year=filed.year,
        sequence=sequence[key],
        case_type=case_type,
        dispute_subtype=rng.choice(
            ["ownership", "inventorship", "remuneration", "provisional_protection_fee", "other"]
        )
        if case_type == "other_dispute"
        else "",
        source=source,
        e_commerce=source == "e_commerce",
        industry="exhibitions"
        if source == "exhibition"
        else rng.choice(["livelihood", "specialized_markets", "major_projects", ""]),
        campaign=convoy if rng.random() < 0.35 else None,  # the year's Convoy campaign
        filed_on=filed,
        accepted_on=accepted,
        concluded_on=concluded,
        outcome=outcome,
        published_on=concluded + timedelta(days=rng.randint(3, 15))
        if outcome in ("infringement_found", "penalty_imposed")
        else None,
        closed_on=concluded + timedelta(days=rng.randint(15, 30)),
        status="closed",
        fine_amount=Decimal(rng.choice([2000, 5000, 10000, 20000, 30000, 50000]))
        if outcome == "penalty_imposed"
        else None,
    )
    case.concluded_within_limit = concluded_in_time(case, calendar)
    case.due_on = case_due_on(case, calendar)
    return case


RESPONDENTS = ["商贸有限公司", "电器商行", "五金经营部", "科技有限公司", "网店", "展台经营者"]
PLACES = ["华东", "金陵", "鹏城", "姑苏", "岭南", "钱塘", "齐鲁", "荆楚"]


def _write(batch: list[tuple[Case, str]], rng: random.Random, year: int) -> int:
    if not batch:
        return 0
    cases = Case.objects.bulk_create([c for c, _ in batch], batch_size=2000)
    patents, parties, events = [], [], []
    for case, patent_type in batch:
        if patent_type:
            patents.append(
                CasePatent(
                    case=case,
                    patent_type={"1": "invention", "2": "utility_model", "3": "design"}[
                        patent_type
                    ],
                    application_number=_patent_number(rng, patent_type, year),
                )
            )
            parties.append(
                Party(
                    case=case,
                    role="requester",
                    kind="organisation",
                    name=f"{rng.choice(PLACES)}{rng.choice(RESPONDENTS[:4])}",
                )
            )
        parties.append(
            Party(
                case=case,
                role="respondent",
                kind="organisation",
                name=f"{rng.choice(PLACES)}{rng.choice(RESPONDENTS)}",
            )
        )
        events.append(
            CaseEvent(
                case=case,
                action="import",
                on=case.filed_on,
                to_status=case.status,
                changes={"source": [None, "demo 2012-2013"]},
            )
        )
    # Parties, patents and history are three rows in four: written without bulk_create's
    # per-object SQL (COPY on PostgreSQL, one prepared INSERT on SQLite).
    write_objects(CasePatent, patents)
    write_objects(Party, parties)
    history_seal_first(events)
    write_objects(CaseEvent, events)
    return len(cases)
