"""Dated time limits for 12330 complaints.

粤知〔2011〕208号 Arts. 14, 15, 18 (in force 2012-03-01), the model the 12330 centers
follow; the "extension" of the result is the 120 days allowed for complex matters.
Every row applies to every kind of complaint (``case_type`` ""). Sources: docs/sources.md.
"""

from __future__ import annotations

from datetime import date

from ipoffice.deadlines.rules import Instrument, Step, TimeLimit, Unit

G2012, G12 = date(2012, 3, 1), Instrument.COMPLAINTS_2012
WD, DAYS = Unit.WORKING_DAYS, Unit.DAYS

COMPLAINT_TIME_LIMITS: tuple[TimeLimit, ...] = (
    TimeLimit(G12, G2012, Step.REVIEW, "", 5, WD),
    TimeLimit(G12, G2012, Step.TRANSFER, "", 5, WD),
    TimeLimit(G12, G2012, Step.RECEIPT, "", 15, WD),
    TimeLimit(G12, G2012, Step.RESULT, "", 90, DAYS, 30, DAYS),
    TimeLimit(G12, G2012, Step.NOTIFY, "", 5, WD),
)
