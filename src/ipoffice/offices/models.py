"""The office hierarchy: national office, provincial offices, municipal offices."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ipoffice.common.scoping import ScopedQuerySet

NATIONAL_CODE = "100000"


class OfficeLevel(models.TextChoices):
    NATIONAL = "national", _("National office")
    PROVINCIAL = "provincial", _("Provincial office")
    MUNICIPAL = "municipal", _("Municipal office")
    ASSISTANCE_CENTER = "assistance_center", _("Enforcement assistance center")
    WORK_STATION = "work_station", _("Service work station")


# Offices that file statistical reports (the national office aggregates them).
REPORTING_LEVELS = (OfficeLevel.PROVINCIAL, OfficeLevel.MUNICIPAL)

# Units that take 12330 complaints rather than handle enforcement cases.
ASSISTANCE_LEVELS = (OfficeLevel.ASSISTANCE_CENTER, OfficeLevel.WORK_STATION)


# Which level may sit directly below which.
CHILD_LEVELS: dict[str, tuple[str, ...]] = {
    OfficeLevel.NATIONAL: (OfficeLevel.PROVINCIAL,),
    OfficeLevel.PROVINCIAL: (OfficeLevel.MUNICIPAL, OfficeLevel.ASSISTANCE_CENTER),
    OfficeLevel.MUNICIPAL: (OfficeLevel.ASSISTANCE_CENTER,),
    OfficeLevel.ASSISTANCE_CENTER: (OfficeLevel.WORK_STATION,),
    OfficeLevel.WORK_STATION: (),
}

# Offices carry their GB/T 2260 code; a center or work station adds -C<n> or -W<n> to the
# code of the area it covers, e.g. 320500-C1 (Suzhou center), 320500-W2.
CODE_PATTERNS: dict[str, str] = {
    OfficeLevel.ASSISTANCE_CENTER: r"^\d{6}-C\d{1,2}$",
    OfficeLevel.WORK_STATION: r"^\d{6}-W\d{1,2}$",
}
OFFICE_CODE_PATTERN = r"^\d{6}$"
code_validator = RegexValidator(
    r"^\d{6}(-[CW]\d{1,2})?$",
    _("An office code is six digits (GB/T 2260); a center or station adds -C1 or -W1."),
)


class OfficeQuerySet(ScopedQuerySet["Office"]):
    office_field: ClassVar[str] = ""


class Office(models.Model):
    code = models.CharField(_("code"), max_length=12, unique=True, validators=[code_validator])
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    level = models.CharField(_("level"), max_length=20, choices=OfficeLevel.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200)
    # Codes from the root down, e.g. "100000/320000/320100/": subtree = path prefix.
    path = models.CharField(_("path"), max_length=255, editable=False, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    # An assistance center that is also a fast IPR protection center (知识产权快速维权中心):
    # it may handle the mediation of a case of the offices above it.
    fast_protection = models.BooleanField(_("fast IPR protection center"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["path"]
        indexes = [
            models.Index(
                fields=["path"], name="office_path_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en

    @property
    def place_name(self) -> str:
        """The area the office serves, by name (江苏省, Jiangsu), for place pickers and prose."""
        if (get_language() or "").startswith("zh"):
            return self.name_zh.removesuffix("知识产权局") or self.name_zh
        return self.name_en.removesuffix(" Intellectual Property Office") or self.name_en

    @property
    def area_code(self) -> str:
        """The GB/T 2260 region the unit covers: its own code, without a -C/-W suffix."""
        return self.code[:6]

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id and self.parent else ""
        return f"{prefix}{self.code}/"
