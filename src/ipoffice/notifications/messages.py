"""The e-mail templates of the notices to staff, registered with the outbox in ``ready()``.
Their text is the catalogue's (both languages); administrators edit the rows in the admin."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ipoffice.notifications.enums import NotificationKind
from ipoffice.outbox.enums import Channel
from ipoffice.outbox.templates import TemplateSpec

PLACEHOLDERS = ("name", "kind", "label", "title", "due_on", "url")
GENERIC = "notifications.generic"


def template_key(kind: str) -> str:
    """The template of ``kind``'s e-mail: its own if declared below, else the generic one."""
    key = f"notifications.{kind}"
    return key if key in KEYS else GENERIC


def _spec(key: str, subject: Promise, body: Promise, description: Promise) -> TemplateSpec:
    return TemplateSpec(
        key=key,
        channel=Channel.EMAIL,
        subject=subject,
        body=body,
        placeholders=PLACEHOLDERS,
        description=description,
    )


SPECS = (
    _spec(
        f"notifications.{NotificationKind.ASSIGNMENT}",
        _("Assigned to you: {label}"),
        _("{name},\n\n{label} ({title}) is yours to handle from now on.\n\n{url}\n"),
        _("To a person who has been given a case or a complaint to handle."),
    ),
    _spec(
        f"notifications.{NotificationKind.APPROVAL}",
        _("Waiting for your approval: {label}"),
        _("{name},\n\n{label} ({title}) waits for your decision.\n\n{url}\n"),
        _("To the people who may approve a request (an extension of a time limit)."),
    ),
    _spec(
        f"notifications.{NotificationKind.DUE_SOON}",
        _("Due on {due_on}: {label}"),
        _(
            "{name},\n\nThe time limit of {label} ({title}) ends on {due_on}, "
            "in 3 working days.\n\n{url}\n"
        ),
        _("To the handler, 3 working days before a time limit ends."),
    ),
    _spec(
        f"notifications.{NotificationKind.OVERDUE}",
        _("Overdue since {due_on}: {label}"),
        _("{name},\n\nThe time limit of {label} ({title}) ended on {due_on}.\n\n{url}\n"),
        _("To the handler (or the office), once, when a time limit has passed."),
    ),
    _spec(
        f"notifications.{NotificationKind.ESCALATION}",
        _("Escalated to your office: {label}"),
        _(
            "{name},\n\n{label} ({title}) was due on {due_on} and has been escalated "
            "to your office.\n\n{url}\n"
        ),
        _("To the unit above, when an overdue complaint is escalated to it."),
    ),
    _spec(
        GENERIC,
        _("{kind}: {label}"),
        _("{name},\n\n{kind}: {label} ({title}).\n\n{url}\n"),
        _("Any other notice to staff that has no template of its own."),
    ),
)
KEYS = frozenset(spec.key for spec in SPECS)
