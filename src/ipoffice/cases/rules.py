"""Penalty limits for passing off, as dated data (Patent Law Art. 63, later Art. 68)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


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
