"""One workflow engine for every stateful record (cases, complaints, reports, and the
domains to come).

A ``Workflow`` is a table of ``Transition`` rows plus what the record's app knows: how to
lock the row, who may act, which dates an act may carry, how to save and what to recompute
after each step. ``transition_perform`` is the one function that moves a record: it checks
the table and the permission, locks the row, writes the status, stamps the dates, runs the
transition's hooks, saves and appends the history entry, all in one transaction.

The status field is a ``StatusField``: assigning another value outside the engine raises,
and so does a bulk ``update()`` of it (``WorkflowQuerySet``). Tests walk every transition
of every table (common/tests/test_workflow_tables.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models.query_utils import DeferredAttribute
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ipoffice.common.counting import CountedQuerySet
from ipoffice.common.errors import ApplicationError, PermissionDeniedError
from ipoffice.common.history import history_append

M = TypeVar("M", bound=models.Model)
GIVE_THE_REASON = _("Give the reason for this action.")
_WRITING: ContextVar[bool] = ContextVar("workflow_writing", default=False)


class StatusWriteError(RuntimeError):
    """A status was written outside the workflow engine."""


@contextmanager
def _engine_writes() -> Iterator[None]:
    token = _WRITING.set(True)
    try:
        yield
    finally:
        _WRITING.reset(token)


class _GuardedStatus(DeferredAttribute):
    """Free while the record is built or loaded (``WorkflowRecord.__init__``) and for the
    engine; any other assignment of another value, or of a status not loaded, raises."""

    def __set__(self, instance: Any, value: Any) -> None:
        name = self.field.attname
        unchanged = name in instance.__dict__ and instance.__dict__[name] == value
        if not unchanged and not _WRITING.get():
            raise StatusWriteError(
                f"{type(instance).__name__}.{name} is written only by a transition "
                "(common/workflow.py transition_perform)"
            )
        instance.__dict__[name] = value


class StatusField(models.CharField):
    """A record's workflow status: only ``transition_perform`` changes it."""

    descriptor_class = _GuardedStatus


class WorkflowRecord(models.Model):
    """Base of stateful records: reloading from the database may replace the status."""

    class Meta:
        abstract = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _engine_writes():  # a new record's status, or the stored one, is no write
            super().__init__(*args, **kwargs)

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        with _engine_writes():
            super().refresh_from_db(*args, **kwargs)


class WorkflowQuerySet(CountedQuerySet[M]):
    """Refuses a bulk ``update()`` of a status: it would pass by the engine (and, as
    ``CountedQuerySet``, of a counted field, where the record is counted)."""

    def update(self, **kwargs: Any) -> int:
        statuses = {f.name for f in self.model._meta.fields if isinstance(f, StatusField)}
        if statuses & set(kwargs):
            raise StatusWriteError("a status is written only by a transition")
        return super().update(**kwargs)


@dataclass
class Act:
    """One transition being performed: what hooks read and add to."""

    record: Any
    transition: Transition
    actor: Any
    on: date
    reason: str
    params: dict[str, Any]
    # Changes beyond the workflow's tracked fields, for the history entry.
    changes: dict[str, list[Any]] = field(default_factory=dict)
    caused_by: Any = None  # the record (or act) whose transition this one follows
    from_status: str = ""


ActHook = Callable[[Act], None]


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: frozenset[str]
    target: str
    # The permission the actor needs; "" for a transition that only follows another
    # record's (performed with ``caused_by``, never from a request).
    permission: str
    reason_required: bool = False
    stamps: tuple[str, ...] = ()  # date fields set to the date of the act
    public: bool = False  # the history entry is shown to the public (tracking page)
    kinds: frozenset[str] | None = None  # values of the workflow's kind field; None: all
    checks: tuple[ActHook, ...] = ()  # refuse (raise) before anything is written
    hooks: tuple[ActHook, ...] = ()  # change the record before it is saved
    after: tuple[ActHook, ...] = ()  # follow-ups once saved and recorded
    # Performed only by its own service (merge, conversion), not by the generic action.
    own_service: bool = False
    offered: bool = True  # pages and the API offer it as an action on the record
    options: Mapping[str, Any] = field(default_factory=dict)  # table-specific data


def transition(
    name: str,
    label: Promise,
    sources: tuple[str, ...] | frozenset[str],
    target: str,
    permission: str,
    **kwargs: Any,
) -> Transition:
    kinds = kwargs.pop("kinds", None)
    return Transition(
        name,
        label,
        frozenset(sources),
        target,
        permission,
        kinds=None if kinds is None else frozenset(kinds),
        **kwargs,
    )


def _save(record: Any) -> None:
    record.save()


def _no_date_problem(record: Any, on: date) -> str | None:
    return None


