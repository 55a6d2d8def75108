"""The people list's query parameters, for /people/ and /api/v1/users/."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from ipoffice.accounts import selectors
from ipoffice.accounts.models import User
from ipoffice.common.filters import ListFilterSet
from ipoffice.offices.models import code_validator


class UserFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), help_text=_("A part of the user name, name or e-mail.")
    )
    office = django_filters.CharFilter(
        label=_("Office code"),
        help_text=_("An office code: the people of that office (not of those below it)."),
        validators=[code_validator],
    )

    class Meta:
        model = User
        fields: list[str] = []

    def narrow(self, queryset: Any, **given: Any) -> Any:
        return selectors.users_filtered(queryset, **given)
