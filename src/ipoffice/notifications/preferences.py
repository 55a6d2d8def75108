"""Who receives a notice how: the defaults per kind, and a person's own choices over them."""

from __future__ import annotations

from dataclasses import dataclass

from ipoffice.notifications.enums import NotificationKind


@dataclass(frozen=True)
class Choice:
    in_app: bool
    email: bool


# Everything in the application; by e-mail only what must not wait for the next visit:
# a time limit already passed, and an escalation to the office above.
DEFAULTS: dict[str, Choice] = {
    NotificationKind.ASSIGNMENT: Choice(in_app=True, email=False),
    NotificationKind.APPROVAL: Choice(in_app=True, email=False),
    NotificationKind.DUE_SOON: Choice(in_app=True, email=False),
    NotificationKind.OVERDUE: Choice(in_app=True, email=True),
    NotificationKind.ESCALATION: Choice(in_app=True, email=True),
}
# A kind added later without an entry above.
FALLBACK = Choice(in_app=True, email=False)


def default_for(kind: str) -> Choice:
    return DEFAULTS.get(kind, FALLBACK)
