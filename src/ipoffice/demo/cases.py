"""Demo cases: a few hundred coherent cases run through the real services."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ipoffice.accounts.models import User
from ipoffice.cases.models import Case
from ipoffice.cases.services import case_create, case_record_step, case_transition
from ipoffice.common.identifiers import patent_check_character
from ipoffice.demo.programmes import demo_campaigns_load

CASE_OFFICES = ["js", "gd", "nanjing", "suzhou", "shenzhen"]
COMPANIES = ["华东精密机械有限公司", "金陵照明科技有限公司", "鹏城电子股份有限公司",
             "姑苏纺织有限公司", "岭南家电制造有限公司", "长江医疗器械有限公司"]  # fmt: skip
RESPONDENTS = ["某电器商行", "某五金经营部", "某网店", "某贸易有限公司", "某展台经营者"]
# Companies that are respondents in several offices' cases (repeat respondents), with
# their unified social credit codes.
REPEATED = [("苏南电器制造有限公司", "91320100MA1B2C3D88"),
            ("吴中五金贸易有限公司", "91320500MA2C3D4E3U"),
            ("深南电子科技有限公司", "91440300MA3D4E5F9H")]  # fmt: skip
CAMPAIGNS = ["护航2025", "护航2026", ""]


def _patent(rng: random.Random, year: int) -> str:
    digits = f"{year}{rng.choice('1223')}{rng.randrange(10**7):07d}"
    return f"{digits}.{patent_check_character(digits)}"


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def _case_data(rng: random.Random, filed_on: date) -> dict[str, Any]:
    case_type = rng.choices(["infringement_dispute", "other_dispute", "passing_off"],
                            weights=[30, 3, 67])[0]  # fmt: skip
    disputes = case_type != "passing_off"
    source = (rng.choice(["complaint", "complaint", "referral"]) if disputes
              else rng.choice(["report", "ex_officio", "e_commerce", "exhibition"]))  # fmt: skip
    data = {
        "case_type": case_type, "source": source, "filed_on": filed_on,
        "dispute_subtype": rng.choice(["ownership", "inventorship", "remuneration"])
        if case_type == "other_dispute" else "",
        "campaign": rng.choice(CAMPAIGNS), "e_commerce": source == "e_commerce",
        "foreign_related": rng.random() < 0.06,
        "industry": rng.choice(["livelihood", "specialized_markets", "exhibitions", ""]),
        "patent_numbers": [_patent(rng, rng.randint(2012, 2023))] if disputes or rng.random() < .5
        else [],
        "requester_name": rng.choice(COMPANIES) if disputes else "",
        "respondent_name": rng.choice(RESPONDENTS),
    }  # fmt: skip
    if rng.random() < 0.15:
        data["respondent_name"], data["respondent_id"] = rng.choice(REPEATED)
    return data


def _run(case: Case, officer: User, head: User, rng: random.Random, today: date) -> None:
    day = case.filed_on + _days(rng, 1, 4)
    if day > today:
        return
    if rng.random() < 0.05:
        case_transition(actor=officer, case=case, name="refuse", on=day, reason="不符合受理条件")
        return
    case = case_transition(actor=officer, case=case, name="accept", on=day)
    disputes = case.case_type != "passing_off"
    day += _days(rng, 2, 10)
    if day > today:
        return
    case = case_transition(actor=officer, case=case, name="start_investigation", on=day)
    case_record_step(actor=officer, case=case, step="serve_respondent", on=day)
    day += _days(rng, 5, 80 if disputes else 35)
    if day > today:
        return
    if disputes and rng.random() < 0.45:
        case = case_transition(actor=officer, case=case, name="start_mediation", on=day)
        case = case_transition(
            actor=officer,
            case=case,
            name="settle",
            on=day,
            reason="双方达成协议",
            terms="被请求人停止销售涉案产品，并赔偿请求人经济损失。",
        )
    elif case.case_type == "passing_off":
        case = case_transition(
            actor=head,
            case=case,
            name="decide",
            on=day,
            reason="查证属实",
            outcome="penalty_imposed",
            fine_amount=Decimal(rng.choice([5000, 10000, 20000, 50000])),
        )
    elif case.case_type == "infringement_dispute":
        outcome = rng.choice(["infringement_found"] * 4 + ["no_infringement", "dismissed"])
        case = case_transition(actor=head, case=case, name="decide", on=day, reason="经审理查明",
                               outcome=outcome)  # fmt: skip
    else:
        case = case_transition(actor=officer, case=case, name="withdraw", on=day, reason="撤回请求")
    if case.outcome in ("infringement_found", "penalty_imposed"):
        day += _days(rng, 3, 15)
        if day > today:
            return
        case = case_transition(actor=officer, case=case, name="publish_decision", on=day)
    day += _days(rng, 1, 10)
    if day <= today:
        case_transition(actor=officer, case=case, name="close", on=day)


@transaction.atomic
def demo_cases_load(*, per_office: int = 60, seed: int = 2013) -> int:
    """Create demo cases unless the demo offices already have some; return how many."""
    if Case.objects.filter(
        created_by__username__in=[f"{p}_officer" for p in CASE_OFFICES]
    ).exists():
        return 0
    demo_campaigns_load()  # the campaigns its cases are tagged to
    rng = random.Random(seed)
    today = timezone.localdate()
    created = 0
    for prefix in CASE_OFFICES:
        officer = User.objects.select_related("office").get(username=f"{prefix}_officer")
        head = User.objects.get(username=f"{prefix}_head")
        for _ in range(per_office):
            filed_on = today - _days(rng, 0, 540)
            case = case_create(actor=officer, office=officer.office,
                               data=_case_data(rng, filed_on))  # fmt: skip
            _run(case, officer, head, rng, today)
            created += 1
    return created
