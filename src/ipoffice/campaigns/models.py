"""Special enforcement campaigns (专项行动), e.g. the annual "Convoy" (护航) campaign."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ipoffice.common.scoping import ScopedQuerySet


class CampaignQuerySet(ScopedQuerySet["Campaign"]):
    office_field: ClassVar[str] = "organiser"


class Campaign(models.Model):
    """A campaign belongs to the office that organises it (its pages are that office's and
    its superiors'); the offices taking part, each with the offices below it, tag their
    cases to it (``Case.campaign``)."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    organiser = models.ForeignKey(
        "offices.Office",
        verbose_name=_("organising office"),
        on_delete=models.PROTECT,
        related_name="campaigns_organised",
    )
    offices = models.ManyToManyField(
        "offices.Office",
        verbose_name=_("offices taking part"),
        related_name="campaigns",
        blank=True,
    )
    target_cases = models.PositiveIntegerField(_("target: cases"), null=True, blank=True)
    description = models.TextField(_("remarks"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("special campaign")
        verbose_name_plural = _("special campaigns")
        ordering = ["-year", "name_zh"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """In the reader's language: the English name where there is one."""
        english = not (translation.get_language() or "").startswith("zh")
        return self.name_en if english and self.name_en else self.name_zh
