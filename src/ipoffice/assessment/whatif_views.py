"""The what-if page: a scheme (a draft, or the adopted one with some weights or caps
changed) scored over a past year, its ranking beside the adopted one's. For the national
office's scheme managers (404 for everyone else). Showing writes nothing; only "save as a
new draft version" does, through ``services.scheme_copy``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipoffice.assessment import selectors, services
from ipoffice.assessment.enums import SchemeStatus
from ipoffice.assessment.models import Scheme
from ipoffice.assessment.whatif import WhatIf, changes_check, what_if_allowed, what_if_run
from ipoffice.common.errors import ApplicationError, InvalidInput
from ipoffice.reporting.models import FigureCount


def _years(scheme: Scheme | None) -> list[int]:
    """The past years with records (and the scheme's own), newest first."""
    this_year = timezone.localdate().year
    years = set(
        FigureCount.objects.filter(year__lt=this_year)
        .values_list("year", flat=True)
        .distinct()
        .order_by()
    )
    if scheme is not None:
        years.add(scheme.year)
    return sorted(years, reverse=True)


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.strip().isdigit() else None


def _asked_changes(params: Any, scheme: Scheme) -> dict[str, dict[str, str]]:
    """The weights and caps given in the form that differ from the scheme's."""
    changes: dict[str, dict[str, str]] = {}
    for indicator in scheme.indicators.all():
        weight = (params.get(f"weight-{indicator.code}") or "").strip()
        cap = params.get(f"cap-{indicator.code}")
        change: dict[str, str] = {}
        if weight and weight != _shown(indicator.weight):
            change["weight"] = weight
        if cap is not None and cap.strip() != _shown(indicator.cap):
            change["cap"] = cap.strip()
        if change:
            changes[indicator.code] = change
    return changes


def _shown(value: Decimal | None) -> str:
    """A weight or cap as the form shows it: "3", "2.5", or "" for no cap."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _move(moved: int | None) -> str:
    if moved is None:
        return _("new")
    if moved > 0:
        return f"↑{moved}"
    if moved < 0:
        return f"↓{-moved}"
    return "–"  # noqa: RUF001 (an en dash: no move)


@login_required
def what_if_page(request: HttpRequest) -> HttpResponse:
    if not what_if_allowed(request.user):
        raise Http404
    schemes = list(selectors.schemes_visible(request.user).exclude(status=SchemeStatus.SUPERSEDED))
    params = request.POST if request.method == "POST" else request.GET
    chosen_id = _int(params.get("scheme"))
    scheme = next((s for s in schemes if s.pk == chosen_id), None)
    if scheme is None and chosen_id is None and schemes:
        # By default the newest draft, else the newest adopted scheme.
        drafts = [s for s in schemes if s.status == SchemeStatus.DRAFT]
        scheme = (drafts or schemes)[0]
    errors: dict[str, list[str]] = {}
    if chosen_id is not None and scheme is None:
        errors["scheme"] = [_("No such scheme.")]
    year = _int(params.get("year")) or (scheme.year if scheme else None)
    years = _years(scheme)
    if scheme is not None and year not in years:
        errors["year"] = [_("Choose a past year with records.")]
    against_id = _int(params.get("against"))
    against = next((s for s in schemes if s.pk == against_id), None) if against_id else None
    if against_id and against is None:
        errors["against"] = [_("No such scheme.")]
    changes = _asked_changes(params, scheme) if scheme else {}
    found: WhatIf | None = None
    # Only the button writes, and only for a scheme named in the form.
    saving = request.method == "POST" and bool(params.get("save")) and chosen_id is not None
    if scheme is not None and saving and not errors:
        try:
            checked = changes_check(scheme, changes)
            if not checked and scheme.status == SchemeStatus.DRAFT:
                raise ApplicationError(
                    _("Change a weight or a cap first: this draft is saved already."),
                    field="changes",
                )
            copy = services.scheme_copy(
                actor=request.user,
                scheme=scheme,
                changes=checked,
                note=_("What-if over %(year)s") % {"year": year},
            )
        except InvalidInput as problem:
            errors.update({k: [str(m) for m in v] for k, v in problem.errors.items()})
        except ApplicationError as problem:
            errors[problem.field or "changes"] = [str(problem.message)]
        else:
            messages.success(
                request,
                _("Saved as draft version %(version)s.") % {"version": copy.version},
            )
            query = {
                "scheme": copy.pk,
                "year": year,
                **({"against": against.pk} if against else {}),
            }
            return redirect(reverse("assessment-what-if") + "?" + urlencode(query))
    if scheme is not None and year is not None and not errors:
        try:
            found = what_if_run(
                request.user, scheme=scheme, year=year, changes=changes, against=against
            )
        except InvalidInput as problem:
            errors.update({k: [str(m) for m in v] for k, v in problem.errors.items()})
    indicators = [
        {
            "indicator": i,
            "weight": params.get(f"weight-{i.code}", _shown(i.weight)),
            "cap": params.get(f"cap-{i.code}", _shown(i.cap)),
            "changed": i.code in changes,
            "errors": errors.get(f"changes.{i.code}.weight", [])
            + errors.get(f"changes.{i.code}.cap", []),
        }
        for i in (scheme.indicators.all() if scheme else [])
    ]
    rows = [(r, _move(r.moved)) for r in found.rows] if found else []
    return render(
        request,
        "assessment/what_if.html",
        {
            "schemes": schemes,
            "scheme": scheme,
            "year": year,
            "years": years,
            "against": against,
            "compared_with": found.against if found else None,
            "indicators": indicators,
            "changed": [i["indicator"].name for i in indicators if i["changed"]],
            "rows": rows,
            "moved": sum(1 for r in found.rows if r.moved) if found else 0,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
