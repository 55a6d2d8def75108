"""The complaints app's enumerations: a leaf module, so that any layer may name their values."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplaintKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    INFRINGEMENT_COMPLAINT = "infringement_complaint", _("Complaint of patent infringement")
    PASSING_OFF_REPORT = "passing_off_report", _("Report of passing off")
    ASSISTANCE_REQUEST = "assistance_request", _("Request for enforcement assistance")
    TAKEDOWN_REQUEST = "takedown_request", _("E-commerce takedown request")


class Channel(models.TextChoices):
    PHONE = "phone", _("Telephone 12330")
    WEB = "web", _("Internet")
    WALK_IN = "walk_in", _("In person")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    E_COMMERCE = "e_commerce", _("E-commerce platform")
    WORK_STATION = "work_station", _("Service work station")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    REVIEWED = "reviewed", _("Reviewed")
    TRANSFERRED = "transferred", pgettext_lazy("complaint status", "Transferred")
    ACCEPTED_BY_OFFICE = "accepted_by_office", _("Accepted by the receiving office")
    CONVERTED = "converted", _("Became an enforcement case")
    RESULT_RECEIVED = "result_received", _("Result received")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", pgettext_lazy("complaint status", "Closed")
    MERGED = "merged", _("Merged into another complaint")


# The status groups, each defined once. At the center: not yet passed on, so it can be
# rejected, answered, transferred, converted or merged into another.
AT_CENTER_COMPLAINT_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.REVIEWED)
# Awaiting a result: at the center or with the office it was passed to (the candidates
# offered as its duplicates).
AWAITING_RESULT_COMPLAINT_STATUSES = (
    *AT_CENTER_COMPLAINT_STATUSES,
    ComplaintStatus.TRANSFERRED,
    ComplaintStatus.ACCEPTED_BY_OFFICE,
    ComplaintStatus.CONVERTED,
)
# Open: not yet closed or merged; can be overdue, escalated, or a merge target.
OPEN_COMPLAINT_STATUSES = (
    *AWAITING_RESULT_COMPLAINT_STATUSES,
    ComplaintStatus.RESULT_RECEIVED,
    ComplaintStatus.ANSWERED,
)


class Routing(models.TextChoices):
    """Why the complaint went to its unit (``Complaint.routing_note``), said in the user's
    language with the place names (``intake.routing_text``)."""

    CITY_CENTER = "city_center", _("the assistance center of the city")
    PROVINCIAL_CENTER = "provincial_center", _("no center in the city: the province's center")
    PROVINCIAL_OFFICE = "provincial_office", _("no center in the province: its IP office")
    RECORDED_HERE = "recorded_here", _("recorded by this unit")


class Authority(models.TextChoices):
    """Where a matter outside patent enforcement goes (municipal routing practice)."""

    MARKET_REGULATION = "market_regulation", _("Market regulation (trademarks, trade secrets)")
    COPYRIGHT = "copyright", _("Copyright administration")
    POLICE = "police", _("Public security (suspected crime)")
    OTHER = "other", _("Other authority")


class Satisfaction(models.TextChoices):
    """The complainant's one-click answer to the satisfaction request; "not resolved"
    reopens the complaint."""

    RESOLVED = "resolved", _("Resolved")
    PARTLY = "partly", _("Partly resolved")
    NOT_RESOLVED = "not_resolved", _("Not resolved")


# Answers that end the question for this round (a "not resolved" reopens it instead).
SETTLED_SATISFACTION = (Satisfaction.RESOLVED, Satisfaction.PARTLY)


class MessageLanguage(models.TextChoices):
    """The language the complainant hears from us in (``Complainant.language``)."""

    ZH_HANS = "zh-hans", _("Simplified Chinese")
    EN = "en", _("English")


class Message(models.TextChoices):
    """What the complainant is told (``complaints.notifications``); the history names it."""

    RECEIPT = "receipt", _("the receipt with the tracking number")
    TRANSFER = "transfer", _("the news of the transfer")
    RESULT = "result", _("the result")
    SATISFACTION = "satisfaction", _("the satisfaction question")


class SentBy(models.TextChoices):
    """The channels a complainant may choose (the outbox's SMS and EMAIL)."""

    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