@dataclass(frozen=True)
class Workflow:
    name: str
    model: type[models.Model]
    transitions: Mapping[str, Transition]
    lock: Callable[[Any], Any]  # re-read the row FOR UPDATE
    may_act: Callable[[Any, Any, Transition], bool]  # (actor, record, transition)
    denied: Promise  # the message when may_act says no
    # "“%(action)s” is not possible on a case that is %(status)s.", in the record's words.
    not_possible: Promise
    status_field: str = "status"
    kind_field: str = ""  # the field ``Transition.kinds`` refers to
    tracked: tuple[str, ...] = ()  # fields whose before/after the history keeps
    reason_field: str = "reason"  # the input a required reason is asked in
    reason_message: Promise = GIVE_THE_REASON
    date_problem: Callable[[Any, date], str | None] = _no_date_problem
    problem: Callable[[Any, Transition], str | None] | None = None  # further conditions
    refresh: ActHook | None = None  # after every transition, e.g. the next due date
    save: Callable[[Any], None] = _save
    history_extra: Callable[[Any], dict[str, Any]] | None = None  # e.g. a report's version

    def get(self, name: str) -> Transition:
        found = self.transitions.get(name)
        if found is None:
            raise ApplicationError(
                gettext("There is no action called %(name)s.") % {"name": name},
                field="transition",
            )
        return found


def transition_problem(workflow: Workflow, record: Any, t: Transition) -> str | None:
    """Why ``t`` cannot apply to ``record`` as it stands, or None if it can."""
    status = getattr(record, workflow.status_field)
    kind = getattr(record, workflow.kind_field) if workflow.kind_field else None
    if status not in t.sources or (t.kinds is not None and kind not in t.kinds):
        choices = dict(record._meta.get_field(workflow.status_field).flatchoices)
        return str(workflow.not_possible) % {
            "action": t.label,
            "status": choices.get(status, status),
        }
    return workflow.problem(record, t) if workflow.problem else None


def transitions_available(workflow: Workflow, record: Any, actor: Any) -> list[Transition]:
    """What ``actor`` may do to ``record`` now (for pages and the API)."""
    return [
        t
        for t in workflow.transitions.values()
        if t.permission
        and t.offered
        and transition_problem(workflow, record, t) is None
        and workflow.may_act(actor, record, t)
    ]


def transition_check(workflow: Workflow, *, actor: Any, record: Any, t: Transition) -> None:
    """Raise unless ``actor`` may perform ``t`` on ``record`` as it stands."""
    if not t.permission or not workflow.may_act(actor, record, t):
        raise PermissionDeniedError(str(workflow.denied))
    problem = transition_problem(workflow, record, t)
    if problem:
        raise ApplicationError(problem, field="transition")


def _refuse_unless_allowed(
    workflow: Workflow, record: Any, t: Transition, *, actor: Any, on: date, reason: str, by: Any
) -> None:
    if by is None:
        transition_check(workflow, actor=actor, record=record, t=t)
    elif t.permission:
        # Only a transition that follows another record's (no permission of its own) may
        # be caused; anything a person may do is checked as theirs.
        raise PermissionDeniedError(str(workflow.denied))
    elif (problem := transition_problem(workflow, record, t)) is not None:
        raise ApplicationError(problem, field="transition")
    if not t.permission and by is None:
        raise PermissionDeniedError(str(workflow.denied))
    if t.reason_required and not reason.strip():
        raise ApplicationError(str(workflow.reason_message), field=workflow.reason_field)
    if (date_problem := workflow.date_problem(record, on)) is not None:
        raise ApplicationError(date_problem, field="on")


@transaction.atomic
def transition_perform(
    workflow: Workflow,
    *,
    record: M,
    name: str,
    actor: Any,
    on: date | None = None,
    reason: str = "",
    caused_by: Any = None,
    **params: Any,
) -> M:
    """Perform transition ``name`` on ``record``; the only writer of a status."""
    t = workflow.get(name)
    record = workflow.lock(record)
    on = on or timezone.localdate()
    _refuse_unless_allowed(workflow, record, t, actor=actor, on=on, reason=reason, by=caused_by)
    status = getattr(record, workflow.status_field)
    act = Act(record, t, actor, on, reason, params, caused_by=caused_by, from_status=status)
    for check in t.checks:
        check(act)
    fields = tuple(dict.fromkeys((workflow.status_field, *workflow.tracked, *t.stamps)))
    before = {f: getattr(record, f) for f in fields}
    with _engine_writes():
        setattr(record, workflow.status_field, t.target)
    for stamp in t.stamps:
        setattr(record, stamp, on)
    for hook in t.hooks:
        hook(act)
    if workflow.refresh is not None:
        workflow.refresh(act)
    workflow.save(record)
    changes = {f: [b, getattr(record, f)] for f, b in before.items() if b != getattr(record, f)}
    history_append(
        record,
        actor=actor,
        action=t.name,
        on=on,
        reason=reason,
        changes={**changes, **act.changes},
        public=t.public,
        from_status=before[workflow.status_field],
        **(workflow.history_extra(record) if workflow.history_extra else {}),
    )
    for follow in t.after:
        follow(act)
    return record
