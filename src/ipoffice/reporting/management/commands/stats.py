from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404

from ipoffice.common.periods import period_parse
from ipoffice.offices.models import NATIONAL_CODE, Office
from ipoffice.reporting.definitions import FORMS
from ipoffice.reporting.selectors import statistics


class Command(BaseCommand):
    help = "Print a report form's figures for an office and period (live, from the records)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("form", choices=sorted(FORMS))
        parser.add_argument("--period", required=True, help="YYYY, YYYY-Qn or YYYY-MM")
        parser.add_argument(
            "--office", default=NATIONAL_CODE, help="office code (default: the national office)"
        )
        parser.add_argument("--basis", choices=["live", "approved"], default="live")
        parser.add_argument("--json", action="store_true", help="print JSON, as the API does")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = period_parse(options["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        office = Office.objects.filter(code=options["office"]).first()
        if office is None:
            raise CommandError(f"--office {options['office']}: no such office")
        try:
            result = statistics(FORMS[options["form"]], office, period, basis=options["basis"])
        except Http404:
            raise CommandError(
                f"nothing approved yet for {office.code} {options['form']} {period.code}"
            ) from None
        if options["json"]:
            self.stdout.write(
                json.dumps(result, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(
            f"{result['form']} · {office.code} {office.name} · {period.code} · {result['basis']}"
        )
        self.stdout.write(f"{'figure':<34}{'value':>12}{'previous':>12}{'change':>9}")
        for code, item in result["figures"].items():
            change = "" if item["change_pct"] is None else f"{item['change_pct']:+.1f}%"
            previous = "" if item["previous"] is None else item["previous"]
            self.stdout.write(f"{code:<34}{item['value']:>12}{previous:>12}{change:>9}")
