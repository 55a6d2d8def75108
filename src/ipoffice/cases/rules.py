"""Dated legal rules for cases: the statutory time limits of the enforcement Measures and
the penalty limits for passing off (Patent Law Art. 63, later Art. 68). Each row's source and
how sure it is: docs/sources.md."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ipoffice.cases.enums import CaseSource
from ipoffice.cases.enums import CaseType as T
from ipoffice.deadlines.rules import Instrument, Step, TimeLimit, Unit

M2010, M2015, S2019 = date(2011, 2, 1), date(2015, 7, 1), date(2019, 4, 1)
WD, DAYS, MONTHS = Unit.WORKING_DAYS, Unit.DAYS, Unit.MONTHS
A, C, P, MED = Step.ACCEPTANCE, Step.CONCLUSION, Step.PUBLICATION, Step.MEDIATION
I10, I15, I19 = Instrument.MEASURES_2010, Instrument.MEASURES_2015, Instrument.SAMR_2019
N15 = Instrument.MEDIATION_NOTICE_2015
INFRINGEMENT, OTHER_DISPUTE, PASSING_OFF = T.INFRINGEMENT_DISPUTE, T.OTHER_DISPUTE, T.PASSING_OFF
# The office found it itself, or someone told it (2015 Measures Art. 28; docs/sources.md).
DISCOVERED = (CaseSource.EX_OFFICIO, CaseSource.E_COMMERCE, CaseSource.EXHIBITION)
REPORTED = (CaseSource.COMPLAINT, CaseSource.REPORT, CaseSource.REFERRAL)

CASE_TIME_LIMITS: tuple[TimeLimit, ...] = (
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
    # The mediation track (rows 20, 21): the notice's 2 months from the start of the
    # mediation, 3 for a complex one (held as 1 month of extension, applied when the
    # mediation is marked complex). Its date is uncertain: filed at the 2015 Measures'.
    TimeLimit(N15, M2015, MED, INFRINGEMENT, 2, MONTHS, 1, MONTHS),
    TimeLimit(N15, M2015, MED, OTHER_DISPUTE, 2, MONTHS, 1, MONTHS),
)


@dataclass(frozen=True)
class PenaltyLimit:
    effective_from: date
    gains_multiple: int  # fine up to this many times the illegal gains
    cap_without_gains: Decimal  # fine up to this where there are no (or small) gains
    small_gains_below: Decimal  # gains under this count as "none" (2020 law: RMB 50,000)


PENALTY_LIMITS = (
    PenaltyLimit(date(2009, 10, 1), 4, Decimal(200_000), Decimal(0)),  # Patent Law 2008
    PenaltyLimit(date(2021, 6, 1), 5, Decimal(250_000), Decimal(50_000)),  # Patent Law 2020
)


def penalty_limit_on(day: date) -> PenaltyLimit:
    in_force = [p for p in PENALTY_LIMITS if p.effective_from <= day]
    return in_force[-1] if in_force else PENALTY_LIMITS[0]


def maximum_fine(*, day: date, illegal_gains: Decimal | None) -> Decimal:
    limit = penalty_limit_on(day)
    gains = illegal_gains or Decimal(0)
    if gains <= 0 or gains < limit.small_gains_below:
        return limit.cap_without_gains
    return gains * limit.gains_multiple
