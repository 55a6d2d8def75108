"""The case table as the export writes it and the import reads it back.

The export's columns (``EXPORT_COLUMNS``: the import's ``COLUMNS`` and a few more) carry
labels in the reader's language, a kind (date, money, yes/no...) and a width. The import
reads a file's header in Chinese or English, or as column codes (``案号``, ``case number``,
``case_number``), and the values as the export writes them or as an office's own
spreadsheet has them: choices by their Chinese or English label or their code (``专利侵权
纠纷``, ``侵权纠纷``, ``infringement_dispute``), dates as ``2013-05-06``, ``2013/5/6``,
``2013年5月6日`` or Excel dates, yes/no as 是/否. It hands on the codes and ISO dates that
``validation.clean_case`` checks. See docs/import-format.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from ipoffice.cases.columns import COLUMNS
from ipoffice.cases.enums import CaseStatus, CaseType, Outcome
from ipoffice.cases.inputs import CASE_INPUT
from ipoffice.cases.models import Case
from ipoffice.common.errors import ApplicationError
from ipoffice.common.exports import Cell, Column
from ipoffice.common.inputs import Problem

LANGUAGES = ("zh-hans", "en")

# Columns the export adds to COLUMNS: read back by the import (the first five), or written
# for the reader only (derived again on import: the office's name, status, due date).
IMPORTED_EXTRA = ("foreign_related", "title", "illegal_gains", "requester_kind", "respondent_kind")
INFORMATIVE = ("office_name", "status", "due_on")

_KINDS: dict[str, Cell] = {
    "e_commerce": Cell.FLAG,
    "foreign_related": Cell.FLAG,
    "filed_on": Cell.DATE,
    "accepted_on": Cell.DATE,
    "closed_on": Cell.DATE,
    "due_on": Cell.DATE,
    "fine_amount": Cell.MONEY,
    "illegal_gains": Cell.MONEY,
}
_WIDTHS = {
    "case_number": 24, "office_code": 10, "office_name": 22, "case_type": 18,
    "dispute_subtype": 18, "source": 16, "campaign": 14, "industry": 14, "e_commerce": 10,
    "foreign_related": 8, "title": 30, "filed_on": 14, "accepted_on": 14, "closed_on": 14,
    "outcome": 16, "fine_amount": 14, "illegal_gains": 14, "patent_numbers": 32,
    "requester_kind": 12, "requester_name": 24, "requester_id": 22, "respondent_kind": 12,
    "respondent_name": 24, "respondent_id": 22, "status": 10, "due_on": 14,
}  # fmt: skip
_LABELS: dict[str, StrOrPromise] = {
    "office_code": gettext_lazy("Office code"),
    "office_name": gettext_lazy("office"),
}
# The order a reader wants; the import takes any order.
EXPORT_ORDER = (
    "case_number", "office_code", "office_name", "case_type", "dispute_subtype", "source",
    "campaign", "industry", "e_commerce", "foreign_related", "title", "filed_on",
    "accepted_on", "closed_on", "outcome", "fine_amount", "illegal_gains", "patent_numbers",
    "requester_kind", "requester_name", "requester_id", "respondent_kind", "respondent_name",
    "respondent_id", "status", "due_on",
)  # fmt: skip

# What offices' own spreadsheets call the columns, beyond the labels and codes.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "case_number": ("案件编号", "编号", "立案号"),
    "office_code": ("办案单位代码", "行政区划代码", "office"),
    "case_type": ("案件类别", "类型", "type"),
    "source": ("来源", "案源"),
    "filed_on": ("收案日期", "收到时间", "filed"),
    "accepted_on": ("立案时间", "accepted"),
    "closed_on": ("结案日期", "结案时间", "归档时间", "closed"),
    "outcome": ("处理结果", "结果"),
    "fine_amount": ("罚款", "罚款金额", "罚款数额", "罚款金额（元）", "fine"),
    "illegal_gains": ("违法所得", "违法所得金额"),
    "patent_numbers": ("专利申请号", "涉案专利", "涉案专利号", "patents"),
    "requester_name": ("请求人名称", "请求人姓名", "投诉人"),
    "respondent_name": ("被请求人名称", "被请求人姓名", "当事人", "被投诉人"),
    "requester_id": ("请求人证件号码", "请求人证件号", "请求人统一社会信用代码"),
    "respondent_id": ("被请求人证件号码", "被请求人证件号", "当事人证件号码"),
    "e_commerce": ("是否电子商务", "电商"),
    "foreign_related": ("是否涉外",),
    "campaign": ("专项",),
    "industry": ("领域", "行业"),
}
# Short names of choices that offices write.
VALUE_ALIASES: dict[str, dict[str, str]] = {
    "case_type": {
        "侵权纠纷": CaseType.INFRINGEMENT_DISPUTE,
        "专利纠纷": CaseType.INFRINGEMENT_DISPUTE,
        "其他纠纷": CaseType.OTHER_DISPUTE,
        "其他专利纠纷": CaseType.OTHER_DISPUTE,
        "假冒": CaseType.PASSING_OFF,
    },
    "outcome": {
        "调解": Outcome.MEDIATED,
        "侵权成立": Outcome.INFRINGEMENT_FOUND,
        "责令停止侵权": Outcome.INFRINGEMENT_FOUND,
        "侵权不成立": Outcome.NO_INFRINGEMENT,
        "不构成侵权": Outcome.NO_INFRINGEMENT,
        "行政处罚": Outcome.PENALTY_IMPOSED,
        "处罚": Outcome.PENALTY_IMPOSED,
        "撤回": Outcome.WITHDRAWN,
        "撤诉": Outcome.WITHDRAWN,
        "驳回": Outcome.DISMISSED,
        "移送": Outcome.TRANSFERRED,
    },
}
DATE_COLUMNS = frozenset(k for k, kind in _KINDS.items() if kind == Cell.DATE)
CHOICES = ("case_type", "dispute_subtype", "source", "industry", "outcome",
                   "requester_kind", "respondent_kind")  # fmt: skip


def label(key: str) -> StrOrPromise:
    if key in _LABELS:
        return _LABELS[key]
    if key in CASE_INPUT._by_name:
        return CASE_INPUT[key].shown_label
    return Case._meta.get_field(key).verbose_name  # type: ignore[union-attr]


def export_columns() -> list[Column]:
    return [Column(k, label(k), _KINDS.get(k, Cell.TEXT), _WIDTHS[k]) for k in EXPORT_ORDER]


@cache
def choice_labels(key: str, language: str) -> dict[str, str]:
    """Code -> label of a choice column (or the status), in ``language``."""
    choices = CASE_INPUT[key].choices if key in CASE_INPUT._by_name else CaseStatus.choices
    with translation.override(language):
        return {value: str(text) for value, text in choices}


def _norm(text: str) -> str:
    """How names are compared: full-width as half-width, case and spaces ignored."""
    return re.sub(r"[\s*]", "", unicodedata.normalize("NFKC", text)).casefold()


@cache
def _header_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for key in (*COLUMNS, *IMPORTED_EXTRA, *INFORMATIVE, *CASE_INPUT._by_name):
        spelled = [key, *HEADER_ALIASES.get(key, ())]
        for language in LANGUAGES:
            with translation.override(language):
                spelled.append(str(label(key)))
        for name in spelled:
            names.setdefault(_norm(name), key)
    return names


@dataclass
class Header:
    keys: list[str | None]  # for each column of the file, the column it is (None: ignored)
    names: dict[str, str]  # column -> as the file names it

    def name(self, key: str) -> str:
        return self.names.get(key) or str(label(key))


def header_read(cells: Sequence[Any]) -> Header:
    """The file's header: which column is which. Refuses a file without case number or
    office code, or with one column twice (both named, as in the file)."""
    known = _header_names()
    keys: list[str | None] = []
    names: dict[str, str] = {}
    for cell in cells:
        text = "" if cell is None else str(cell).strip()
        key = known.get(_norm(text)) if text else None
        if key in INFORMATIVE:
            key = None
        if key is not None and key in names:
            raise ApplicationError(
                _("The columns %(first)s and %(second)s are both %(label)s.")
                % {"first": names[key], "second": text, "label": label(key)}
            )
        if key is not None:
            names[key] = text
        keys.append(key)
    missing = [str(label(k)) for k in ("case_number", "office_code") if k not in names]
    if missing:
        raise ApplicationError(
            _("The file has no column %(columns)s (its first row names the columns).")
            % {"columns": _list(missing)}
        )
    return Header(keys, names)


def _list(items: list[str]) -> str:
    chinese = (translation.get_language() or "").startswith("zh")
    return ("、" if chinese else ", ").join(items)


def _choice_reader(key: str) -> Callable[[str], str]:
    values = {value for value, _label in CASE_INPUT[key].choices}
    lookup: dict[str, str] = {}
    for language in LANGUAGES:
        for value, text in choice_labels(key, language).items():
            lookup.setdefault(_norm(text), value)
    for value in values:
        lookup[_norm(value)] = value
    lookup.update({_norm(k): v for k, v in VALUE_ALIASES.get(key, {}).items()})

    def read(text: str) -> str:
        if text in values or not text:
            return text
        found = lookup.get(_norm(text))
        if found is None:
            shown = _list(list(choice_labels(key, translation.get_language() or "").values()))
            raise Problem(
                _("%(value)s is not one of: %(choices)s") % {"value": text, "choices": shown}
            )
        return found

    return read


_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0?0:00(?::00)?)?"
)
_EXCEL_EPOCH = date(1899, 12, 30)


def _date(text: str) -> str:
    if not text or (len(text) == 10 and text[4] == "-" and text[7] == "-"):
        return text
    plain = unicodedata.normalize("NFKC", text).strip()
    if match := _DATE.fullmatch(plain):
        year, month, day = (int(g) for g in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    if plain.isdigit() and 1 <= int(plain) <= 2_958_465:  # an Excel date serial number
        return (_EXCEL_EPOCH + timedelta(days=int(plain))).isoformat()
    raise Problem(_("%(value)s is not a date such as 2013-05-06 or 2013年5月6日") % {"value": text})


def _amount(text: str) -> str:
    if not text or text.replace(".", "", 1).isdigit():
        return text
    return re.sub(r"[¥元\s]|RMB", "", unicodedata.normalize("NFKC", text))


def _patents(text: str) -> str:
    return re.sub(r"[、,，]", ";", unicodedata.normalize("NFKC", text))


def _readers() -> dict[str, Callable[[str], str]]:
    readers: dict[str, Callable[[str], str]] = {k: _choice_reader(k) for k in CHOICES}
    readers.update(dict.fromkeys(DATE_COLUMNS, _date))
    readers.update(fine_amount=_amount, illegal_gains=_amount, patent_numbers=_patents)
    return readers


class RowReader:
    """A file's rows as the import checks them: ``{column: code or text}`` and the values
    refused here (an unknown label, a date in no known form) by column."""

    def __init__(self, header: Header) -> None:
        self.header = header
        readers = _readers()
        self._columns = [
            (i, key, readers.get(key)) for i, key in enumerate(header.keys) if key is not None
        ]

    def read(self, values: Sequence[str]) -> tuple[dict[str, str], dict[str, list[str]]]:
        row: dict[str, str] = {}
        problems: dict[str, list[str]] = {}
        width = len(values)
        for index, key, reader in self._columns:
            text = values[index] if index < width else ""
            if reader is not None and text:
                try:
                    text = reader(text)
                except Problem as problem:
                    problems[key] = [str(problem)]
            row[key] = text
        return row, problems


def cell_text(value: Any) -> str:
    """An XLSX cell's value as the import reads text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
