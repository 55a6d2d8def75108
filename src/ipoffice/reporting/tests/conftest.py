from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from ipoffice.cases.models import Case
from ipoffice.common.counting import counted_save
from ipoffice.offices.models import Office


@pytest.fixture
def add_cases(db: Any) -> Callable[..., list[Case]]:
    """Case records as an import would leave them: the figures are counted from these."""
    counter = {"n": 0}

    def add(
        office_code: str,
        count: int,
        *,
        accepted_on: date,
        case_type: str = "passing_off",
        concluded_on: date | None = None,
        outcome: str = "",
        **fields: Any,
    ) -> list[Case]:
        office = Office.objects.get(code=office_code)
        made = []
        for _ in range(count):
            counter["n"] += 1
            made.append(
                Case(
                    office=office,
                    case_number=f"T-{counter['n']}",
                    year=accepted_on.year,
                    case_type=case_type,
                    source="complaint",
                    filed_on=accepted_on,
                    accepted_on=accepted_on,
                    concluded_on=concluded_on,
                    outcome=outcome,
                    status="concluded" if outcome else "accepted",
                    dispute_subtype="ownership" if case_type == "other_dispute" else "",
                    **fields,
                )
            )
        for case in made:
            counted_save(case)  # as the services save: the roll-up counts it
        return made

    return add
