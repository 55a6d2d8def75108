"""The coordination report forms and sections, registered in ``ready()``.

Two forms count the same requests: ``coordination`` for the office that sent them (its
subtree), ``coordination_received`` for the office that received them. Every figure
counts among the requests sent in the period, as their records stand now. Counting rules:
docs/counting-rules.md#coordination.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipoffice.common.periods import Period
from ipoffice.common.statistics import (
    Column,
    Figure,
    ReportForm,
    Section,
    Sentence,
    form_register,
    section_register,
)
from ipoffice.coordination.enums import RequestKind, RequestStatus


def sent_in(p: Period, **extra: Any) -> Q:
    return Q(sent_on__range=(p.start, p.end), **extra)


def _sent(**extra: Any) -> Callable[[Period], Q]:
    return lambda p: sent_in(p, **extra)


def _received(**extra: Any) -> Callable[[Period], Q]:
    # Transfers to outside authorities have no receiving office: never counted here.
    return lambda p: sent_in(p, receiving_office__isnull=False, **extra)


def _day(value: Any) -> str:
    return value.isoformat() if value else ""


COLUMNS = (
    Column("id", attrgetter("pk")),
    Column("subject", attrgetter("subject"), attrgetter("subject"), "coordination-request-detail"),
    Column(
        "requesting_office",
        attrgetter("requesting_office.code"),
        attrgetter("requesting_office.name"),
    ),
    Column("receiver", attrgetter("receiver_name"), attrgetter("receiver_name")),
    Column("kind", attrgetter("kind"), lambda r: r.get_kind_display()),
    Column("status", attrgetter("status"), lambda r: r.get_status_display()),
    Column("sent_on", attrgetter("sent_on"), lambda r: _day(r.sent_on)),
    Column("answered_on", attrgetter("answered_on")),
)

COORDINATION = ReportForm(
    "coordination",
    _("Coordination between offices and authorities"),
    "coordination.CoordinationRequest",
    permission="coordination.view_coordinationrequest",
    office_field="requesting_office",
    figures=(
        Figure("requests_sent", _("Requests sent"), sent_in),
        Figure(
            "sent_assistance", _("Requests for assistance sent"), _sent(kind=RequestKind.ASSISTANCE)
        ),
        Figure("sent_referrals", _("Referrals sent"), _sent(kind=RequestKind.REFERRAL)),
        Figure(
            "sent_transfers",
            _("Transfers to outside authorities"),
            _sent(kind=RequestKind.TRANSFER),
        ),
        Figure("sent_answered", _("Requests sent and answered"), _sent(answered_on__isnull=False)),
        Figure(
            "sent_answered_in_time",
            _("Requests sent and answered in time"),
            _sent(answered_in_time=True),
        ),
        Figure("sent_refused", _("Requests sent and refused"), _sent(status=RequestStatus.REFUSED)),
        Figure(
            "cross_region_requests",
            _("Requests to offices in another province"),
            _sent(cross_region=True),
        ),
        Figure("cross_region_cases", _("Cross-region cases"), _sent(first_cross_region=True)),
    ),
    columns=COLUMNS,
    base="requests_sent",
    parts=("sent_assistance", "sent_referrals", "sent_transfers"),
)

COORDINATION_RECEIVED = ReportForm(
    "coordination_received",
    _("Requests received from other offices"),
    "coordination.CoordinationRequest",
    permission="coordination.view_coordinationrequest",
    office_field="receiving_office",
    figures=(
        Figure("requests_received", _("Requests received"), _received()),
        Figure(
            "received_answered",
            _("Requests received and answered"),
            _received(answered_on__isnull=False),
        ),
        Figure(
            "received_answered_in_time",
            _("Requests received and answered in time"),
            _received(answered_in_time=True),
        ),
        Figure(
            "received_refused",
            _("Requests received and refused"),
            _received(status=RequestStatus.REFUSED),
        ),
    ),
    columns=COLUMNS,
    base="requests_received",
)

COORDINATION_SECTION = Section(
    "coordination",
    COORDINATION.code,
    _("Coordination between offices and authorities"),
    paragraph=(
        Sentence(
            _(
                "Offices sent %(requests_sent)s requests for assistance, referrals and "
                "transfers in the year, %(sent_answered_in_time)s of them answered in time; "
                "%(cross_region_cases)s cases drew on an office in another province."
            )
        ),
    ),
    table=tuple(f.code for f in COORDINATION.figures),
    order=40,
)

COORDINATION_RECEIVED_SECTION = Section(
    "coordination_received",
    COORDINATION_RECEIVED.code,
    _("Requests received from other offices"),
    table=tuple(f.code for f in COORDINATION_RECEIVED.figures),
    order=41,
)


def statistics_register() -> None:
    """Called once from ``CoordinationConfig.ready()``."""
    form_register(COORDINATION)
    form_register(COORDINATION_RECEIVED)
    section_register(COORDINATION_SECTION)
    section_register(COORDINATION_RECEIVED_SECTION)
