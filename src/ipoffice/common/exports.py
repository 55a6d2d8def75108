"""Tables to CSV or XLSX, for every export: typed columns, labels in the reader's language;
and the encoding of a CSV file read back (UTF-8 or GB 18030).

An export declares its ``Column``s (key, label, kind, width) and yields rows of Python
values: ``date``, ``int``, ``Decimal``, ``bool``, text (enum values already as their
labels), ``None`` for empty. One table or several (``Sheet``) become:

- **CSV**: UTF-8 with a BOM (Excel reads UTF-8 only with one), streamed row by row; the
  header is the labels; dates ``YYYY-MM-DD``, booleans 是/否 (Yes/No), money with two
  decimals, changes as ``+12.5%``, scores with one or two decimals, rank changes as ``+2``.
- **XLSX**: openpyxl's write-only mode (rows go to a temporary file as they come, so a
  million rows never sit in memory), one sheet per table named in the language, the
  header row bold, frozen and repeated on printed pages, column widths, dates as Excel
  dates, numbers with thousands separators, money with two decimals, changes as
  percentages, scores with one or two decimals, rank changes as ▲2 / ▼1 (numbers all).

Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return at the start) is neutralised by ``neutral`` for CSV (a leading apostrophe) and
written as a string cell, never a formula, in XLSX.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import pgettext
from django_stubs_ext import StrOrPromise

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


class Cell(StrEnum):
    TEXT = "text"
    DATE = "date"
    INT = "int"  # a count: thousands separators
    MONEY = "money"  # RMB: two decimals
    FLAG = "flag"  # 是/否 (Yes/No)
    CHANGE = "change"  # a year-on-year change in per cent (12.5 is +12.5%)
    SHARE = "share"  # a share in per cent (12.5 is 12.5%)
    POINTS = "points"  # a score: one or two decimals (85.5, 85.25)
    RANK_CHANGE = "rank_change"  # places gained in a ranking (2 is up two, -1 down one)


@dataclass(frozen=True)
class Column:
    key: str
    label: StrOrPromise
    kind: Cell = Cell.TEXT
    width: int = 14  # in Excel's character widths (a Chinese character takes two)
    wrap: bool = False  # long text (a paragraph): wrapped in the cell


@dataclass(frozen=True)
class Typed:
    """A value of another kind than its column's (a sum of money among counts)."""

    kind: Cell
    value: Any


@dataclass
class Sheet:
    title: StrOrPromise
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    frozen_columns: int = 0  # columns kept in view when scrolling right (office names)
    bold_last: bool = False  # the totals row of a statistical table
    note: str = ""  # what the table is (form, period, basis): under it, after an empty row


def neutral(text: str) -> str:
    """Text as a spreadsheet shows it, never runs it: a formula-like start is escaped."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unneutral(text: str) -> str:
    """CSV text as it was before ``neutral``: how the import reads an export back."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


def yes_no(value: bool) -> str:
    return pgettext("spreadsheet cell", "Yes") if value else pgettext("spreadsheet cell", "No")


def points(value: Any, *, grouped: bool = False) -> str:
    """A score with two decimals, or one when the second is 0 (85.25, 85.5, 85.0), as
    Excel's ``#,##0.0#`` shows it; ``grouped`` adds thousands separators."""
    exact = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{exact:,}" if grouped else f"{exact}"
    return text[:-1] if text.endswith("0") else text


