"""Trainings of enforcement staff: a course held by an office, attended by people of
several offices (counted per office), for so many hours."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ipoffice.common.scoping import ScopedQuerySet


class TrainingQuerySet(ScopedQuerySet["Training"]):
    office_field: ClassVar[str] = "organiser"


class Training(models.Model):
    course = models.CharField(_("course"), max_length=200)
    organiser = models.ForeignKey(
        "offices.Office",
        verbose_name=_("organising office"),
        on_delete=models.PROTECT,
        related_name="trainings_organised",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    hours = models.PositiveSmallIntegerField(_("hours"))  # of the course, per participant
    # Rotating training (轮训): the offices send their staff in turns, session by session.
    rotating = models.BooleanField(_("rotating training"), default=False)
    description = models.TextField(_("remarks"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="training_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.course


class ParticipationQuerySet(ScopedQuerySet["Participation"]):
    office_field: ClassVar[str] = "office"


class Participation(models.Model):
    """How many people of one office took part. Counted in the statistics (the training
    form): written by the services with ``counted_save``. ``held_on`` and ``hours`` are
    the training's, kept on the row so that the roll-up places and sums it."""

    training = models.ForeignKey(
        Training,
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    office = models.ForeignKey(
        "offices.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    participants = models.PositiveIntegerField(_("participants"))
    held_on = models.DateField(_("held on"))
    person_hours = models.PositiveIntegerField(_("person-hours"))

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["office__path"]
        constraints = [
            models.UniqueConstraint(fields=["training", "office"], name="one_row_per_office")
        ]

    def __str__(self) -> str:
        return f"{self.training_id} {self.office_id} {self.participants}"
