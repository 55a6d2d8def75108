"""Schemes, rounds and the people who assess, for the assessment tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ipoffice.accounts.roles import Role
from ipoffice.assessment.enums import AssessedLevel, AssessmentStatus, RuleKind
from ipoffice.assessment.models import Assessment, Scheme
from ipoffice.assessment.services import (
    assessment_transition,
    evidence_attach,
    manual_award,
    manual_claim,
    round_open,
    scheme_adopt,
    scheme_create,
)
from ipoffice.offices.models import Office
from ipoffice.reporting.tests.conftest import add_cases  # noqa: F401 (a fixture)

E = "enforcement"


def per(code: str, figure: str, points: float, cap: float | None = None, **extra: Any) -> dict:
    return {
        "code": code, "group_zh": "案件办理", "group_en": "Case handling", "name_zh": code,
        "name_en": code, "kind": RuleKind.PER_RECORD, "cap": cap,
        "rule": {"terms": [{"form": E, "figure": figure, "points": points}]}, **extra,
    }  # fmt: skip


def manual(code: str, most: float = 5) -> dict:
    return {
        "code": code, "group_zh": "能力建设", "group_en": "Capacity", "name_zh": code,
        "name_en": code, "kind": RuleKind.MANUAL, "rule": {"max": most, "evidence": True},
    }  # fmt: skip


@pytest.fixture
def people(make_user: Callable[..., Any]) -> dict[str, Any]:
    return {
        "cn": make_user("100000", Role.OFFICE_HEAD, username="cn_head"),
        "js": make_user("320000", Role.OFFICE_HEAD, username="js_head"),
        "js_analyst": make_user("320000", Role.ANALYST, username="js_analyst"),
        "gd": make_user("440000", Role.OFFICE_HEAD, username="gd_head"),
        "nj": make_user("320100", Role.OFFICE_HEAD, username="nj_head"),
        "nj_officer": make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_officer"),
        "sz": make_user("320500", Role.OFFICE_HEAD, username="sz_head"),
        "gz": make_user("440100", Role.OFFICE_HEAD, username="gz_head"),
    }


@pytest.fixture
def adopted(people: dict[str, Any]) -> Callable[..., Scheme]:
    """An adopted scheme for a year and level, from indicator dicts."""

    def make(*indicators: dict, level: str = AssessedLevel.MUNICIPAL, year: int = 2013,
             **fields: Any) -> Scheme:  # fmt: skip
        scheme = scheme_create(actor=people["cn"], year=year, level=level, name_zh="测试方案",
                               source="测试", indicators=list(indicators), **fields)  # fmt: skip
        return scheme_adopt(actor=people["cn"], scheme=scheme)

    return make


@pytest.fixture(autouse=True)
def fresh_cache() -> Any:
    """Rolled-back tests give the next one the same row ids: a round's totals cached under
    them (selectors.round_totals) must not reach another test."""
    from django.core.cache import cache

    cache.clear()
    yield


def evidence(name="media.txt"):
    return SimpleUploadedFile(name, "《中国知识产权报》报道三篇".encode(), "text/plain")


def mine(round_, code):
    return Assessment.objects.get(round=round_, office__code=code)


def submitted(people, round_, code, actor, points=4):
    assessment = mine(round_, code)
    manual_claim(actor=actor, assessment=assessment, indicator="media", points=points)
    if points:
        evidence_attach(actor=actor, assessment=assessment, indicator="media", upload=evidence())
    return assessment_transition(actor=actor, assessment=assessment, name="submit")


def confirm_all(people, round_):
    heads = {"320100": people["nj"], "320500": people["sz"]}
    for code, head in heads.items():
        assessment = mine(round_, code)
        if assessment.status != AssessmentStatus.SUBMITTED:
            submitted(people, round_, code, head, points=0)
        assessment = mine(round_, code)
        for score_ in assessment.manual_scores.filter(awarded__isnull=True):
            manual_award(actor=people["js"], assessment=assessment,
                         indicator=score_.indicator.code, points=score_.claimed)  # fmt: skip
        assessment_transition(actor=people["js"], assessment=assessment, name="review")
        assessment_transition(actor=people["cn"], assessment=mine(round_, code), name="confirm")


@pytest.fixture
def two_cities(people, adopted, add_cases):  # noqa: F811 (the fixture imported above)
    """A round of two cities (the others are set inactive, so not assessed)."""
    Office.objects.filter(level="municipal").exclude(code__in=["320100", "320500"]).update(
        is_active=False
    )
    scheme = adopted(per("passing_off", "passing_off_accepted", 1, cap=15), manual("media"))
    add_cases("320100", 4, accepted_on=date(2013, 3, 1))
    add_cases("320500", 6, accepted_on=date(2013, 3, 1))
    return round_open(actor=people["cn"], year=2013, level=scheme.level)
