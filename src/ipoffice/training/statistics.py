"""The training report form and section, registered in ``ready()``: per office, the
trainings its people attended, how many took part and the person-hours (participants
times the course's hours), whoever organised the training."""

from __future__ import annotations

from operator import attrgetter

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipoffice.common.periods import Period
from ipoffice.common.statistics import (
    BY_OFFICE,
    PAGE,
    PDF,
    XLSX,
    Chart,
    Column,
    Figure,
    ReportForm,
    Section,
    Sentence,
    Tile,
    form_register,
    section_register,
)


def _held(p: Period) -> Q:
    return Q(held_on__range=(p.start, p.end))


TRAINING = ReportForm(
    "training",
    _("Enforcement staff training"),
    model="training.Participation",
    permission="training.view_training",
    office_field="office",
    figures=(
        # One office at one training counts once: nationally, not the number of courses.
        Figure("trainings_attended", _("Attendances (offices at trainings)"), _held),
        Figure("training_participants", _("Participants"), _held, measure="sum:participants"),
        Figure("training_person_hours", _("Person-hours"), _held, measure="sum:person_hours"),
    ),
    columns=(
        Column("id", attrgetter("pk")),
        Column("course", attrgetter("training.course"), attrgetter("training.course")),
        Column("office", attrgetter("office.code"), attrgetter("office.name")),
        Column("held_on", attrgetter("held_on")),
        Column("participants", attrgetter("participants"), attrgetter("participants")),
        Column("person_hours", attrgetter("person_hours"), attrgetter("person_hours")),
    ),
)

TRAINING_SECTION = Section(
    "training",
    TRAINING.code,
    _("Enforcement staff training"),
    paragraph=(
        Sentence(
            _(
                "The enforcement staff of %(office)s attended trainings "
                "%(trainings_attended)s times (once per office and training), "
                "%(training_participants)s participants in all, for "
                "%(training_person_hours)s person-hours."
            ),
            national=_(
                "Enforcement staff attended trainings %(trainings_attended)s times (once per "
                "office and training), %(training_participants)s participants in all, for "
                "%(training_person_hours)s person-hours."
            ),
        ),
    ),
    table=("trainings_attended", "training_participants", "training_person_hours"),
    tiles=(Tile("training_person_hours"),),
    charts=(
        Chart(
            "training_offices",
            _("Training person-hours by office below"),
            BY_OFFICE,
            ("training_person_hours",),
            heading=_("Training by office"),
            shown=frozenset({PAGE, XLSX, PDF}),  # the dashboard has its tile
        ),
    ),
    order=60,
)


def statistics_register() -> None:
    """Called once from ``TrainingConfig.ready()``."""
    form_register(TRAINING)
    section_register(TRAINING_SECTION)
