"""Legacy import and list export of cases, in one column layout.

Import is all-or-nothing by default: every row is checked first and, if any is bad,
every problem is reported (row, column, reason) and nothing is written. Re-importing a
file changes nothing: office_code + case_number identify a case.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ipoffice.cases.columns import COLUMNS
from ipoffice.cases.deadlines import case_due_on, concluded_in_time
from ipoffice.cases.enums import PUBLISHED_OUTCOMES, CaseStatus, PartyKind
from ipoffice.cases.models import Case, CaseEvent, CaseNumberCounter, CasePatent, Party
from ipoffice.cases.services import parties_and_patents
from ipoffice.cases.validation import CaseInput, clean_case
from ipoffice.common.bulk import allocate_ids, write_objects
from ipoffice.common.counting import counted_bulk_written
from ipoffice.common.errors import ApplicationError
from ipoffice.common.history import history_seal_first
from ipoffice.common.identifiers import mask_identifier
from ipoffice.common.inputs import Declaration, InputField, Kind
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.offices.models import Office

EXTRA_COLUMNS = ["foreign_related", "status", "due_on"]  # export adds these; import reads the first
# The columns that identify a row's case, checked as any case input is (clean_case checks
# the rest of the row).
ROW_KEYS = Declaration(
    InputField("case_number", Kind.TEXT, Case, required=True),
    InputField("office_code", Kind.CODE, Office, "code", required=True),
)


@dataclass
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    reason: str


@dataclass
class ImportResult:
    created: int = 0
    unchanged: int = 0
    rejected: list[tuple[dict[str, str], list[RowError]]] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return [e for _row, errors in self.rejected for e in errors]


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a CSV (UTF-8, with or without BOM) or XLSX file as dicts of text."""
    if path.suffix.lower() == ".xlsx":
        workbook = load_workbook(path, read_only=True, data_only=True)
        rows = workbook.active.iter_rows(values_only=True)  # type: ignore[union-attr]
        header = [str(h or "").strip() for h in next(rows, ())]
        for values in rows:
            yield {h: _cell_text(v) for h, v in zip(header, values, strict=False)}
        workbook.close()
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {(k or "").strip(): (v or "").strip() for k, v in row.items()}


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _status_of(data: CaseInput) -> str:
    if data.closed_on:
        return CaseStatus.CLOSED
    if data.outcome:
        return CaseStatus.CONCLUDED
    return CaseStatus.ACCEPTED if data.accepted_on else CaseStatus.RECEIVED


def check_rows(
    rows: Iterable[dict[str, str]],
    offices: dict[str, Office],
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, dict[str, str], CaseInput | None, list[RowError]]]:
    # Row of each (office, case number) so far, keyed by the pair's 64-bit hash: a million
    # rows take ~90 MB this way, ~250 MB as tuples of strings. Two different pairs with
    # the same hash are about as likely as a one-in-10^13 accident per million rows.
    seen: dict[int, int] = {}
    for index, row in enumerate(rows, start=2):
        if progress and index % 10_000 == 0:
            progress(index - 1)
        keys, problems = ROW_KEYS.check(row)
        errors = [RowError(index, col, msg) for col, msgs in problems.items() for msg in msgs]
        missing = not keys["case_number"] or not keys["office_code"]
        code = row.get("office_code", "")
        if code and code not in offices:
            errors.append(
                RowError(index, "office_code", _("No office has code %(code)s.") % {"code": code})
            )
        key = hash((code, row.get("case_number", "")))
        if not missing and key in seen:
            errors.append(
                RowError(
                    index, "case_number", _("Same case number as row %(row)s.") % {"row": seen[key]}
                )
            )
        seen.setdefault(key, index)
        cleaned = clean_case(row)
        if isinstance(cleaned, dict):
            errors += [RowError(index, col, msg) for col, msgs in cleaned.items() for msg in msgs]
            yield index, row, None, errors
        else:
            yield index, row, cleaned, errors


class _NothingWritten(Exception):
    """A bad row in an all-or-nothing import: undo what was already written."""


@dataclass
class _Touched:
    """What an import changed beyond its rows: statistics and number counters."""

    office_ids: set[int] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    highest: dict[tuple[int, int], int] = field(default_factory=dict)

    def add(self, office: Office, number: str, data: CaseInput) -> None:
        self.office_ids.add(office.pk)
        self.years.update(
            d.year for d in (data.filed_on, data.accepted_on, data.closed_on) if d is not None
        )
        if own := _own_number(office, number):
            self.highest[own] = max(self.highest.get(own, 0), own_sequence(number))


