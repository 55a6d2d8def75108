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
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ipoffice.cases import layout
from ipoffice.cases.campaigns import CampaignNames, unknown_campaign_message
from ipoffice.cases.columns import COLUMNS
from ipoffice.cases.deadlines import case_due_on, concluded_in_time
from ipoffice.cases.enums import PUBLISHED_OUTCOMES, CaseStatus, PartyKind
from ipoffice.cases.layout import (
    CHOICES,
    Header,
    RowReader,
    cell_text,
    choice_labels,
    header_read,
    label,
)
from ipoffice.cases.models import Case, CaseEvent, CaseNumberCounter, CasePatent, Party
from ipoffice.cases.services import parties_and_patents
from ipoffice.cases.validation import CaseInput, clean_case
from ipoffice.common.bulk import allocate_ids, write_objects
from ipoffice.common.counting import counted_bulk_written
from ipoffice.common.errors import ApplicationError
from ipoffice.common.exports import Sheet, csv_encoding, neutral, unneutral
from ipoffice.common.history import history_seal_first
from ipoffice.common.identifiers import mask_identifier
from ipoffice.common.inputs import Declaration, InputField, Kind
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.offices.models import Office

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
    header: Header
    created: int = 0
    unchanged: int = 0
    rejected: list[tuple[dict[str, str], list[RowError]]] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return [e for _row, errors in self.rejected for e in errors]


def read_table(path: Path) -> tuple[Header, Iterator[list[str]]]:
    """The header and the rows (as text) of a CSV or XLSX file, streamed. CSV is UTF-8,
    with or without BOM, or GB 18030/GBK (``common.exports.csv_encoding``)."""
    if path.suffix.lower() == ".xlsx":
        return _xlsx_table(path)
    try:
        encoding = csv_encoding(path)
    except UnicodeError as exc:
        raise _not_text(path, str(exc)) from None
    handle = path.open(encoding=encoding, newline="")
    lines = csv.reader(handle)
    try:
        header = header_read(next(lines, []))
    except UnicodeDecodeError as exc:
        handle.close()
        raise _not_text(path, exc.encoding) from None
    except BaseException:
        handle.close()
        raise

    def rows() -> Iterator[list[str]]:
        with handle:
            for values in lines:
                yield [unneutral(v.strip()) for v in values]

    return header, rows()


def _xlsx_table(path: Path) -> tuple[Header, Iterator[list[str]]]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    cells = workbook.active.iter_rows(values_only=True)  # type: ignore[union-attr]
    try:
        header = header_read(next(cells, ()))
    except BaseException:
        workbook.close()
        raise

    def rows() -> Iterator[list[str]]:
        try:
            for values in cells:
                yield [cell_text(v) for v in values]
        finally:
            workbook.close()

    return header, rows()


def _not_text(path: Path, found: str) -> ApplicationError:
    return ApplicationError(
        _(
            "%(file)s is neither UTF-8 nor GB 18030 text (it looks like %(found)s): save it "
            "as “CSV UTF-8”, as “CSV” on Chinese Windows, or as XLSX."
        )
        % {"file": path.name, "found": found}
    )


def _status_of(data: CaseInput) -> str:
    if data.closed_on:
        return CaseStatus.CLOSED
    if data.outcome:
        return CaseStatus.CONCLUDED
    return CaseStatus.ACCEPTED if data.accepted_on else CaseStatus.RECEIVED


