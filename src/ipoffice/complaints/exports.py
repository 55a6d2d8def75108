"""Complaint lists as CSV or XLSX; personal data masked unless the reader handles it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

from ipoffice.common.exports import export_csv, export_xlsx
from ipoffice.common.identifiers import mask_contact, mask_name
from ipoffice.complaints import selectors

COLUMNS = [
    "tracking_number",
    "kind",
    "channel",
    "center",
    "status",
    "received_on",
    "due_on",
    "subject",
    "province_code",
    "city_code",
    "respondent_name",
    "patent_numbers",
    "complainant_name",
    "complainant_phone",
    "case_number",
    "rating",
]


def export_rows(complaints: Any, user: Any) -> Iterator[list[Any]]:
    yield COLUMNS
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
            c.kind,
            c.channel,
            c.center.code,
            c.status,
            c.received_on.isoformat(),
            c.due_on.isoformat() if c.due_on else "",
            c.subject,
            c.province_code,
            c.city_code,
            c.respondent_name,
            ";".join(p.application_number for p in c.patents.all()),
            name,
            phone,
            c.case.case_number if c.case else "",
            c.rating or "",
        ]


def export_response(complaints: Any, user: Any, kind: str) -> HttpResponse | StreamingHttpResponse:
    rows = export_rows(complaints, user)
    stamp = date.today().isoformat()
    if kind == "xlsx":
        response = HttpResponse(
            export_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="complaints-{stamp}.xlsx"'
        return response
    streaming = StreamingHttpResponse(export_csv(rows), content_type="text/csv")
    streaming["Content-Disposition"] = f'attachment; filename="complaints-{stamp}.csv"'
    return streaming
