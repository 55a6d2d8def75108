"""The statistics roll-up: every computed figure per office and month, kept live.

Figures used to be counted by scanning the subtree's records for every request; at ten
years of national records that is a million cases and millions of complaints. Instead each
change of a counted record, saved by its service through ``common.counting.counted_save``,
adds what it changes to ``FigureCount`` rows (office, year, month and the year as month 0)
in the same transaction, and statistics sum a few thousand of those rows.
What a record contributes is decided by the same definitions that count and drill down
(definitions.py), evaluated on the record in Python (matching.py). Bulk writers (import,
demo, generate) call ``rebuild`` for what they touched; ``ipoffice rollup rebuild`` redoes
everything from the records, and ``ipoffice rollup verify`` compares with a count from them.
See docs/adr/0016-statistics-roll-up.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, reduce
from operator import or_
from typing import Any, TypeVar

from django.apps import apps
from django.db import connections, models, transaction
from django.db.models import Count, Max, Min, Q, Sum

from ipoffice.common.counting import counter_register
from ipoffice.common.periods import Period, period_parse
from ipoffice.common.statistics import forms_follow
from ipoffice.offices.models import REPORTING_LEVELS, Office, OfficeLevel
from ipoffice.outbox.jobs import JobFailed
from ipoffice.reporting.definitions import FORMS, ReportForm
from ipoffice.reporting.matching import field_names, matches
from ipoffice.reporting.models import FigureCount

Key = tuple[int, int, int, str]  # office id, year, month (0 = the year), code
M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Counted:
    """What the roll-up keeps: a figure, or one flow of a stock figure."""

    code: str
    where: Callable[[Period], Q]
    measure: str


@cache
def counted(form_code: str) -> tuple[Counted, ...]:
    found: list[Counted] = []
    for figure in FORMS[form_code].figures:
        if figure.manual or figure.where is None:
            continue
        if figure.inflow is not None and figure.outflow is not None:
            found.append(Counted(f"{figure.code}:in", figure.inflow, "count"))
            found.append(Counted(f"{figure.code}:out", figure.outflow, "count"))
        else:
            found.append(Counted(figure.code, figure.where, figure.measure))
    return tuple(found)


@cache
def month_period(year: int, month: int) -> Period:
    return period_parse(f"{year:04d}-{month:02d}")


def model_of(form: ReportForm) -> Any:
    """The model a form counts (``cases.Case``, ``complaints.Complaint``, ...)."""
    return apps.get_model(form.model)


@cache
def _fields(form_code: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(fields a contribution reads, date fields that can place a record in a month)."""
    form = FORMS[form_code]
    model = model_of(form)
    sample = month_period(2000, 1)
    names: set[str] = {form.office_field}
    for item in counted(form_code):
        names.update(field_names(item.where(sample)))
        if item.measure.startswith("sum:"):
            names.add(item.measure[4:])
    dates = tuple(
        sorted(n for n in names if isinstance(model._meta.get_field(n), models.DateField))
    )
    return tuple(sorted(names)), dates


def read_fields(form: ReportForm) -> tuple[str, ...]:
    return _fields(form.code)[0]


def contribution(form: ReportForm, row: Mapping[str, Any]) -> Counter[Key]:
    """What one record (its fields as a dict) adds to the roll-up."""
    office_id = row[form.office_field]
    months = {(d.year, d.month) for name in _fields(form.code)[1] if (d := row[name])}
    found: Counter[Key] = Counter()
    for year, month in months:
        period = month_period(year, month)
        for item in counted(form.code):
            if not matches(item.where(period), row):
                continue
            value = 1 if item.measure == "count" else row[item.measure[4:]] or 0
            if value:
                found[(office_id, year, month, item.code)] += value
                found[(office_id, year, 0, item.code)] += value
    return found


