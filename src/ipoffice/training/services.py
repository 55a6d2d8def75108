"""Writes of trainings: keyword-only, checked, audited, in one transaction."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ipoffice.audit.services import audit_record
from ipoffice.common.counting import counted_save
from ipoffice.common.errors import InvalidInput, PermissionDeniedError
from ipoffice.common.inputs import COUNT_MAX
from ipoffice.common.scoping import office_within, user_office
from ipoffice.offices.models import Office
from ipoffice.training.inputs import TRAINING_INPUT
from ipoffice.training.models import Participation, Training

LINE = re.compile(r"^(?P<code>[0-9A-Za-z-]{1,12})[\s:：,，]+(?P<n>\d{1,10})$")


def _participants(
    lines: list[str], organiser: Office, errors: dict[str, list[str]]
) -> list[tuple[Office, int]]:
    """Each line "code count": an office at or below the organiser, by its code, and how
    many of its people took part, once per office."""
    found: list[tuple[str, int]] = []
    for line in lines:
        match = LINE.match(line.strip())
        if match is None or int(match["n"]) > COUNT_MAX:
            errors.setdefault("participants", []).append(
                _("%(line)s: write an office code and a number, e.g. 320100 12.") % {"line": line}
            )
            continue
        found.append((match["code"], int(match["n"])))
    offices = Office.objects.in_bulk([c for c, _n in found], field_name="code")
    rows, seen = [], set()
    for code, n in found:
        if code not in offices or not office_within(offices[code], organiser):
            errors.setdefault("participants", []).append(
                _("%(code)s is not an office at or below yours.") % {"code": code}
            )
        elif code in seen:
            errors.setdefault("participants", []).append(
                _("%(code)s is named twice.") % {"code": code}
            )
        elif n:
            seen.add(code)
            rows.append((offices[code], n))
    return rows


@transaction.atomic
def training_create(*, actor: Any, data: dict[str, Any]) -> Training:
    """A training organised by the actor's office, with its participants by office."""
    organiser = user_office(actor)
    if organiser is None or not actor.has_perm("training.add_training"):
        raise PermissionDeniedError(_("You may not record trainings."))
    values, errors = TRAINING_INPUT.check(data)
    starts, ends = values["starts_on"], values["ends_on"]
    if starts and ends and ends < starts:
        errors.setdefault("ends_on", []).append(_("A training cannot end before it starts."))
    if values["hours"] == 0:
        errors.setdefault("hours", []).append(_("A training lasts at least one hour."))
    rows = _participants(values.pop("participants"), organiser, errors)
    if errors:
        raise InvalidInput(errors)
    training = Training.objects.create(organiser=organiser, **values)
    for office, n in rows:
        counted_save(
            Participation(
                training=training,
                office=office,
                participants=n,
                held_on=training.starts_on,
                person_hours=n * training.hours,
            )
        )
    audit_record(
        actor=actor,
        target=training,
        office=organiser,
        action="create",
        changes={
            "course": [None, training.course],
            "hours": [None, training.hours],
            "participants": [None, sorted(f"{o.code} {n}" for o, n in rows)],
        },
    )
    return training
