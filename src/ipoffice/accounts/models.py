"""People: every user belongs to one office and holds permissions through role groups."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ipoffice.common.scoping import ScopedQuerySet
from ipoffice.offices.models import NATIONAL_CODE, Office


class UserQuerySet(ScopedQuerySet["User"]):
    office_field: ClassVar[str] = "office"


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    """Django's user manager with the office-scoped queryset (``visible_to``).

    ``createsuperuser`` passes the office as its code; a superuser sees every office, so
    one belongs to the national office (the default) and nowhere else."""

    def create_user(self, username: str, email: str | None = None, password: str | None = None,
                    **extra: Any) -> Any:  # fmt: skip
        return super().create_user(username, email, password, **_with_office(extra))

    def create_superuser(self, username: str, email: str | None = None,
                         password: str | None = None, **extra: Any) -> Any:  # fmt: skip
        extra.setdefault("office", NATIONAL_CODE)
        extra = _with_office(extra)
        if not isinstance(extra["office"], Office) or extra["office"].code != NATIONAL_CODE:
            raise ValueError(
                gettext("A superuser belongs to the national office (%(code)s).")
                % {"code": NATIONAL_CODE}
            )
        return super().create_superuser(username, email, password, **extra)


def _with_office(extra: dict[str, Any]) -> dict[str, Any]:
    office = extra.get("office")
    if isinstance(office, str | int) and not isinstance(office, bool):
        found = Office.objects.filter(code=str(office)).first()
        if found is None:
            raise ValueError(gettext("There is no office %(code)s.") % {"code": office})
        extra["office"] = found
    return extra


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
    # Set when someone else sets the password: the login leads to the password page first.
    must_change_password = models.BooleanField(
        _("must change password at next login"), default=False
    )

    # The language of what is sent to the person (notices by e-mail); the pages follow
    # the language switch.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )

    objects = ScopedUserManager()  # type: ignore[misc]

    REQUIRED_FIELDS: ClassVar[list[str]] = ["email", "office"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class ApiTokenQuerySet(ScopedQuerySet["ApiToken"]):
    office_field: ClassVar[str] = "user__office"


def token_hash(key: str) -> str:
    # The key is 160 random bits, so one SHA-256 is enough: nothing to guess or stretch.
    return hashlib.sha256(key.encode()).hexdigest()


def token_new_key() -> str:
    return secrets.token_hex(20)


class ApiToken(models.Model):
    """An API token; only its hash is stored, the key is shown once, when it is issued."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("issued at"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.created:%Y-%m-%d %H:%M}"


class SavedFilter(models.Model):
    """A list's filters and sort order, kept under a name by one user for reuse."""

    class ListName(models.TextChoices):
        CASES = "cases", _("Cases")
        COMPLAINTS = "complaints", _("Complaints")
        REPORTS = "reports", _("Reports")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_filters")
    list_name = models.CharField(_("list"), max_length=20, choices=ListName.choices)
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("filters"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["list_name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "list_name", "name"], name="saved_filter_name_per_user_list"
            )
        ]

    def __str__(self) -> str:
        return self.name
