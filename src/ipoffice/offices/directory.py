"""A per-process copy of the office tree for the public intake's hot path.

Every public submission checks its province and city and picks the assistance center for
the place: five queries on a table that changes a few times a year. The copy is reloaded
when an office is saved in this process and at most a minute after a change elsewhere;
so a new center receives complaints within a minute of being created.
"""

from __future__ import annotations

import time
from typing import Any

from ipoffice.offices.models import Office, OfficeLevel

FRESH_FOR = 60.0  # seconds

_copy: tuple[float, dict[str, Office]] | None = None


def offices_by_code() -> dict[str, Office]:
    global _copy
    if _copy is None or time.monotonic() - _copy[0] > FRESH_FOR:
        _copy = (time.monotonic(), {o.code: o for o in Office.objects.all()})
    return _copy[1]


def forget(*args: Any, **kwargs: Any) -> None:
    """Drop the copy (an office was saved, or a test starts)."""
    global _copy
    _copy = None


def office(code: str, level: str) -> Office | None:
    found = offices_by_code().get(code)
    return found if found is not None and found.level == level else None


def first_center(prefix: str) -> Office | None:
    """The active assistance center whose code starts with ``prefix`` first in code order."""
    codes = sorted(
        code
        for code, o in offices_by_code().items()
        if code.startswith(prefix) and o.level == OfficeLevel.ASSISTANCE_CENTER and o.is_active
    )
    return offices_by_code()[codes[0]] if codes else None