def cases_import(
    path: Path,
    *,
    skip_invalid: bool = False,
    actor: Any = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 5000,
) -> ImportResult:
    """Stream the file: every row is checked and the good ones written in batches inside
    one transaction, which is undone if a bad row turns up (unless ``skip_invalid``). The
    file is never held in memory whole."""
    offices = {o.code: o for o in Office.objects.all()}
    calendar = WorkingCalendar.from_db()
    result, touched = ImportResult(), _Touched()
    write = _copy_batch if connection.vendor == "postgresql" else _insert_batch
    batch: list[tuple[dict[str, str], CaseInput]] = []

    def flush() -> None:
        created = write(batch, offices, calendar, actor)
        result.created += created
        result.unchanged += len(batch) - created
        batch.clear()

    try:
        with transaction.atomic():
            for _index, row, cleaned, errors in check_rows(read_rows(path), offices, progress):
                if errors:
                    result.rejected.append((row, errors))
                elif cleaned is not None and (skip_invalid or not result.rejected):
                    batch.append((row, cleaned))
                    touched.add(offices[row["office_code"]], row["case_number"], cleaned)
                    if len(batch) >= batch_size:
                        flush()
            if result.rejected and not skip_invalid:
                raise _NothingWritten
            flush()
            _advance_counters(touched.highest)
            # Written in bulk, past the cases' own saves: recount what the file touched.
            counted_bulk_written(Case, office_ids=touched.office_ids, years=touched.years)
    except _NothingWritten:
        result.created = result.unchanged = 0
    except UnicodeDecodeError:
        raise ApplicationError(
            _("%(file)s is not UTF-8 text: save it as “CSV UTF-8” or as XLSX.")
            % {"file": path.name}
        ) from None
    return result


def _new_cases(
    batch: list[tuple[dict[str, str], CaseInput]],
    offices: dict[str, Office],
    calendar: WorkingCalendar,
    actor: Any,
) -> list[tuple[Case, dict[str, str], CaseInput]]:
    """The batch's cases not yet stored (office + case number identify a case)."""
    keys = {(offices[r["office_code"]].pk, r["case_number"]) for r, _c in batch}
    existing = set(
        Case.objects.filter(case_number__in={n for _o, n in keys}).values_list(
            "office_id", "case_number"
        )
    )
    return [
        (_case_from(row, data, offices[row["office_code"]], calendar, actor), row, data)
        for row, data in batch
        if (offices[row["office_code"]].pk, row["case_number"]) not in existing
    ]


def _related(
    new: list[tuple[Case, dict[str, str], CaseInput]], actor: Any
) -> tuple[list[Party], list[CasePatent], list[CaseEvent]]:
    parties: list[Party] = []
    patents: list[CasePatent] = []
    for case, _row, data in new:
        case_parties, case_patents = parties_and_patents(case, data)
        parties += case_parties
        patents += case_patents
    events = [
        CaseEvent(
            case=case,
            actor=actor,
            action="import",
            on=case.filed_on,
            to_status=case.status,
            changes={
                c: [None, _history_value(c, row.get(c, ""))]
                for c in COLUMNS
                if row.get(c) and c not in _personal_columns(data)
            },
        )
        for case, row, data in new
    ]
    history_seal_first(events)
    return parties, patents, events


def _copy_batch(
    batch: list[tuple[dict[str, str], CaseInput]],
    offices: dict[str, Office],
    calendar: WorkingCalendar,
    actor: Any,
) -> int:
    """PostgreSQL: ids from the sequence, then one COPY per table."""
    new = _new_cases(batch, offices, calendar, actor)
    for (case, _row, _data), pk in zip(new, allocate_ids(Case, len(new)), strict=True):
        case.pk = pk
    write_objects(Case, [case for case, _row, _data in new], with_pk=True)
    parties, patents, events = _related(new, actor)
    write_objects(Party, parties)
    write_objects(CasePatent, patents)
    write_objects(CaseEvent, events)
    return len(new)


def _insert_batch(
    batch: list[tuple[dict[str, str], CaseInput]],
    offices: dict[str, Office],
    calendar: WorkingCalendar,
    actor: Any,
) -> int:
    """Elsewhere (SQLite): bulk inserts, which return the new ids."""
    new = _new_cases(batch, offices, calendar, actor)
    Case.objects.bulk_create([case for case, _row, _data in new], batch_size=1000)
    parties, patents, events = _related(new, actor)
    Party.objects.bulk_create(parties, batch_size=2000)
    CasePatent.objects.bulk_create(patents, batch_size=2000)
    CaseEvent.objects.bulk_create(events, batch_size=1000)
    return len(new)