def apply(delta: Mapping[Key, Any], *, form: ReportForm, using: str = "default") -> None:
    """Add ``delta`` to the roll-up: one upsert, rows in key order so that concurrent
    writers lock shared rows in the same order."""
    rows = sorted((key, value) for key, value in delta.items() if value)
    if not rows:
        return
    connection = connections[using]
    table = connection.ops.quote_name(FigureCount._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    params: list[Any] = []
    for (office_id, year, month, code), value in rows:
        params += [form.code, office_id, year, month, code, Decimal(value)]
    with connection.cursor() as cursor:
        # The table name is ours and every value a parameter.
        sql = (
            f"INSERT INTO {table} (form, office_id, year, month, code, value) "  # noqa: S608
            f"VALUES {values} ON CONFLICT (form, year, month, code, office_id) "
            f"DO UPDATE SET value = {table}.value + EXCLUDED.value"
        )
        cursor.execute(sql, params)


class FormCounter:
    """What the roll-up registers for a form's model (common/counting.py): each change of
    a counted record adds the difference of its contributions, in the same transaction."""

    def __init__(self, form_code: str) -> None:
        self.form_code = form_code

    def _names(self) -> dict[str, str]:
        """Attribute name (``office_id``) -> the field name the definitions use."""
        meta = model_of(FORMS[self.form_code])._meta
        return {meta.get_field(n).attname: n for n in read_fields(FORMS[self.form_code])}

    def fields(self) -> tuple[str, ...]:
        return tuple(self._names())

    def change(
        self, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, *, using: str
    ) -> None:
        form, names = FORMS[self.form_code], self._names()
        delta: Counter[Key] = Counter()
        if after is not None:
            delta.update(contribution(form, {names[a]: v for a, v in after.items()}))
        if before is not None:
            delta.subtract(contribution(form, {names[a]: v for a, v in before.items()}))
        apply(delta, form=form, using=using)

    def recount(self, *, office_ids: Collection[int], years: Collection[int]) -> None:
        rebuild(FORMS[self.form_code], office_ids=office_ids, years=years)


def register_counters() -> None:
    """Called once from ``ReportingConfig.ready()``: every form registered, before or
    after, has its model's changes counted."""
    forms_follow(lambda form: counter_register(model_of(form), FormCounter(form.code)))


def _years(form: ReportForm, office_ids: Collection[int] | None) -> list[int]:
    records = model_of(form).objects.all()
    if office_ids is not None:
        records = records.filter(**{f"{form.office_field}__in": office_ids})
    found: set[int] = set()
    for name in _fields(form.code)[1]:
        bounds = records.aggregate(low=Min(name), high=Max(name))
        if bounds["low"]:
            found.update(range(bounds["low"].year, bounds["high"].year + 1))
    return sorted(found)


def _aggregate(item: Counted, period: Period) -> Any:
    condition = item.where(period)
    if item.measure == "count":
        return Count("pk", filter=condition)
    return Sum(item.measure[4:], filter=condition)


def rebuild(
    form: ReportForm,
    *,
    office_ids: Collection[int] | None = None,
    years: Collection[int] | None = None,
) -> int:
    """Recount the roll-up from the records (all of it, or some offices and years):
    one grouped query per month. Returns how many rows it wrote."""
    model, field = model_of(form), form.office_field
    items = counted(form.code)
    with transaction.atomic():
        chosen = sorted(years) if years is not None else _years(form, office_ids)
        stale = FigureCount.objects.filter(form=form.code, year__in=chosen)
        if office_ids is not None:
            stale = stale.filter(office_id__in=office_ids)
        stale.delete()
        found: Counter[Key] = Counter()
        for year in chosen:
            for month in range(1, 13):
                period = month_period(year, month)
                records = model.objects.filter(reduce(or_, (i.where(period) for i in items)))
                if office_ids is not None:
                    records = records.filter(**{f"{field}__in": office_ids})
                aliases = {f"c{n}": _aggregate(i, period) for n, i in enumerate(items)}
                for record in records.values(field).annotate(**aliases):
                    for n, item in enumerate(items):
                        if value := record[f"c{n}"]:
                            found[(record[field], year, month, item.code)] += value
                            found[(record[field], year, 0, item.code)] += value
        FigureCount.objects.bulk_create(
            [
                FigureCount(form=form.code, office_id=o, year=y, month=m, code=c, value=v)
                for (o, y, m, c), v in sorted(found.items())
            ],
            batch_size=5000,
        )
    return len(found)


def _months(period: Period) -> list[int]:
    """The roll-up's month rows that make up a year, quarter or month."""
    if period.kind == "year":
        return [0]
    return list(range(period.start.month, period.end.month + 1))


def read(form: ReportForm, office: Office, period: Period) -> dict[str, Any]:
    """Every computed figure of the form for the office's subtree, from the roll-up."""
    rows = FigureCount.objects.in_subtree(office).filter(form=form.code)
    year = period.start.year
    months = _months(period)
    totals: dict[str, Any] = dict(
        rows.filter(year=year, month__in=months)
        .values_list("code")
        .annotate(total=Sum("value"))
        .order_by()
    )
    stocks = [f for f in form.figures if f.inflow is not None]
    if stocks:
        first = period.start.month
        earlier = Q(year__lt=year, month=0) | Q(year=year, month__gte=1, month__lt=first)
        flows: dict[str, Any] = dict(
            rows.filter(earlier, code__in=[f"{f.code}:{d}" for f in stocks for d in ("in", "out")])
            .values_list("code")
            .annotate(total=Sum("value"))
            .order_by()
        )
        for figure in stocks:
            totals[figure.code] = flows.get(f"{figure.code}:in", 0) - flows.get(
                f"{figure.code}:out", 0
            )
    return {
        f.code: totals.get(f.code, 0) for f in form.figures if not f.manual and f.where is not None
    }


def _flow(form: ReportForm, code: str) -> str:
    if form.figure(code).inflow is not None:
        raise ValueError(f"{code} is a stock: it has no value per month or per office row")
    return code


def by_month(form: ReportForm, office: Office, year: int, code: str) -> dict[int, Any]:
    """A figure for each month of the year (1 to 12, 0 where nothing counted)."""
    found = dict(
        FigureCount.objects.in_subtree(office)
        .filter(form=form.code, year=year, month__gte=1, code=_flow(form, code))
        .values_list("month")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return {month: found.get(month, 0) for month in range(1, 13)}


def by_office_below(
    form: ReportForm, office: Office, period: Period, code: str
) -> list[tuple[Office, Any]]:
    """A figure for each active reporting office directly below (its whole subtree),
    largest first, those with nothing counted last at 0 (all 31 provinces below the
    national office); the office's own records are left out."""
    children = {c.code: c for c in Office.objects.filter(parent=office, level__in=REPORTING_LEVELS)}
    depth = office.path.count("/")
    rows = (
        FigureCount.objects.in_subtree(office)
        .filter(form=form.code, year=period.start.year, month__in=_months(period))
        .filter(code=_flow(form, code))
        .values_list("office__path")
        .annotate(total=Sum("value"))
        .order_by()
    )
    totals: Counter[str] = Counter()
    for path, value in rows:
        parts = path.split("/")
        if len(parts) > depth + 1 and parts[depth] in children:
            totals[parts[depth]] += value
    ranked = [(children[c], v) for c, v in sorted(totals.items(), key=lambda i: -i[1]) if v]
    counted = {o.code for o, _v in ranked}
    idle = [(o, 0) for c, o in sorted(children.items()) if c not in counted and o.is_active]
    return ranked + idle


def differences(form: ReportForm, office: Office, period: Period) -> dict[str, tuple[Any, Any]]:
    """Figures where the roll-up and a count from the records disagree (should be none)."""
    from ipoffice.reporting.figures import compute, compute_from_records

    kept, counted_now = compute(form, office, period), compute_from_records(form, office, period)
    return {c: (kept[c], counted_now[c]) for c in kept if kept[c] != counted_now[c]}


def years_with_records(form: ReportForm) -> list[int]:
    return _years(form, None)


def verify(form: ReportForm, *, years: list[int] | None = None) -> list[str]:
    """Every figure of ``form`` where the roll-up differs from a count of the records, for
    the national and provincial offices and each year (all years with records)."""
    offices = Office.objects.filter(level__in=[OfficeLevel.NATIONAL, OfficeLevel.PROVINCIAL])
    wrong = []
    for year in years or years_with_records(form):
        for office in offices.order_by("code"):
            found = differences(form, office, period_parse(str(year)))
            for code, (kept, counted) in found.items():
                wrong.append(
                    f"{form.code} {office.code} {year} {code}: roll-up {kept}, records {counted}"
                )
    return wrong


def verify_job() -> str:
    """The nightly job: raise (and so alert the administrators) on any difference."""
    wrong = [line for form in FORMS.values() for line in verify(form)]
    if wrong:
        head = f"{len(wrong)} figures differ; run 'ipoffice rollup rebuild':"
        raise JobFailed("\n".join([head, *wrong[:50]]))
    return f"{len(FORMS)} forms: the roll-up matches the records"
