"""The figures an assessment scores, for every office of a level at once.

The counting rule is the report forms' (one rule, shared with statistics): a figure of an
office is the roll-up's sum over its subtree, as ``reporting.figures.compute`` reads it,
here for all the offices of a level in one grouped query per form and year. With
``ValueSource.REPORTS`` an office's figures of a form are those of its last approved
report of the year (the frozen snapshot), so that the score matches what was reported;
an office with no approved report of a form is scored from its records and shown so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from ipoffice.assessment.enums import Provenance, ValueSource
from ipoffice.assessment.rules import Ref
from ipoffice.offices.models import Office
from ipoffice.reporting.models import FigureCount, ReportSnapshot


@dataclass
class Figures:
    """One office's figures for one year: values by (form, figure), and per form where
    they came from (the approved report's id and version, or the records)."""

    values: dict[Ref, Decimal] = field(default_factory=dict)
    provenance: dict[str, tuple[str, int | None, int | None]] = field(default_factory=dict)


def _owner(path: str, assessed: dict[str, int]) -> int | None:
    """The assessed office whose subtree holds the office at ``path``."""
    parts = path.split("/")
    for end in range(len(parts) - 1, 0, -1):
        found = assessed.get("/".join(parts[:end]) + "/")
        if found is not None:
            return found
    return None


def _from_records(
    offices: Collection[Office], year: int, refs: Iterable[Ref]
) -> dict[int, dict[Ref, Decimal]]:
    by_form: dict[str, set[str]] = defaultdict(set)
    for form_code, code in refs:
        by_form[form_code].add(code)
    assessed = {o.path: o.pk for o in offices}
    found: dict[int, dict[Ref, Decimal]] = {o.pk: {} for o in offices}
    for form_code, codes in sorted(by_form.items()):
        rows = (
            FigureCount.objects.filter(form=form_code, year=year, month=0, code__in=codes)
            .values_list("office__path", "code")
            .annotate(total=Sum("value"))
            .order_by()
        )
        for path, code, total in rows:
            owner = _owner(path, assessed)
            if owner is not None:
                key = (form_code, code)
                found[owner][key] = found[owner].get(key, Decimal(0)) + total
    return found


def _from_reports(
    offices: Collection[Office], year: int, forms: Collection[str]
) -> dict[tuple[int, str], Any]:
    """(office id, form) -> its last approved snapshot of the year."""
    snapshots = (
        ReportSnapshot.objects.filter(
            report__office__in=[o.pk for o in offices],
            report__form__in=list(forms),
            report__period=str(year),
        )
        .select_related("report")
        .order_by("report_id", "version")
    )
    return {(s.report.office_id, s.report.form): s for s in snapshots}  # the last version wins


def figures_read(
    offices: Collection[Office], *, year: int, refs: Collection[Ref], source: str
) -> dict[int, Figures]:
    """The figures ``refs`` of each office (its subtree) for ``year``."""
    live = _from_records(offices, year, refs)
    forms = sorted({form for form, _code in refs})
    reported = _from_reports(offices, year, forms) if source == ValueSource.REPORTS else {}
    result: dict[int, Figures] = {}
    for office in offices:
        figures = Figures()
        for form in forms:
            snapshot = reported.get((office.pk, form))
            if snapshot is None:
                figures.provenance[form] = (Provenance.RECORDS, None, None)
            else:
                figures.provenance[form] = (Provenance.REPORT, snapshot.report_id, snapshot.version)
        for ref in refs:
            snapshot = reported.get((office.pk, ref[0]))
            if snapshot is not None and snapshot.figures.get(ref[1]) is not None:
                figures.values[ref] = Decimal(str(snapshot.figures[ref[1]]))
            else:
                # Not in the report (a manual item left empty, a figure added since):
                # the records' count, which is 0 for a manual item.
                figures.values[ref] = live[office.pk].get(ref, Decimal(0))
        result[office.pk] = figures
    return result
