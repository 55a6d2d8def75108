"""The notifications app's enumerations: a leaf module, so that any layer may name them.

A new kind of notice (a coordination request, a publication reminder) is one more member
here; its defaults (``notifications/preferences.py``) and its own e-mail template
(``notifications/messages.py``) are optional: without them it is shown in the
application only, and its e-mail uses the generic template.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    ASSIGNMENT = "assignment", _("Assigned to you")
    APPROVAL = "approval", _("Waiting for your approval")
    DUE_SOON = "due_soon", _("Due in 3 working days")
    OVERDUE = "overdue", _("Overdue")
    ESCALATION = "escalation", _("Escalated to your office")
    REOPENED = "reopened", _("Reopened: the complainant is not satisfied")


class Delivery(models.TextChoices):
    """The ways a notice reaches a person (one checkbox each on the preferences page)."""

    IN_APP = "in_app", _("In the application")
    EMAIL = "email", _("By e-mail")
