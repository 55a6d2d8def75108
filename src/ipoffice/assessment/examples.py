"""The example schemes of 2013, as data (docs/assessment.md).

The source: SIPO's "Measures on the Performance Assessment of 2013 Patent Administrative
Enforcement and Complaints Handling of IP Enforcement Assistance" (2013 annual report,
chapter III). The measures' own point table is not in our references; the points per
item follow the published local scoring table of the same kind (专利行政执法工作绩效考核
项目表, docs/sources.md), whose counts are "as confirmed by the case reporting system".
The caps and the centers' indicators are ours, chosen so that no single item decides a
ranking; an office adopting ipoffice enters its own measures as a new version.
"""

from __future__ import annotations

from typing import Any

from ipoffice.assessment.enums import AssessedLevel, RuleKind, ValueSource

SOURCE_2013 = (
    "《2013年度专利行政执法及知识产权维权援助举报投诉工作绩效考核评价办法》"
    "(国家知识产权局, 2013); 分值参照《专利行政执法工作绩效考核项目表》"
)

E, C, R, Q = "enforcement", "coordination", "coordination_received", "complaints"
CASES_ZH, CASES_EN = "案件办理", "Case handling"
QUALITY_ZH, QUALITY_EN = "办案质量与公开", "Case quality and disclosure"
WORK_ZH, WORK_EN = "宣传与能力建设", "Publicity and capacity building"


def _f(form: str, figure: str) -> dict[str, str]:
    return {"form": form, "figure": figure}


def _per(*terms: tuple[str, str, float]) -> dict[str, Any]:
    return {"terms": [{**_f(form, figure), "points": points} for form, figure, points in terms]}


def _bands(top: float, step: float = 10) -> list[dict[str, float]]:
    """≥ top → 10, ≥ top - step → 9, … and at or below the lowest limit → 1."""
    found: list[dict[str, float]] = []
    limit, points = top, 10.0
    while points > 2:
        found.append({"at_least": limit, "points": points})
        limit, points = limit - step, points - 1
    return [*found, {"above": limit, "points": 2}, {"at_least": 0, "points": 1}]


def _indicator(
    code: str,
    group: tuple[str, str],
    name: tuple[str, str],
    kind: str,
    rule: dict[str, Any],
    cap: float | None = None,
) -> dict[str, Any]:
    return {
        "code": code,
        "group_zh": group[0],
        "group_en": group[1],
        "name_zh": name[0],
        "name_en": name[1],
        "kind": kind,
        "rule": rule,
        "cap": cap,
        "weight": 1,
    }


def _enforcement(scale: float) -> list[dict[str, Any]]:
    """The enforcement scheme; cities' caps are ``scale`` of the provinces'."""
    cases, quality, work = (CASES_ZH, CASES_EN), (QUALITY_ZH, QUALITY_EN), (WORK_ZH, WORK_EN)
    return [
        _indicator("disputes", cases, ("调处专利纠纷案件", "Patent disputes handled"),
                   RuleKind.PER_RECORD, _per((E, "disputes_accepted", 3)), 30 * scale),
        _indicator("disputes_growth", cases, ("纠纷案件增长", "Growth of disputes handled"),
                   RuleKind.GROWTH, {**_f(E, "disputes_accepted"), "points": 1, "per_pct": 10},
                   5),
        _indicator("passing_off", cases, ("查处假冒专利案件", "Passing-off cases"),
                   RuleKind.PER_RECORD, _per((E, "passing_off_accepted", 1)), 15 * scale),
        _indicator("passing_off_growth", cases, ("假冒专利案件增长", "Growth of passing-off cases"),
                   RuleKind.GROWTH, {**_f(E, "passing_off_accepted"), "points": 1, "per_pct": 10},
                   5),
        _indicator("exhibition_e_commerce", cases,
                   ("展会及电子商务领域案件", "Exhibition and e-commerce cases"),
                   RuleKind.PER_RECORD,
                   _per((E, "exhibition_accepted", 0.1), (E, "e_commerce_accepted", 0.1)), 5),
        _indicator("transfers", cases, ("移送及接收案件", "Cases transferred out or received"),
                   RuleKind.PER_RECORD,
                   _per((E, "cases_transferred", 0.1), (R, "requests_received", 0.1)), 3),
        _indicator("cross_region", cases, ("跨地区协作案件", "Cross-region cooperation cases"),
                   RuleKind.PER_RECORD, _per((C, "cross_region_cases", 0.2)), 3),
        _indicator("supervised", cases, ("督办案件结案", "Supervised cases concluded"),
                   RuleKind.PER_RECORD, _per((E, "supervised_cases_closed", 0.5)), 5),
        _indicator("closure_rate", quality, ("法定期限内结案率", "Concluded within the time limit"),
                   RuleKind.RATE_BANDS,
                   {"numerator": _f(E, "closed_within_time_limit"),
                    "denominator": _f(E, "cases_closed"), "bands": _bands(90), "empty": 0}),
        _indicator("decisions", quality, ("作出处理及处罚决定", "Decisions issued"),
                   RuleKind.PER_RECORD, _per((E, "decisions_issued", 5)), 20 * scale),
        _indicator("disclosure", quality, ("案件信息公开", "Case information disclosed"),
                   RuleKind.PER_RECORD, _per((E, "decisions_published", 0.5)), 10 * scale),
        _indicator("litigation", quality, ("行政诉讼", "Administrative litigation"),
                   RuleKind.PER_RECORD,
                   _per((E, "administrative_litigation", 1),
                        (E, "administrative_litigation_won", 4)),
                   10),
        _indicator("media", work, ("媒体宣传报道", "Media reports"),
                   RuleKind.MANUAL, {"max": 5, "evidence": True}),
        _indicator("legislation", work, ("地方立法与制度建设", "Legislation and rules"),
                   RuleKind.MANUAL, {"max": 5, "evidence": True}),
        _indicator("capacity", work, ("执法能力建设", "Capacity building"),
                   RuleKind.MANUAL, {"max": 5, "evidence": True}),
    ]  # fmt: skip


