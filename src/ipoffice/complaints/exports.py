"""Complaint lists as CSV or XLSX, in the reader's language; personal data masked unless
the reader handles the complaint."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipoffice.common.exports import Cell, Column, Sheet, table_response
from ipoffice.common.identifiers import mask_contact, mask_name
from ipoffice.complaints import selectors
from ipoffice.complaints.enums import Channel, ComplaintKind, ComplaintStatus
from ipoffice.complaints.models import Complainant, Complaint


def _complaint(name: str) -> Any:
    return Complaint._meta.get_field(name).verbose_name  # type: ignore[union-attr]


def _person(name: str) -> Any:
    return Complainant._meta.get_field(name).verbose_name  # type: ignore[union-attr]


def columns() -> list[Column]:
    return [
        Column("tracking_number", _complaint("tracking_number"), width=20),
        Column("kind", _complaint("kind"), width=22),
        Column("channel", _complaint("channel"), width=14),
        Column("center", _complaint("center"), width=28),
        Column("status", _complaint("status"), width=16),
        Column("received_on", _complaint("received_on"), Cell.DATE, 14),
        Column("due_on", _complaint("due_on"), Cell.DATE, 14),
        Column("subject", _complaint("subject"), width=32),
        Column("province_code", gettext_lazy("province code"), width=10),
        Column("city_code", gettext_lazy("city code"), width=10),
        Column("respondent_name", _complaint("respondent_name"), width=24),
        Column("patent_numbers", gettext_lazy("patent numbers"), width=30),
        Column("complainant_name", gettext_lazy("complainant"), width=12),
        Column("complainant_phone", _person("phone"), width=16),
        Column("case_number", gettext_lazy("case number"), width=24),
        Column("rating", _complaint("rating"), Cell.INT, 10),
    ]


def export_rows(complaints: Any, user: Any) -> Iterator[list[Any]]:
    kinds = {k: str(v) for k, v in ComplaintKind.choices}
    channels = {k: str(v) for k, v in Channel.choices}
    statuses = {k: str(v) for k, v in ComplaintStatus.choices}
    for c in (
        complaints.select_related("center", "complainant", "case")
        .prefetch_related("patents")
        .iterator(chunk_size=2000)
    ):
        person = getattr(c, "complainant", None)
        name = person.name if person else ""
        phone = person.phone if person else ""
        if not selectors.can_see_personal_data(user, c):
            name, phone = mask_name(name), mask_contact(phone) if phone else ""
        yield [
            c.tracking_number,
            kinds.get(c.kind, c.kind),
            channels.get(c.channel, c.channel),
            c.center.name,
            statuses.get(c.status, c.status),
            c.received_on,
            c.due_on,
            c.subject,
            c.province_code,
            c.city_code,
            c.respondent_name,
            ";".join(p.application_number for p in c.patents.all()),
            name,
            phone,
            c.case.case_number if c.case else "",
            c.rating,
        ]


def export_response(complaints: Any, user: Any, kind: str) -> StreamingHttpResponse:
    sheet = Sheet(_("Complaints"), columns(), export_rows(complaints, user), frozen_columns=1)
    return table_response([sheet], kind, f"complaints-{date.today().isoformat()}")
