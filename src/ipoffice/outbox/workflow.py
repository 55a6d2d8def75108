"""The outgoing message's workflow table: workers deliver, retry and give up
(transitions that follow a delivery attempt, ``caused_by=DELIVERY``); administrators
requeue or cancel an undeliverable message, with a reason."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipoffice.common.errors import ApplicationError
from ipoffice.common.scoping import user_office
from ipoffice.common.workflow import Act, Transition, Workflow, transition
from ipoffice.outbox.enums import MessageStatus as S
from ipoffice.outbox.models import OutboxMessage

# What a worker's transitions are caused by (they have no permission of their own).
DELIVERY = "delivery attempt"
MANAGE = "outbox.manage_message"


def _still_claimed(act: Act) -> None:
    """Only the worker holding the claim records the outcome of its attempt."""
    if act.record.claimed_by != act.params.get("claim"):
        raise ApplicationError("the message is no longer claimed by this attempt")


def _released(act: Act) -> None:
    act.record.attempts += 1
    act.record.leased_until = None
    act.record.claimed_by = ""


def _delivered(act: Act) -> None:
    _released(act)
    act.record.delivered_at = timezone.now()
    act.record.last_error = ""


def _failed(act: Act) -> None:
    _released(act)
    act.record.last_error = str(act.params["error"])[:500]
    if "next_attempt_at" in act.params:
        act.record.next_attempt_at = act.params["next_attempt_at"]


def _requeued(act: Act) -> None:
    act.record.attempts = 0
    act.record.next_attempt_at = timezone.now()


MESSAGE_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        transition(
            "deliver",
            _("Delivered"),
            (S.PENDING,),
            S.DELIVERED,
            "",
            checks=(_still_claimed,),
            hooks=(_delivered,),
            offered=False,
        ),
        transition(
            "retry",
            _("Attempt failed, retry planned"),
            (S.PENDING,),
            S.PENDING,
            "",
            checks=(_still_claimed,),
            hooks=(_failed,),
            offered=False,
        ),
        transition(
            "give_up",
            _("Given up: undeliverable"),
            (S.PENDING,),
            S.DEAD,
            "",
            checks=(_still_claimed,),
            hooks=(_failed,),
            offered=False,
        ),
        transition(
            "requeue",
            _("Send again"),
            (S.DEAD,),
            S.PENDING,
            MANAGE,
            reason_required=True,
            hooks=(_requeued,),
        ),
        transition(
            "cancel",
            _("Cancel"),
            (S.PENDING, S.DEAD),
            S.CANCELLED,
            MANAGE,
            reason_required=True,
        ),
    )
}


def _lock(message: OutboxMessage) -> OutboxMessage:
    return OutboxMessage.objects.select_for_update().get(pk=message.pk)


def _may_manage(actor: Any, message: OutboxMessage, t: Transition) -> bool:
    return (
        user_office(actor) is not None
        and actor.has_perm(t.permission)
        and OutboxMessage.objects.visible_to(actor).filter(pk=message.pk).exists()
    )


MESSAGE_WORKFLOW = Workflow(
    name="outbox_message",
    model=OutboxMessage,
    transitions=MESSAGE_TRANSITIONS,
    lock=_lock,
    may_act=_may_manage,
    denied=_("You may not manage the messages of that office."),
    not_possible=_("“%(action)s” is not possible on a message that is %(status)s."),
    tracked=("attempts", "last_error", "next_attempt_at", "delivered_at"),
)