def _centers() -> list[dict[str, Any]]:
    work = ("举报投诉处理", "Complaint handling")
    service = ("服务质量", "Quality of service")
    return [
        _indicator("received", work, ("受理举报投诉", "Complaints received"),
                   RuleKind.PER_RECORD, _per((Q, "complaints_received", 0.05)), 20),
        _indicator("received_growth", work, ("受理量增长", "Growth of complaints received"),
                   RuleKind.GROWTH, {**_f(Q, "complaints_received"), "points": 1, "per_pct": 10},
                   5),
        _indicator("reviewed_on_time", work, ("按期审查", "Reviewed on time"),
                   RuleKind.RATE_BANDS,
                   {"numerator": _f(Q, "reviewed_on_time"), "denominator": _f(Q, "reviewed"),
                    "bands": _bands(95, 5), "empty": 0}),
        _indicator("transferred_on_time", work, ("按期转办", "Transferred on time"),
                   RuleKind.RATE_BANDS,
                   {"numerator": _f(Q, "transferred_on_time"), "denominator": _f(Q, "transferred"),
                    "bands": _bands(95, 5), "empty": 0}),
        _indicator("results_returned", service, ("结果反馈", "Results returned"),
                   RuleKind.RATE_BANDS,
                   {"numerator": _f(Q, "results_returned"),
                    "denominator": _f(Q, "complaints_received"), "bands": _bands(90), "empty": 0}),
        _indicator("satisfaction", service, ("满意度", "Satisfaction"),
                   RuleKind.RATE_BANDS,
                   {"numerator": _f(Q, "satisfaction_resolved"),
                    "denominator": _f(Q, "satisfaction_answers"), "bands": _bands(90),
                    "empty": 0}),
        _indicator("overdue", service, ("超期督办（扣分）", "Escalated as overdue (deduction)"),
                   RuleKind.PER_RECORD, _per((Q, "escalated", -0.5))),
        _indicator("publicity", ("宣传与能力建设", "Publicity and capacity building"),
                   ("宣传与培训", "Publicity and training"), RuleKind.MANUAL,
                   {"max": 5, "evidence": True}),
    ]  # fmt: skip


def schemes_2013() -> list[dict[str, Any]]:
    """The 2013 schemes for provinces, cities and centers, as ``scheme_create`` takes them."""
    common = {"year": 2013, "source": SOURCE_2013}
    return [
        {**common, "level": AssessedLevel.PROVINCIAL, "indicators": _enforcement(1),
         "name_zh": "2013年度省级专利行政执法绩效考核",
         "name_en": "2013 assessment of provincial patent enforcement"},
        {**common, "level": AssessedLevel.MUNICIPAL, "indicators": _enforcement(0.5),
         "name_zh": "2013年度市级专利行政执法绩效考核",
         "name_en": "2013 assessment of municipal patent enforcement"},
        {**common, "level": AssessedLevel.ASSISTANCE_CENTER, "indicators": _centers(),
         "name_zh": "2013年度维权援助中心举报投诉工作绩效考核",
         "name_en": "2013 assessment of the assistance centers' complaint work",
         "value_source": ValueSource.RECORDS},
    ]  # fmt: skip
