"""Merging a duplicate complaint into the one others follow."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ipoffice.common.errors import ApplicationError, PermissionDeniedError
from ipoffice.common.history import history_append
from ipoffice.common.workflow import transition_perform
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.workflow import COMPLAINT_WORKFLOW, can_handle, transition_problem

_locked = COMPLAINT_WORKFLOW.lock


@transaction.atomic
def complaint_merge(
    *, actor: Any, duplicate: Complaint, into: Complaint, reason: str = ""
) -> Complaint:
    """``duplicate`` becomes merged (a transition); ``into`` records that it absorbed it."""
    # Lock in key order, so that two merges of the same pair cannot deadlock.
    first, second = sorted((duplicate, into), key=lambda c: c.pk)
    locked = {c.pk: _locked(c) for c in (first, second)}
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    merge = COMPLAINT_WORKFLOW.transitions["merge"]
    for complaint in (duplicate, into):
        if not can_handle(actor, complaint, merge.permission):
            raise PermissionDeniedError(str(COMPLAINT_WORKFLOW.denied))
    if duplicate.pk == into.pk or transition_problem(duplicate, merge) or not into.is_open:
        raise ApplicationError(_("These complaints cannot be merged."), field="into")
    if into.merged_into_id:
        raise ApplicationError(
            _("Merge into the complaint that others were merged into."), field="into"
        )
    transition_perform(
        COMPLAINT_WORKFLOW, record=duplicate, name="merge", actor=actor, reason=reason, into=into
    )
    history_append(
        into,
        actor=actor,
        action="absorb",
        changes={"merged": [None, duplicate.tracking_number]},
        reason=reason,
    )
    return into
