"""The what-if: a scheme scored over a past year with some weights or caps changed, and
compared with the adopted ranking, without writing anything.

The changed scheme is built in memory: the scheme is read once with its indicators, and
the indicators' weight and cap are changed on those instances, which are never saved.
``scoring.score`` reads a scheme's indicators through ``scheme.indicators.all()``, which
answers the prefetched (changed) instances. Nothing reaches the database, not even in a
savepoint; saving the changes is ``services.scheme_copy``, a separate, explicit step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from ipoffice.assessment import selectors
from ipoffice.assessment.access import national_holds
from ipoffice.assessment.enums import SchemeStatus
from ipoffice.assessment.models import Scheme
from ipoffice.assessment.services import CAP, WEIGHT, number_check
from ipoffice.assessment.workflow import MANAGE
from ipoffice.common.errors import InvalidInput

CHANGEABLE = ("weight", "cap")


@dataclass(frozen=True)
class WhatIf:
    """A what-if's answer: the scheme scored (as changed), the one compared against, and
    the offices side by side."""

    scheme: Scheme
    against: Scheme | None
    year: int
    changes: dict[str, dict[str, Decimal | None]]
    rows: list[selectors.Compared]


def changes_check(
    scheme: Scheme, changes: Mapping[str, Mapping[str, Any]] | None
) -> dict[str, dict[str, Decimal | None]]:
    """The changes as numbers, each naming an indicator of ``scheme``: {code: {"weight":
    w, "cap": c}} (a cap of None or "" takes the cap away). Refused: an unknown code, a
    change of anything but the weight and the cap, a number below 0."""
    codes = {i.code for i in scheme.indicators.all()}
    checked: dict[str, dict[str, Decimal | None]] = {}
    for code, change in (changes or {}).items():
        if code not in codes:
            raise InvalidInput(
                {"changes": [_("This scheme has no indicator %(code)s.") % {"code": code}]}
            )
        if not isinstance(change, Mapping):
            raise InvalidInput({f"changes.{code}": [_("Give the weight and the cap.")]})
        unknown = sorted(set(change) - set(CHANGEABLE))
        if unknown:
            raise InvalidInput(
                {f"changes.{code}": [_("Only the weight and the cap can be changed here.")]}
            )
        found: dict[str, Decimal | None] = {}
        if "weight" in change:
            found["weight"] = number_check(
                change["weight"], f"changes.{code}.weight", column=WEIGHT
            )
        if "cap" in change:
            found["cap"] = number_check(
                change["cap"], f"changes.{code}.cap", column=CAP, optional=True
            )
        if found:
            checked[code] = found
    return checked


def scheme_changed(scheme: Scheme, changes: Mapping[str, Mapping[str, Any]]) -> Scheme:
    """``scheme`` read afresh with its indicators' weights and caps changed in memory
    (never saved: the instances are only scored)."""
    fresh = Scheme.objects.prefetch_related("indicators").get(pk=scheme.pk)
    for indicator in fresh.indicators.all():
        for name, value in changes.get(indicator.code, {}).items():
            setattr(indicator, name, value)
    return fresh


def what_if_allowed(user: Any) -> bool:
    """Only the national office's scheme managers run what-ifs (every office's scores)."""
    return national_holds(user, MANAGE)


def what_if_run(
    user: Any,
    *,
    scheme: Scheme,
    year: int,
    changes: Mapping[str, Mapping[str, Any]] | None = None,
    against: Scheme | None = None,
) -> WhatIf:
    """Score ``scheme`` (with ``changes``) over ``year`` beside the adopted scheme of that
    year and level (or ``against``); national managers only (404 for others, as
    ``selectors.what_if``). Writes nothing."""
    if not what_if_allowed(user):
        raise Http404
    checked = changes_check(scheme, changes)
    if against is not None and against.level != scheme.level:
        raise InvalidInput({"against": [_("Compare with a scheme of the same level.")]})
    scored = scheme_changed(scheme, checked) if checked else scheme
    rows = selectors.what_if(user, draft=scored, year=year, against=against)
    base = (
        against
        or Scheme.objects.filter(year=year, level=scheme.level, status=SchemeStatus.ADOPTED).first()
    )
    return WhatIf(scheme=scheme, against=base, year=year, changes=checked, rows=rows)
