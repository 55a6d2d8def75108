"""Reads of trainings, always scoped with ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum

from ipoffice.offices.models import Office
from ipoffice.training.models import Participation, Training


def training_list(*, user: Any) -> QuerySet[Training]:
    return (
        Training.objects.visible_to(user)
        .select_related("organiser")
        .annotate(n_people=Sum("participations__participants"), n_offices=Count("participations"))
        .order_by("-starts_on", "-id")
    )


@dataclass(frozen=True)
class OfficeTraining:
    office: Any
    trainings: int
    participants: int
    person_hours: int


def training_by_office(*, user: Any, year: int | None = None) -> list[OfficeTraining]:
    """Per office of the user's subtree: trainings attended, participants, person-hours
    (whoever organised the training)."""
    rows = Participation.objects.visible_to(user)
    if year:
        rows = rows.filter(held_on__year=year)
    grouped = (
        rows.values("office", "office__path")
        .annotate(t=Count("training"), p=Sum("participants"), h=Sum("person_hours"))
        .order_by("office__path")
    )
    offices = Office.objects.in_bulk([g["office"] for g in grouped])
    return [OfficeTraining(offices[g["office"]], g["t"], g["p"], g["h"]) for g in grouped]