def check_rows(
    header: Header,
    rows: Iterable[list[str]],
    offices: dict[str, Office],
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, dict[str, str], CaseInput | None, list[RowError]]]:
    # Row of each (office, case number) so far, keyed by the pair's 64-bit hash: a million
    # rows take ~90 MB this way, ~250 MB as tuples of strings. Two different pairs with
    # the same hash are about as likely as a one-in-10^13 accident per million rows.
    seen: dict[int, int] = {}
    reader = RowReader(header)
    campaigns = CampaignNames()
    for index, values in enumerate(rows, start=2):
        if progress and index % 10_000 == 0:
            progress(index - 1)
        if not any(values):
            continue  # a blank line, as spreadsheets leave at the end
        row, refused = reader.read(values)
        keys, problems = ROW_KEYS.check(row)
        errors = [RowError(index, col, msg) for col, msgs in refused.items() for msg in msgs]
        errors += [RowError(index, col, msg) for col, msgs in problems.items() for msg in msgs]
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
        name = row.get("campaign", "")
        if name and code in offices and not isinstance(cleaned, dict):
            cleaned.campaign_id = campaigns.find(name, offices[code])
            if cleaned.campaign_id is None:
                errors.append(RowError(index, "campaign", unknown_campaign_message(name)))
        if isinstance(cleaned, dict):
            errors += [
                RowError(index, col, msg)
                for col, msgs in cleaned.items()
                if col not in refused
                for msg in msgs
            ]
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
    header, rows = read_table(path)
    result, touched = ImportResult(header=header), _Touched()
    write = _copy_batch if connection.vendor == "postgresql" else _insert_batch
    batch: list[tuple[dict[str, str], CaseInput]] = []

    def flush() -> None:
        created = write(batch, offices, calendar, actor)
        result.created += created
        result.unchanged += len(batch) - created
        batch.clear()

    try:
        with transaction.atomic():
            for _index, row, cleaned, errors in check_rows(header, rows, offices, progress):
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
    except UnicodeDecodeError as exc:
        raise _not_text(path, exc.encoding) from None
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
        campaign_id=data.campaign_id,
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
    """The rejected rows, one line per problem, in the export's language and layout: fixed,
    the file imports as it is (the first three columns are ignored)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([_("row"), _("column"), _("problem"), *(str(label(c)) for c in COLUMNS)])
        for row, errors in result.rejected:
            for error in errors:
                writer.writerow(
                    [
                        error.row,
                        result.header.name(error.column),
                        error.reason,
                        *(neutral(row.get(c, "")) for c in COLUMNS),
                    ]
                )


def export_sheet(cases: Any, *, mask: Callable[[Case, str], str]) -> Sheet:
    """The cases in the export's columns (``layout.EXPORT_ORDER``), in the active language;
    ``mask`` decides how each party ID is shown to the exporting user."""
    return Sheet(_("Cases"), layout.export_columns(), _export_rows(cases, mask), frozen_columns=1)


_EXPORTED = (
    "pk", "office_id", "case_number", "case_type", "dispute_subtype", "source", "campaign__name_zh",
    "industry", "e_commerce", "foreign_related", "title", "filed_on", "accepted_on",
    "closed_on", "outcome", "fine_amount", "illegal_gains", "status", "due_on",
)  # fmt: skip


def _export_rows(cases: Any, mask: Callable[[Case, str], str]) -> Iterator[list[Any]]:
    """Read as plain values, 2,000 cases at a time with their parties and patents: a
    million model instances cost several times the query time."""
    language = translation.get_language() or ""
    label = {key: choice_labels(key, language).get for key in (*CHOICES, "status")}
    offices = {o.pk: o for o in Office.objects.all()}
    shown: dict[int, Callable[[str], str]] = {}  # office id -> how IDs are shown

    def ids_of(office_id: int) -> Callable[[str], str]:
        if office_id not in shown:
            sample = Case(office_id=office_id)
            shown[office_id] = lambda value: mask(sample, value) if value else ""
        return shown[office_id]

    batch: list[tuple[Any, ...]] = []
    for values in cases.values_list(*_EXPORTED).iterator(chunk_size=2000):
        batch.append(values)
        if len(batch) == 2000:
            yield from _export_batch(batch, offices, label, ids_of)
            batch = []
    yield from _export_batch(batch, offices, label, ids_of)


def _export_batch(
    batch: list[tuple[Any, ...]],
    offices: dict[int, Office],
    label: dict[str, Any],
    ids_of: Callable[[int], Callable[[str], str]],
) -> Iterator[list[Any]]:
    keys = [row[0] for row in batch]
    parties: dict[tuple[int, str], tuple[str, str, str]] = {}
    for case_id, role, kind, name, id_number in (
        Party.objects.filter(case_id__in=keys)
        .order_by("id")
        .values_list("case_id", "role", "kind", "name", "id_number")
    ):
        parties.setdefault((case_id, role), (kind, name, id_number))
    patents: dict[int, list[str]] = {}
    for case_id, number in (
        CasePatent.objects.filter(case_id__in=keys)
        .order_by("id")
        .values_list("case_id", "application_number")
    ):
        patents.setdefault(case_id, []).append(number)
    for (pk, office_id, number, case_type, subtype, source, campaign, industry, e_commerce,
         foreign, title, filed_on, accepted_on, closed_on, outcome, fine, gains, status,
         due_on) in batch:  # fmt: skip
        office, shown_id = offices[office_id], ids_of(office_id)
        req_kind, req_name, req_id = parties.get((pk, "requester"), ("", "", ""))
        res_kind, res_name, res_id = parties.get((pk, "respondent"), ("", "", ""))
        yield [
            number, office.code, office.name,
            label["case_type"](case_type, case_type), label["dispute_subtype"](subtype, ""),
            label["source"](source, source), campaign or "", label["industry"](industry, ""),
            e_commerce, foreign, title, filed_on, accepted_on, closed_on,
            label["outcome"](outcome, ""), fine, gains, ";".join(patents.get(pk, ())),
            label["requester_kind"](req_kind, ""), req_name, shown_id(req_id),
            label["respondent_kind"](res_kind, ""), res_name, shown_id(res_id),
            label["status"](status, status), due_on,
        ]  # fmt: skip
