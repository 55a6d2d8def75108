"""``ipoffice assess score --year 2013 --level province``: every office of a level scored
by the scheme adopted for the year (or a given version), printed as a ranking table or as
JSON. Reads only: nothing is written, nothing published."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.translation import gettext as _

from ipoffice.assessment.enums import AssessedLevel, SchemeStatus
from ipoffice.assessment.models import Round, Scheme
from ipoffice.assessment.scoring import Claim, OfficeScore, score
from ipoffice.assessment.services import round_claims

# The words of the command line for the levels assessed.
LEVELS = {
    "province": AssessedLevel.PROVINCIAL,
    "city": AssessedLevel.MUNICIPAL,
    "center": AssessedLevel.ASSISTANCE_CENTER,
}


def scheme_for(year: int, level: str, version: int | None) -> Scheme:
    """The scheme adopted for ``year`` and ``level``, or its version ``version``."""
    found = Scheme.objects.filter(year=year, level=level)
    if version is None:
        adopted = found.filter(status=SchemeStatus.ADOPTED).first()
        if adopted is None:
            raise CommandError(
                _("No scheme is adopted for %(year)s and this level.") % {"year": year}
                + " "
                + _("Give --scheme VERSION to score a draft."),
                returncode=2,
            )
        return adopted
    chosen = found.filter(version=version).first()
    if chosen is None:
        versions = ", ".join(str(v) for v in found.values_list("version", flat=True)) or "—"
        raise CommandError(
            _(
                "No version %(version)s of the %(year)s scheme for this level "
                "(versions: %(versions)s)."
            )
            % {"version": version, "year": year, "versions": versions},
            returncode=2,
        )
    return chosen


def _number(value: Decimal) -> str:
    return f"{value:,.2f}"


def _width(text: str) -> int:
    """Columns a text takes in a terminal: a Chinese character takes two."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    space = " " * max(width - _width(text), 0)
    return space + text if right else text + space


class Command(BaseCommand):
    help = (
        "The performance assessment: 'score' scores every office of a level for a year "
        "with the adopted scheme (or --scheme VERSION) and prints the ranking."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        scoring = actions.add_parser("score", help="print the ranking of a level for a year")
        scoring.add_argument("--year", type=int, required=True)
        scoring.add_argument("--level", choices=sorted(LEVELS), required=True)
        scoring.add_argument(
            "--scheme",
            type=int,
            metavar="VERSION",
            help="a version of the year's scheme (default: the adopted one)",
        )
        scoring.add_argument("--json", action="store_true", help="print JSON")
        scoring.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="the language of the table (default: the installation's)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options.get("language") or translation.get_language()):
            self.score(options)

    def score(self, options: dict[str, Any]) -> None:
        year, level = options["year"], LEVELS[options["level"]]
        scheme = scheme_for(year, level, options.get("scheme"))
        round_ = Round.objects.filter(year=year, level=level).first()
        claims: dict[tuple[int, str], Claim] = round_claims(round_) if round_ else {}
        scores = score(scheme, year=year, claims=claims)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "year": year,
                        "level": level,
                        "scheme": scheme.pk,
                        "scheme_version": scheme.version,
                        "rows": [self.row(s) for s in scores],
                    },
                    cls=DjangoJSONEncoder,
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        self.table(scheme, year, scores)

    @staticmethod
    def row(item: OfficeScore) -> dict[str, Any]:
        return {
            "rank": item.rank,
            "office": item.office.code,
            "office_name": item.office.name,
            "total": item.total,
            "points": {line.indicator.code: line.result.points for line in item.lines},
            "groups": item.groups,
        }

    def table(self, scheme: Scheme, year: int, scores: list[OfficeScore]) -> None:
        self.stdout.write(
            _("%(year)s · %(level)s · %(name)s, version %(version)s (%(status)s)")
            % {
                "year": year,
                "level": scheme.get_level_display(),
                "name": scheme.name,
                "version": scheme.version,
                "status": scheme.get_status_display(),
            }
        )
        groups = list(dict.fromkeys(i.group for i in scheme.indicators.all()))
        heads = [_("Rank"), _("Code"), _("Office"), _("Total"), *groups]
        cells = [
            [
                str(s.rank),
                s.office.code,
                s.office.name,
                _number(s.total),
                *(_number(s.groups.get(g, Decimal(0))) for g in groups),
            ]
            for s in scores
        ]
        widths = [max(_width(r[n]) for r in [heads, *cells]) for n in range(len(heads))]
        for line in [heads, *cells]:
            self.stdout.write(
                "  ".join(
                    _pad(text, widths[n], right=n != 1 and n != 2) for n, text in enumerate(line)
                ).rstrip()
            )
