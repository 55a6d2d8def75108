"""Statutory time limits as dated data.

Each row belongs to the instrument that set it and applies from its effective date;
for a case, the row in force on the date the case was filed applies (a newer
instrument's row for the same step and case type supersedes the older one). Sources
are in docs/counting-rules.md and ../shared/reference/domain.md §1.5.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Decide on acceptance")
    CONCLUSION = "conclusion", _("Conclude the case")
    PUBLICATION = "publication", _("Publish the decision")
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
    SAMR_2019 = "samr_2019", _("SAMR Administrative Penalty Procedure (2019)")
    COMPLAINTS_2012 = "complaints_2012", _("12330 complaint handling rules (Guangdong model, 2012)")


# Case types as the cases app names them; kept as plain strings to avoid an import cycle.
INFRINGEMENT, OTHER_DISPUTE, PASSING_OFF = "infringement_dispute", "other_dispute", "passing_off"
COMPLAINT = "complaint"  # every kind of 12330 complaint
DISCOVERED = ("ex_officio", "e_commerce", "exhibition")  # the office found it itself
REPORTED = ("complaint", "report", "referral")  # someone told the office


@dataclass(frozen=True)
class TimeLimit:
    instrument: str
    effective_from: date
    step: str
    case_type: str
    amount: int
    unit: str
    extension: int = 0  # the most an office head may approve, in extension_unit
    extension_unit: str = Unit.DAYS
    sources: tuple[str, ...] | None = None  # None: whatever the source


M2010, M2015, S2019 = date(2011, 2, 1), date(2015, 7, 1), date(2019, 4, 1)
G2012, G12 = date(2012, 3, 1), Instrument.COMPLAINTS_2012
WD, DAYS, MONTHS = Unit.WORKING_DAYS, Unit.DAYS, Unit.MONTHS
A, C, P = Step.ACCEPTANCE, Step.CONCLUSION, Step.PUBLICATION
I10, I15, I19 = Instrument.MEASURES_2010, Instrument.MEASURES_2015, Instrument.SAMR_2019

TIME_LIMITS: tuple[TimeLimit, ...] = (
    TimeLimit(I10, M2010, A, INFRINGEMENT, 5, WD),
    TimeLimit(I10, M2010, A, OTHER_DISPUTE, 5, WD),
    TimeLimit(I10, M2010, C, INFRINGEMENT, 4, MONTHS),
    TimeLimit(I10, M2010, C, PASSING_OFF, 1, MONTHS, 15, DAYS),
    TimeLimit(I15, M2015, A, INFRINGEMENT, 5, WD),
    TimeLimit(I15, M2015, A, OTHER_DISPUTE, 5, WD),
    TimeLimit(I15, M2015, A, PASSING_OFF, 5, WD, sources=DISCOVERED),
    TimeLimit(I15, M2015, A, PASSING_OFF, 10, WD, sources=REPORTED),
    TimeLimit(I15, M2015, C, INFRINGEMENT, 3, MONTHS, 1, MONTHS),
    TimeLimit(I15, M2015, C, OTHER_DISPUTE, 2, MONTHS, 1, MONTHS),
    TimeLimit(I15, M2015, C, PASSING_OFF, 1, MONTHS, 15, DAYS),
    TimeLimit(I15, M2015, P, INFRINGEMENT, 20, WD),
    TimeLimit(I15, M2015, P, PASSING_OFF, 20, WD),
    TimeLimit(I19, S2019, C, PASSING_OFF, 90, DAYS, 30, DAYS),
    # 粤知〔2011〕208号 Arts. 14, 15, 18 (in force 2012-03-01), the model the 12330 centers
    # follow: the "extension" of the result is the 120 days allowed for complex matters.
    TimeLimit(G12, G2012, Step.REVIEW, COMPLAINT, 5, WD),
    TimeLimit(G12, G2012, Step.TRANSFER, COMPLAINT, 5, WD),
    TimeLimit(G12, G2012, Step.RECEIPT, COMPLAINT, 15, WD),
    TimeLimit(G12, G2012, Step.RESULT, COMPLAINT, 90, DAYS, 30, DAYS),
    TimeLimit(G12, G2012, Step.NOTIFY, COMPLAINT, 5, WD),
)


def time_limit_for(*, step: str, case_type: str, source: str, filed_on: date) -> TimeLimit | None:
    """The row in force on ``filed_on`` for this step, case type and source, if any."""
    candidates = [
        row
        for row in TIME_LIMITS
        if row.step == step
        and row.case_type == case_type
        and row.effective_from <= filed_on
        and (row.sources is None or source in row.sources)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda row: (row.effective_from, row.sources is not None))