def _personal_columns(data: CaseInput) -> set[str]:
    """An individual party's name and ID number stay out of history (which is kept for
    good and hash-chained): they live only in the party row, which can be anonymised."""
    parties = (("requester", data.requester), ("respondent", data.respondent))
    return {
        f"{role}_{part}"
        for role, party in parties
        if party is not None and party.kind == PartyKind.INDIVIDUAL
        for part in ("name", "id")
    }


def _history_value(column: str, value: str) -> str:
    # History is read by everyone who reads the case: identity numbers stay masked there.
    return mask_identifier(value) if column.endswith("_id") else value


def _case_from(
    row: dict[str, str], data: CaseInput, office: Office, calendar: WorkingCalendar, actor: Any
) -> Case:
    number = row["case_number"]
    year, sequence = data.filed_on.year, None
    if own := _own_number(office, number):  # our own numbering: keep the sequence
        year, sequence = own[1], own_sequence(number)
    concluded = data.closed_on if data.outcome else None
    case = Case(
        office=office,
        case_number=number,
        year=year,
        sequence=sequence,
        case_type=data.case_type,
        dispute_subtype=data.dispute_subtype,
        source=data.source,
        campaign=data.campaign,
        industry=data.industry,
        e_commerce=data.e_commerce,
        foreign_related=data.foreign_related,
        title=data.title,
        description=data.description,
        filed_on=data.filed_on,
        accepted_on=data.accepted_on,
        concluded_on=concluded,
        closed_on=data.closed_on,
        published_on=data.closed_on if data.outcome in PUBLISHED_OUTCOMES else None,
        outcome=data.outcome,
        fine_amount=data.fine_amount,
        illegal_gains=data.illegal_gains,
        status=_status_of(data),
        created_by=actor,
    )
    case.due_on = case_due_on(case, calendar)
    case.concluded_within_limit = concluded_in_time(case, calendar)
    return case


def _own_number(office: Office, number: str) -> tuple[int, int] | None:
    """(office id, year) when ``number`` is in our own format for ``office``
    (320100-2013-00042)."""
    parts = number.split("-")
    if len(parts) == 3 and parts[0] == office.code and parts[1].isdigit() and parts[2].isdigit():
        return office.pk, int(parts[1])
    return None


def own_sequence(number: str) -> int:
    return int(number.rsplit("-", 1)[1])


def _advance_counters(highest: dict[tuple[int, int], int]) -> None:
    """Numbers imported in our own format must never be handed out again: move the
    counters of the offices and years this file touched (not the whole table's)."""
    for (office_id, year), top in highest.items():
        CaseNumberCounter.objects.bulk_create(
            [CaseNumberCounter(office_id=office_id, year=year)], ignore_conflicts=True
        )
        CaseNumberCounter.objects.filter(office_id=office_id, year=year, last__lt=top).update(
            last=top
        )


def write_rejects(path: Path, result: ImportResult) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "column", "reason", *COLUMNS])
        for row, errors in result.rejected:
            for error in errors:
                writer.writerow(
                    [error.row, error.column, error.reason, *(row.get(c, "") for c in COLUMNS)]
                )


def export_row(case: Case) -> list[Any]:
    parties = {p.role: p for p in case.parties.all()}
    requester, respondent = parties.get("requester"), parties.get("respondent")
    return [
        case.case_number,
        case.office.code,
        case.case_type,
        case.dispute_subtype,
        case.source,
        case.campaign,
        case.industry,
        "true" if case.e_commerce else "false",
        _iso(case.filed_on),
        _iso(case.accepted_on),
        _iso(case.closed_on),
        case.outcome,
        "" if case.fine_amount is None else f"{case.fine_amount:.2f}",
        ";".join(p.application_number for p in case.patents.all()),
        requester.name if requester else "",
        requester.id_number if requester else "",
        respondent.name if respondent else "",
        respondent.id_number if respondent else "",
        "true" if case.foreign_related else "false",
        case.status,
        _iso(case.due_on),
    ]


def _iso(day: Any) -> str:
    return day.isoformat() if day else ""


def export_rows(cases: Any, *, mask: Callable[[Case, str], str]) -> Iterator[list[Any]]:
    """Export rows; ``mask`` decides how each party ID is shown to the exporting user."""
    yield [*COLUMNS, *EXTRA_COLUMNS]
    for case in cases.prefetch_related("parties", "patents").iterator(chunk_size=2000):
        row = export_row(case)
        row[15], row[17] = mask(case, row[15]), mask(case, row[17])
        yield row