def text_of(kind: Cell, value: Any) -> str:
    """A value as CSV writes it (and the importer reads it back)."""
    if isinstance(value, Typed):
        kind, value = value.kind, value.value
    if value is None or value == "":
        return ""
    if kind == Cell.FLAG or isinstance(value, bool):
        return yes_no(bool(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if kind == Cell.MONEY:
        return f"{Decimal(value):.2f}"
    if kind == Cell.CHANGE:
        return f"{value:+.1f}%"
    if kind == Cell.SHARE:
        return f"{value:.1f}%"
    if kind == Cell.POINTS:
        return points(value)
    if kind == Cell.RANK_CHANGE:
        return f"{int(value):+d}" if value else "0"
    if isinstance(value, str):
        return neutral(value)
    return str(value)


def csv_lines(sheets: Sequence[Sheet], *, titles: bool = False) -> Iterator[str]:
    """CSV text, line by line, BOM first; with ``titles``, a ``# title`` line before
    each table (a workbook of several tables in one file)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"

    def line(values: Iterable[str]) -> str:
        writer.writerow(values)
        out = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return out

    for sheet in sheets:
        if titles:
            yield line([neutral(f"# {sheet.note or sheet.title}")])
        yield line(neutral(str(c.label)) for c in sheet.columns)
        kinds = [c.kind for c in sheet.columns]
        for row in sheet.rows:
            yield line(text_of(k, v) for k, v in zip(kinds, row, strict=True))


def sheet_title(text: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: no ``[]:*?/\\``, at most 31 characters, unique."""
    name = _SHEET_NAME_BAD.sub(" ", text).strip().strip("'")
    if len(name) > 31:
        cut = name[:32].rsplit(" ", 1)[0] if " " in name[:32] else name
        name = cut[:31].rstrip(" ,·")
    name = name or "Sheet"
    candidate, n = name, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = name[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def _formats() -> dict[Cell, str]:
    chinese = (translation.get_language() or "").startswith("zh")
    return {
        Cell.DATE: 'yyyy"年"m"月"d"日"' if chinese else "yyyy-mm-dd",
        Cell.INT: "#,##0",
        Cell.MONEY: "#,##0.00",
        Cell.CHANGE: '+0.0"%";-0.0"%";0.0"%"',
        Cell.SHARE: '0.0"%"',
        Cell.POINTS: "#,##0.0#",
        Cell.RANK_CHANGE: '"▲"0;"▼"0;0',
    }


def _writer(ws: Any, columns: Sequence[Column], bold: Any) -> Callable[[Sequence[Any]], list[Any]]:
    """Turns a row of values into cells. One cell per column, reused row after row: the
    write-only sheet serialises a row when it is appended, and a styled cell is costly to
    make a million times."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment
    from openpyxl.utils.exceptions import IllegalCharacterError

    formats = _formats()

    wrapped = Alignment(wrap_text=True, vertical="top")

    def made(kind: Cell, wrap: bool = False) -> Any:
        cell = WriteOnlyCell(ws)
        if kind in formats:
            cell.number_format = formats[kind]
        if bold is not None:
            cell.font = bold
        if wrap:
            cell.alignment = wrapped
        return cell

    cells = [made(c.kind, c.wrap) for c in columns]
    kinds = [c.kind for c in columns]
    others: dict[tuple[int, Cell], Any] = {}

    def cells_of(values: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for index, (own, kind, value) in enumerate(zip(cells, kinds, values, strict=True)):
            cell = own
            if isinstance(value, Typed):
                if (index, value.kind) not in others:
                    others[(index, value.kind)] = made(value.kind)
                cell, kind, value = others[(index, value.kind)], value.kind, value.value
            if value is None or value == "":
                out.append(None)
                continue
            if kind == Cell.FLAG or isinstance(value, bool):
                value = yes_no(bool(value))
            elif isinstance(value, datetime):
                value = value.date()
            try:
                cell.value = value
            except IllegalCharacterError:  # control characters Excel cannot hold
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if cell.data_type == "f":
                cell.data_type = "s"  # text that looks like a formula stays text
            out.append(cell)
        return out

    return cells_of


def xlsx_write(sheets: Sequence[Sheet], out: IO[bytes]) -> None:
    """The workbook, one write-only sheet per table, into ``out``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    bold = Font(bold=True)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet_title(str(sheet.title), taken))
        for index, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = f"{get_column_letter(sheet.frozen_columns + 1)}2"
        ws.print_title_rows = "1:1"
        header = _writer(ws, [Column(c.key, c.label) for c in sheet.columns], bold)
        ws.append(header([str(c.label) for c in sheet.columns]))
        body = _writer(ws, sheet.columns, None)
        last: Sequence[Any] | None = None
        count = 0
        for row in sheet.rows:
            if last is not None:
                ws.append(body(last))
            last, count = row, count + 1
        if last is not None:
            ws.append((_writer(ws, sheet.columns, bold) if sheet.bold_last else body)(last))
        # Written at the sheet's end, so it may be set once the rows are known.
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{count + 1}"
        if sheet.note:
            ws.append([])
            ws.append(_writer(ws, [Column("note", "")], None)([sheet.note]))
    workbook.save(out)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    out = io.BytesIO()
    xlsx_write(sheets, out)
    return out.getvalue()


def _in_language(language: str, lines: Iterator[str]) -> Iterator[bytes]:
    # A streamed body is produced after the view has returned: keep the request's language.
    with translation.override(language):
        for text in lines:
            yield text.encode("utf-8")


def csv_response(sheets: Sequence[Sheet], filename: str) -> StreamingHttpResponse:
    language = translation.get_language() or "zh-hans"
    response = StreamingHttpResponse(_in_language(language, csv_lines(sheets)), CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(sheets: Sequence[Sheet], filename: str) -> FileResponse:
    """Built into a temporary file (on disk past a few megabytes), then sent from it."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 2**20)  # noqa: SIM115 (FileResponse closes it)
    xlsx_write(sheets, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def table_response(sheets: Sequence[Sheet], kind: str, stem: str) -> StreamingHttpResponse:
    """``kind`` "xlsx" gives a workbook, anything else CSV."""
    if kind == "xlsx":
        return xlsx_response(sheets, f"{stem}.xlsx")
    return csv_response(sheets, f"{stem}.csv")


SAMPLE_BYTES = 1 << 20


def _is_utf8(sample: bytes) -> bool:
    """Whether the bytes read as UTF-8 (the sample may end inside a character)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def csv_encoding(path: Path) -> str:
    """The Python codec to read a CSV file with: UTF-8 (with or without a BOM), or GB 18030
    (which covers GBK and GB 2312: Excel's "CSV" on Chinese Windows), detected with
    charset-normalizer on the first megabyte. Anything else is refused
    (``UnicodeError`` naming what it looks like)."""
    import charset_normalizer

    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if _is_utf8(sample):
        return "utf-8-sig"
    matches = list(charset_normalizer.from_bytes(sample))
    if not matches:
        raise UnicodeError("unknown")
    # Short Chinese texts decode equally well as GB 18030, Big5 and others: offices on the
    # mainland write GB 18030, so it wins a tie.
    best = min(m.chaos for m in matches)
    if any(m.encoding == "gb18030" and m.chaos <= best for m in matches):
        return "gb18030"
    found = matches[0].encoding
    if found in ("gb2312", "gbk", "gb18030"):
        return "gb18030"
    raise UnicodeError(found)
