"""Dated time limits for coordination requests.

No statute sets how fast one patent office must acknowledge or answer another's request
for assistance, nor an outside authority a transfer: these rows are office practice
(``Instrument.OFFICE_PRACTICE``), not law, and say so wherever they are shown
(docs/time-limits.md#coordination-requests). An office that adopts other limits adds a
row with its own effective date; the row in force on the day a request is sent applies.
Every row applies to every kind of request (``case_type`` "").
"""

from __future__ import annotations

from datetime import date

from ipoffice.deadlines.rules import Instrument, Step, TimeLimit, Unit

PRACTICE, ADOPTED = Instrument.OFFICE_PRACTICE, date(2010, 1, 1)

COORDINATION_TIME_LIMITS: tuple[TimeLimit, ...] = (
    # Acknowledge within 10 working days of sending.
    TimeLimit(PRACTICE, ADOPTED, Step.ACKNOWLEDGE, "", 10, Unit.WORKING_DAYS),
    # Answer within 30 days of sending (a rest day moves it to the next working day).
    TimeLimit(PRACTICE, ADOPTED, Step.ANSWER, "", 30, Unit.DAYS),
)
