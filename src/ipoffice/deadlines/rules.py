"""Statutory time limits as dated data.

The mechanism only: the rows themselves belong to the apps whose records they govern
(``cases.rules.CASE_TIME_LIMITS``, ``complaints.rules.COMPLAINT_TIME_LIMITS``), named with
those apps' enums. Each row belongs to the instrument that set it and applies from its
effective date; for a record, the row in force on the date it was filed applies (a newer
instrument's row for the same step and kind supersedes the older one). The rows, and
their sources: docs/time-limits.md, docs/sources.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Decide on acceptance")
    CONCLUSION = "conclusion", _("Conclude the case")
    PUBLICATION = "publication", _("Publish the decision")
    MEDIATION = "mediation", _("Conclude the mediation")
    REVIEW = "review", _("Initial review of a complaint")
    TRANSFER = "transfer", _("Transfer a complaint")
    RECEIPT = "receipt", _("Acceptance receipt from the receiving office")
    RESULT = "result", _("Result of a transferred complaint")
    NOTIFY = "notify", _("Tell the complainant the result")


class Unit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    DAYS = "days", _("days")
    MONTHS = "months", _("months")


class Instrument(models.TextChoices):
    MEASURES_2010 = "measures_2010", _("Measures for Patent Administrative Law Enforcement (2010)")
    MEASURES_2015 = "measures_2015", _("Measures for Patent Administrative Law Enforcement (2015)")
    MEDIATION_NOTICE_2015 = (
        "mediation_notice_2015",
        _("SIPO notice on the mediation of patent disputes (2015)"),
    )
    SAMR_2019 = "samr_2019", _("SAMR Administrative Penalty Procedure (2019)")
    COMPLAINTS_2012 = "complaints_2012", _("12330 complaint handling rules (Guangdong model, 2012)")


@dataclass(frozen=True)
class TimeLimit:
    instrument: str
    effective_from: date
    step: str
    case_type: str  # the record's kind it applies to; "" for every kind
    amount: int
    unit: str
    extension: int = 0  # the most an office head may approve, in extension_unit
    extension_unit: str = Unit.DAYS
    sources: tuple[str, ...] | None = None  # None: whatever the source


def time_limit_for(
    table: Iterable[TimeLimit], *, step: str, case_type: str, source: str, filed_on: date
) -> TimeLimit | None:
    """The row of ``table`` in force on ``filed_on`` for this step, case type and source."""
    candidates = [
        row
        for row in table
        if row.step == step
        and row.case_type in (case_type, "")
        and row.effective_from <= filed_on
        and (row.sources is None or source in row.sources)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda row: (row.effective_from, row.sources is not None))
