"""People: every user belongs to one office and holds permissions through role groups."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipoffice.common.scoping import ScopedQuerySet


class UserQuerySet(ScopedQuerySet["User"]):
    office_field: ClassVar[str] = "office"


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    """Django's user manager with the office-scoped queryset (``visible_to``)."""


class User(AbstractUser):
    # to_field="code": `createsuperuser` asks for the office by its six-digit code.
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        to_field="code",
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    full_name = models.CharField(_("full name"), max_length=100, blank=True)

    objects = ScopedUserManager()  # type: ignore[misc]

    REQUIRED_FIELDS: ClassVar[list[str]] = ["email", "office"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username
