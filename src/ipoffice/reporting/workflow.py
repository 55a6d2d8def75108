"""The reporting workflow per office, form and period: its transition table and what the
engine needs to know of reports. ``common.workflow.transition_perform`` with
``REPORT_WORKFLOW`` is the only code that changes a report's status."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ipoffice.common.errors import ApplicationError, InvalidInput
from ipoffice.common.scoping import user_office
from ipoffice.common.workflow import Act, Transition, Workflow, transition, transition_perform
from ipoffice.offices.models import NATIONAL_CODE, REPORTING_LEVELS, Office
from ipoffice.reporting.contents import report_findings, report_values
from ipoffice.reporting.enums import ReportStatus as S
from ipoffice.reporting.models import Report, ReportSnapshot
from ipoffice.reporting.validation import BLOCKING

SUBMIT, REVIEW = "reporting.submit_report", "reporting.review_report"
OWN, PARENT, NATIONAL = "own", "parent", "national"  # whose office may act
APPROVED_STATES = (S.APPROVED, S.ACCEPTED)


def _findings_clear(act: Act) -> None:
    """Nothing blocking, and every warning explained, before a report goes up."""
    report = act.record
    findings = report_findings(report)
    blocking = [f for f in findings if f.severity == BLOCKING]
    if blocking:
        raise InvalidInput({f.figure or f.code: [f.message] for f in blocking})
    unexplained = [f for f in findings if not str(report.explanations.get(f.code, "")).strip()]
    if unexplained:
        raise InvalidInput(
            {f.code: [f.message + " " + gettext("Write an explanation.")] for f in unexplained}
        )


def _children_approved(act: Act) -> None:
    """Every office below that files this form has its report approved."""
    report = act.record
    children = Office.objects.filter(
        parent=report.office, level__in=REPORTING_LEVELS, is_active=True
    )
    approved = Report.objects.filter(
        office__in=children, form=report.form, period=report.period, status__in=APPROVED_STATES
    )
    if approved.count() != children.count():
        raise ApplicationError(
            gettext("The reports of the offices below must be approved first."),
            field="transition",
        )


def _above_still_open(act: Act) -> None:
    """An approved report changes only while the report above is not yet approved."""
    report = act.record
    if report.status not in APPROVED_STATES:
        return
    above = Report.objects.filter(
        office=report.office.parent,
        form=report.form,
        period=report.period,
        status__in=APPROVED_STATES,
    )
    if above.exists():
        raise ApplicationError(
            gettext("The report above is already approved; open a correction there first."),
            field="transition",
        )


def _next_version(act: Act) -> None:
    """A correction, or a return after approval, opens a new version: the approved one
    stays as it was frozen."""
    if act.transition.name == "correct" or act.from_status in APPROVED_STATES:
        act.record.version += 1


def _stamp_submitted(act: Act) -> None:
    act.record.submitted_on = act.on


def _freeze(act: Act) -> None:
    report = act.record
    if not report.snapshots.filter(version=report.version).exists():
        ReportSnapshot.objects.create(
            report=report,
            version=report.version,
            figures=report_values(report),
            manual=report.manual,
            approved_by=act.actor,
        )


def _accept_below(act: Act) -> None:
    """The national office accepts a province with the cities it approved."""
    report = act.record
    for child in Report.objects.filter(
        office__parent=report.office, form=report.form, period=report.period, status=S.APPROVED
    ):
        transition_perform(
            REPORT_WORKFLOW,
            record=child,
            name="accept_with_province",
            actor=act.actor,
            reason=gettext("accepted with %(office)s") % {"office": report.office.code},
            caused_by=report,
        )


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        transition(
            "submit",
            _("Submit"),
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            SUBMIT,
            checks=(_findings_clear,),
            hooks=(_stamp_submitted,),
            options={"by": OWN},
        ),
        transition(
            "return",
            _("Return with a reason"),
            (S.SUBMITTED, S.APPROVED),
            S.RETURNED,
            REVIEW,
            reason_required=True,
            checks=(_above_still_open,),
            hooks=(_next_version,),
            options={"by": PARENT},
        ),
        transition(
            "approve",
            _("Approve"),
            (S.SUBMITTED,),
            S.APPROVED,
            REVIEW,
            checks=(_children_approved,),
            after=(_freeze,),
            options={"by": PARENT},
        ),
        transition(
            "accept",
            _("Accept (national office)"),
            (S.SUBMITTED, S.APPROVED),
            S.ACCEPTED,
            REVIEW,
            checks=(_children_approved,),
            after=(_freeze, _accept_below),
            options={"by": NATIONAL},
        ),
        transition(
            "correct",
            _("Open a correction (new version)"),
            (S.APPROVED, S.ACCEPTED),
            S.DRAFT,
            SUBMIT,
            reason_required=True,
            checks=(_above_still_open,),
            hooks=(_next_version,),
            options={"by": OWN},
        ),
        # A city's approved report, accepted together with its province's.
        transition(
            "accept_with_province",
            _("Accepted with the province"),
            (S.APPROVED,),
            S.ACCEPTED,
            "",
            own_service=True,
            offered=False,
        ),
    )
}


def may_act(actor: Any, report: Report, t: Transition) -> bool:
    """Whose office may act: the report's own, the one above, or the national office."""
    own = user_office(actor)
    if own is None or not t.permission or not actor.has_perm(t.permission):
        return False
    by = t.options.get("by")
    if by == OWN:
        return own.pk == report.office_id
    if by == PARENT:
        return own.pk == report.office.parent_id
    # The national office accepts the provinces' reports (cities come with their province).
    return own.code == NATIONAL_CODE and report.office.parent_id == own.pk


def _lock(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("office__parent")
        .get(pk=report.pk)
    )


REPORT_WORKFLOW = Workflow(
    name="report",
    model=Report,
    transitions=TRANSITIONS,
    lock=_lock,
    may_act=may_act,
    denied=_("You may not do this on that office's report."),
    not_possible=_("“%(action)s” is not possible on a report that is %(status)s."),
    tracked=("version",),
    history_extra=lambda report: {"version": report.version},
)


def event_label(action: str) -> str:
    """A report history entry's action in the user's language."""
    if action == "fill":
        return gettext("Figures entered")
    found = TRANSITIONS.get(action)
    return str(found.label) if found is not None else action


def may_fill(actor: Any, report: Report) -> bool:
    """Whether ``actor`` may enter figures now (as ``services.report_fill`` checks)."""
    return report.status in (S.DRAFT, S.RETURNED) and may_act(actor, report, TRANSITIONS["submit"])
