"""Every transition of every workflow, allowed and refused, walked from the tables
themselves: a transition added to a table is covered without editing this file."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ipoffice.accounts.roles import Role
from ipoffice.assessment.enums import AssessedLevel, RoundStatus, RuleKind
from ipoffice.assessment.models import Assessment, Indicator, Round, Scheme
from ipoffice.assessment.workflow import ASSESSMENT_WORKFLOW, ROUND_WORKFLOW, SCHEME_WORKFLOW
from ipoffice.cases.ebusiness import TAKEDOWN_WORKFLOW
from ipoffice.cases.enums import OUTCOMES, PUBLISHED_OUTCOMES, CaseStatus, CaseType, Outcome
from ipoffice.cases.models import Case, ExtensionRequest
from ipoffice.cases.suspension import CONSULTATION_WORKFLOW, SUSPENSION_WORKFLOW
from ipoffice.cases.workflow import CASE_WORKFLOW, EXTENSION_WORKFLOW
from ipoffice.common.errors import ApplicationError, PermissionDeniedError
from ipoffice.common.workflow import (
    StatusWriteError,
    Transition,
    Workflow,
    transition_perform,
    transition_problem,
)
from ipoffice.complaints.enums import ComplaintStatus
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.workflow import COMPLAINT_WORKFLOW
from ipoffice.coordination.models import CoordinationRequest
from ipoffice.coordination.workflow import REQUEST_WORKFLOW
from ipoffice.demo.people import demo_centers_load
from ipoffice.offices.models import Office
from ipoffice.outbox.models import OutboxMessage
from ipoffice.outbox.workflow import MESSAGE_WORKFLOW
from ipoffice.reporting.models import Report
from ipoffice.reporting.workflow import REPORT_WORKFLOW

WORKFLOWS = (
    CASE_WORKFLOW,
    COMPLAINT_WORKFLOW,
    REPORT_WORKFLOW,
    EXTENSION_WORKFLOW,
    MESSAGE_WORKFLOW,
    SUSPENSION_WORKFLOW,
    CONSULTATION_WORKFLOW,
    TAKEDOWN_WORKFLOW,
    REQUEST_WORKFLOW,
    SCHEME_WORKFLOW,
    ROUND_WORKFLOW,
    ASSESSMENT_WORKFLOW,
)
STAFF = {"enforcement_staff": 12, "premises_inspected": 40, "training_sessions": 2}


def _values(workflow: Workflow, name: str) -> list[str]:
    field = workflow.model._meta.get_field(name)
    return [value for value, _label in field.flatchoices]  # type: ignore[union-attr]


def _every_pair() -> list[Any]:
    return [
        pytest.param(w, t, id=f"{w.name}-{t.name}")
        for w in WORKFLOWS
        for t in w.transitions.values()
    ]


@pytest.mark.parametrize(("workflow", "t"), _every_pair())
def test_the_table_decides_from_which_state_and_kind(workflow: Workflow, t: Transition) -> None:
    kinds = _values(workflow, workflow.kind_field) if workflow.kind_field else [None]
    for status in _values(workflow, workflow.status_field):
        for kind in kinds:
            fields = {workflow.status_field: status}
            if kind is not None:
                fields[workflow.kind_field] = kind
            problem = transition_problem(workflow, workflow.model(**fields), t)
            table_allows = status in t.sources and (t.kinds is None or kind in t.kinds)
            if not table_allows:
                assert problem, (status, kind)
                assert str(t.label) in problem
            elif problem:  # only a rule of the record's own may refuse what the table allows
                assert workflow.problem is not None and str(t.label) not in problem


def test_every_target_is_a_status_and_every_stamp_a_date_field() -> None:
    for workflow in WORKFLOWS:
        statuses = set(_values(workflow, workflow.status_field))
        for t in workflow.transitions.values():
            assert t.target in statuses and t.sources <= statuses, t.name
            for stamp in t.stamps:
                assert workflow.model._meta.get_field(stamp).get_internal_type() == "DateField"
            assert t.permission or not t.offered, f"{t.name} is offered but needs no permission"


# -- performing every transition, with an actor who may and with those who may not ---------


def _case(status: str, kind: str, outcome: str = "") -> Case:
    dated = status != CaseStatus.RECEIVED
    concluded = status in (CaseStatus.CONCLUDED, CaseStatus.DECISION_PUBLISHED, CaseStatus.CLOSED)
    published = status == CaseStatus.DECISION_PUBLISHED
    outcome = outcome or (Outcome.INFRINGEMENT_FOUND if published else Outcome.DISMISSED)
    return Case.objects.create(
        office=Office.objects.get(code="320100"),
        case_number=f"T-{Case.objects.count() + 1}",
        year=2024,
        case_type=kind,
        dispute_subtype="ownership" if kind == CaseType.OTHER_DISPUTE else "",
        source="complaint",
        status=status,
        filed_on=date(2024, 3, 1),
        accepted_on=date(2024, 3, 4) if dated and status != CaseStatus.NOT_ACCEPTED else None,
        concluded_on=date(2024, 3, 5) if concluded else None,
        outcome=outcome if concluded else "",
    )


def _complaint(status: str, kind: str) -> Complaint:
    return Complaint.objects.create(
        tracking_number=f"20240301-T{Complaint.objects.count():05d}",
        code_hash="x",
        kind=kind,
        channel="web",
        center=Office.objects.get(code="320100-C1"),
        subject="台灯",
        province_code="320000",
        city_code="320100",
        status=status,
        received_on=date(2024, 3, 1),
        transferred_on=date(2024, 3, 2) if status != ComplaintStatus.RECEIVED else None,
        result_on=date(2024, 3, 3),
    )


def _extension_request(status: str, kind: Any) -> ExtensionRequest:
    case = _case(CaseStatus.INVESTIGATION, CaseType.INFRINGEMENT_DISPUTE)
    return ExtensionRequest.objects.create(
        case=case, status=status, days=10, reason="需要鉴定",
        requested_by=case.office.users.first() or _any_user(), requested_on=date(2024, 3, 5),
    )  # fmt: skip


def _outbox_message(status: str, kind: Any) -> OutboxMessage:
    return OutboxMessage.objects.create(
        channel="email",
        recipient="zhang@example.cn",
        body="您的投诉已受理。",
        idempotency_key=f"table-{OutboxMessage.objects.count()}",
        office=Office.objects.get(code="320100"),
        status=status,
    )


def _coordination_request(status: str, kind: Any) -> CoordinationRequest:
    case = _case(CaseStatus.INVESTIGATION, CaseType.INFRINGEMENT_DISPUTE)
    return CoordinationRequest.objects.create(
        kind="assistance", assistance="evidence", requesting_office=case.office, case=case,
        receiving_office=Office.objects.get(code="440300"), subject="协助取证", details="请协助",
        status=status, sent_on=date(2024, 3, 4), answer_due_on=date(2024, 4, 3),
    )  # fmt: skip


def _scheme(status: str, kind: Any, *, year: int = 2013) -> Scheme:
    version = Scheme.objects.filter(year=year).count() + 1
    scheme = Scheme.objects.create(
        year=year, level=AssessedLevel.MUNICIPAL, version=version, name_zh="考核方案",
        source="测试", status=status,
    )  # fmt: skip
    Indicator.objects.create(
        scheme=scheme, code="passing_off", group_zh="案件办理", name_zh="假冒专利案件",
        kind=RuleKind.PER_RECORD,
        rule={"terms": [{"form": "enforcement", "figure": "passing_off_accepted", "points": 1}]},
    )  # fmt: skip
    return scheme


def _round(status: str, kind: Any) -> Round:
    year = 2000 + Round.objects.count()
    return Round.objects.create(
        year=year, level=AssessedLevel.MUNICIPAL, scheme=_scheme("adopted", None, year=year),
        status=status, opened_on=date(2024, 3, 1),
    )  # fmt: skip


def _assessment(status: str, kind: Any) -> Assessment:
    return Assessment.objects.create(
        round=_round(RoundStatus.OPEN, None), office=Office.objects.get(code="320100"),
        status=status,
    )  # fmt: skip


def _any_user() -> Any:
    from ipoffice.accounts.models import User

    return User.objects.first()


def _report(status: str, kind: Any, *, office: str = "320100") -> Report:
    return Report.objects.create(
        office=Office.objects.get(code=office),
        form="enforcement",
        period="2013",
        status=status,
        manual=STAFF,
        due_on=date(2014, 1, 31),
    )


@pytest.fixture
def people(db: Any, make_user: Any) -> dict[str, list[Any]]:
    """Per workflow: who may act (first with the permission wins) and who may not."""
    demo_centers_load()
    return {
        "case": [
            make_user("320100", Role.ENFORCEMENT_OFFICER),
            make_user("320100", Role.OFFICE_HEAD),
        ],
        "case-outsiders": [
            make_user("320500", Role.OFFICE_HEAD),
            make_user("320100", Role.ANALYST),
        ],
        "complaint": [make_user("320100-C1", Role.AGENT)],
        "complaint-outsiders": [
            make_user("320500-C1", Role.AGENT),
            make_user("320100", Role.ANALYST),
        ],
        "report": [
            make_user("320100", Role.ANALYST),
            make_user("320000", Role.OFFICE_HEAD),
            make_user("100000", Role.SUPERVISOR),
        ],
        "report-outsiders": [
            make_user("320500", Role.OFFICE_HEAD),
            make_user("320100", Role.AGENT),
        ],
        "extension_request": [make_user("320100", Role.OFFICE_HEAD)],
        "extension_request-outsiders": [
            make_user("320500", Role.OFFICE_HEAD),
            make_user("320100", Role.ENFORCEMENT_OFFICER),
        ],
        "outbox_message": [make_user("320100", Role.ADMINISTRATOR)],
        # The receiving office acknowledges, answers and refuses; the sender withdraws.
        "coordination_request": [
            make_user("440300", Role.ENFORCEMENT_OFFICER),
            make_user("320100", Role.ENFORCEMENT_OFFICER),
        ],
        "coordination_request-outsiders": [
            make_user("330100", Role.ENFORCEMENT_OFFICER),
            make_user("440000", Role.OFFICE_HEAD),  # above the receiver: sees, does not act
            make_user("440300", Role.ANALYST),
        ],
        # The national office adopts schemes, publishes rounds and confirms; the province
        # reviews its cities; the city assesses itself.
        "assessment_scheme": [make_user("100000", Role.OFFICE_HEAD)],
        "assessment_scheme-outsiders": [
            make_user("320000", Role.OFFICE_HEAD),
            make_user("100000", Role.SUPERVISOR),
        ],
        "assessment_round": [make_user("100000", Role.OFFICE_HEAD)],
        "assessment_round-outsiders": [
            make_user("320000", Role.OFFICE_HEAD),
            make_user("100000", Role.ANALYST),
        ],
        "assessment": [
            make_user("320100", Role.OFFICE_HEAD),
            make_user("320000", Role.OFFICE_HEAD),
            make_user("100000", Role.OFFICE_HEAD),
        ],
        "assessment-outsiders": [
            make_user("320500", Role.OFFICE_HEAD),
            make_user("440000", Role.OFFICE_HEAD),
            make_user("320100", Role.ENFORCEMENT_OFFICER),
        ],
        "outbox_message-outsiders": [
            make_user("320500", Role.ADMINISTRATOR),
            make_user("320100", Role.OFFICE_HEAD),
        ],
    }


MAKERS = {
    "case": _case,
    "complaint": _complaint,
    "report": _report,
    "extension_request": _extension_request,
    "outbox_message": _outbox_message,
    "coordination_request": _coordination_request,
    "assessment_scheme": _scheme,
    "assessment_round": _round,
    "assessment": _assessment,
}


def _params(workflow: Workflow, t: Transition, record: Any) -> dict[str, Any]:
    if workflow is CASE_WORKFLOW and t.name == "transfer":
        return {"outcome": OUTCOMES[t.name][record.case_type][0], "authority": "court"}
    if workflow is CASE_WORKFLOW and t.name == "settle":
        return {"outcome": OUTCOMES[t.name][record.case_type][0], "terms": "赔偿 1 万元"}
    if workflow is CASE_WORKFLOW and t.name in OUTCOMES:
        return {"outcome": OUTCOMES[t.name][record.case_type][0]}
    if workflow is COMPLAINT_WORKFLOW and t.name == "transfer":
        return {"authority": "market_regulation", "authority_name": "市场监督管理局"}
    if workflow is REQUEST_WORKFLOW and t.name == "answer":
        return {"answer": "已协助取证"}
    return {}


def _placed(workflow: Workflow, t: Transition) -> Any:
    """A record in a state from which the table allows ``t``."""
    every_kind = _values(workflow, workflow.kind_field) if workflow.kind_field else [None]
    kinds = sorted(t.kinds) if t.kinds else every_kind
    office = "110000" if t.name == "accept" else "320100"  # a province that has no cities
    variants = [{"outcome": o} for o in Outcome] if workflow is CASE_WORKFLOW else [{}]
    for status in sorted(t.sources):
        for kind in kinds:
            for variant in variants:
                record = (
                    _report(status, kind, office=office)
                    if workflow is REPORT_WORKFLOW
                    else MAKERS[workflow.name](status, kind, **variant)
                )
                if transition_problem(workflow, record, t) is None:
                    return record
    raise AssertionError(f"no state allows {t.name}")


def _offered() -> list[Any]:
    """The transitions the generic action performs; merging, conversion and those that
    follow another record have their own services (tested in complaints/ and reporting/)."""
    return [
        pytest.param(w, t, id=f"{w.name}-{t.name}")
        for w in WORKFLOWS
        for t in w.transitions.values()
        if t.offered and not t.own_service
    ]


@pytest.mark.parametrize(("workflow", "t"), _offered())
def test_every_offered_transition_is_performed_and_refused(
    workflow: Workflow, t: Transition, people: dict[str, list[Any]]
) -> None:
    record = _placed(workflow, t)
    before = record.status
    params = {"on": date(2024, 3, 6), **_params(workflow, t, record)}
    for outsider in people[f"{workflow.name}-outsiders"]:
        with pytest.raises(PermissionDeniedError):
            transition_perform(
                workflow, record=record, name=t.name, actor=outsider, reason="x", **params
            )
        record.refresh_from_db()
        assert record.status == before
    actor = next(p for p in people[workflow.name] if workflow.may_act(p, record, t))
    if t.reason_required:
        with pytest.raises(ApplicationError) as missing:
            transition_perform(workflow, record=record, name=t.name, actor=actor, **params)
        assert missing.value.field == workflow.reason_field
    done = transition_perform(
        workflow, record=record, name=t.name, actor=actor, reason="依法处理", **params
    )
    done.refresh_from_db()
    assert done.status == t.target
    entry = done.events.order_by("-id").first()
    assert (entry.action, entry.from_status, entry.to_status) == (t.name, before, t.target)
    assert entry.actor == actor and entry.public == t.public
    for stamp in t.stamps:
        assert getattr(done, stamp) is not None


def test_no_transition_from_the_past_or_future(people: dict[str, list[Any]]) -> None:
    case = _case(CaseStatus.RECEIVED, CaseType.INFRINGEMENT_DISPUTE)
    officer = people["case"][0]
    for day in (date(2099, 1, 1), date(2024, 2, 28)):
        with pytest.raises(ApplicationError) as refused:
            transition_perform(CASE_WORKFLOW, record=case, name="accept", actor=officer, on=day)
        assert refused.value.field == "on"


# -- nothing but the engine writes a status ----------------------------------------------


@pytest.mark.django_db
def test_a_status_refuses_assignment_and_bulk_update_outside_the_engine() -> None:
    case = _case(CaseStatus.RECEIVED, CaseType.PASSING_OFF)
    with pytest.raises(StatusWriteError):
        case.status = CaseStatus.CLOSED
    case.status = CaseStatus.RECEIVED  # the same value is no write
    for model in (Case, Complaint, Report):
        with pytest.raises(StatusWriteError):
            model.objects.all().update(status="closed")
        with pytest.raises(StatusWriteError):  # Django's internal manager too
            model._base_manager.all().update(status="closed")
    deferred = Case.objects.only("id").get(pk=case.pk)  # the status is not loaded
    with pytest.raises(StatusWriteError):
        deferred.status = CaseStatus.CLOSED
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED


def test_a_cause_unlocks_only_transitions_without_a_permission(people):
    case = _case(CaseStatus.RECEIVED, CaseType.INFRINGEMENT_DISPUTE)
    outsider = people["case-outsiders"][0]
    with pytest.raises(PermissionDeniedError):  # a cause is no pass for what people do
        transition_perform(CASE_WORKFLOW, record=case, name="accept", actor=outsider,
                           on=date(2024, 3, 4), caused_by=object())  # fmt: skip
    complaint = _complaint(ComplaintStatus.CONVERTED, "infringement_complaint")
    agent = people["complaint"][0]
    with pytest.raises(PermissionDeniedError):  # follows a case only when a case caused it
        transition_perform(COMPLAINT_WORKFLOW, record=complaint, name="case_result",
                           actor=agent, on=date(2024, 3, 6), case=case)  # fmt: skip
    followed = transition_perform(COMPLAINT_WORKFLOW, record=complaint, name="case_result",
                                  actor=outsider, on=date(2024, 3, 6), case=case,
                                  caused_by=case)  # fmt: skip
    entry = followed.events.get(action="case_result")
    assert (entry.from_status, entry.to_status) == (ComplaintStatus.CONVERTED,
                                                    ComplaintStatus.RESULT_RECEIVED)  # fmt: skip
    assert entry.changes["result_on"][1] == date(2024, 3, 6).isoformat()


def test_no_module_assigns_a_status_outside_the_engine() -> None:
    """A static check beside the runtime one: no ``x.status = ...`` in the code."""
    package = Path(__file__).parents[2]
    found = []
    for path in package.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                for item in target.elts if isinstance(target, ast.Tuple) else [target]:
                    if isinstance(item, ast.Attribute) and item.attr == "status":
                        found.append(f"{path.relative_to(package)}:{node.lineno}")
    assert found == []


def test_published_outcomes_need_publication_before_closing(people: dict[str, list[Any]]) -> None:
    case = _case(CaseStatus.CONCLUDED, CaseType.INFRINGEMENT_DISPUTE, Outcome.INFRINGEMENT_FOUND)
    assert case.outcome in PUBLISHED_OUTCOMES
    with pytest.raises(ApplicationError, match="Publish the decision before closing"):
        transition_perform(CASE_WORKFLOW, record=case, name="close", actor=people["case"][0],
                           on=date(2024, 3, 6))  # fmt: skip
    case.refresh_from_db()
    assert case.status == CaseStatus.CONCLUDED


def test_the_glossary_names_every_transition() -> None:
    glossary = (Path(__file__).parents[4] / "docs" / "glossary.md").read_text(encoding="utf-8")
    missing = [
        f"{w.name}.{name}"
        for w in WORKFLOWS
        for name in w.transitions
        if f"| `{name}` |" not in glossary
    ]
    assert missing == []
