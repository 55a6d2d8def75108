"""The dashboard of an office's subtree: the tiles and charts of the sections the user may
read, and the reporting completeness of the offices below; all read live."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone, translation

from ipoffice.common.statistics import DASHBOARD, Section, Tile
from ipoffice.offices.models import REPORTING_LEVELS, Office
from ipoffice.reporting.annual import SectionReport, build
from ipoffice.reporting.render import drawn
from ipoffice.reporting.selectors import completeness


def _tile(tile: Tile, done: SectionReport, office: Office, year: int, today: date) -> Any:
    if tile.now is not None:
        return {
            "label": str(tile.label),
            "value": tile.now(office, today),
            "href": f"{reverse(tile.url)}?{tile.query}" if tile.url else "",
        }
    assert done.form is not None  # Section refuses a figure tile without a form
    query = {"form": done.form.code, "period": year, "office": office.code, "figure": tile.figure}
    return {
        "label": str(tile.label or done.label(tile.figure)),
        "value": done.figures[tile.figure]["value"],
        "item": done.figures[tile.figure],
        "figure": tile.figure,
        "href": f"{reverse('statistics-drilldown')}?{urlencode(query)}",
    }


def dashboard(office: Office, year: int, language: str, sections: list[Section]) -> dict[str, Any]:
    report = build(office, year, language, sections, places=frozenset({DASHBOARD}))
    today = timezone.localdate()
    with translation.override(language):
        tiles = [
            _tile(tile, done, office, year, today)
            for done in report.sections
            for tile in done.section.tiles
        ]
        charts = [
            {"card": str(c.card or c.title), "title": str(c.title), "wide": c.wide,
             "drawn": drawn(c, values)}
            for done in report.sections
            for c, values in done.charts
        ]  # fmt: skip
    filed = next((s for s in sections if s.completeness), None)
    below = office.children.filter(level__in=REPORTING_LEVELS).exists()
    return {
        "tiles": tiles,
        "charts": [c for c in charts if not c["wide"]],
        "wide_charts": [c for c in charts if c["wide"]],
        "completeness": completeness(office=office, form=filed.form, period=str(year))
        if filed is not None and below
        else None,
    }
