"""List filters: query parameters declared once, for the API and the HTML lists alike.

A FilterSet names each parameter, its type and its choices; django-filter checks them
(an unknown choice or a malformed value is an error naming the parameter) and the
OpenAPI parameters are generated from the same declaration. The FilterSet filters a
queryset the caller has already scoped (``visible_to``): scoping stays the one mechanism.
See docs/api.md#filters.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django.forms.utils import pretty_name
from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

from ipoffice.common.inputs import FALSE_WORDS as INPUT_FALSE_WORDS
from ipoffice.common.inputs import TRUE_WORDS

# The yes/no words of the inputs (common/inputs.py); a blank filter is no filter, not "no".
FALSE_WORDS = INPUT_FALSE_WORDS - {""}


class FlagField(forms.Field):
    """A yes/no query parameter that refuses what it cannot read (Django's own
    NullBooleanField takes any unknown word for "not given")."""

    default_error_messages = {"invalid": _("Give 1 or 0 (true or false).")}

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class FlagFilter(django_filters.BooleanFilter):
    field_class = FlagField


class IntegerFilter(django_filters.NumberFilter):
    """A whole number ("2013"), where NumberFilter would take "2013.5"."""

    field_class = forms.IntegerField


class ListFilterSet(django_filters.FilterSet):
    """Checks a list's parameters; what each one means is the app's selector's, in ``narrow``.

    Only the parameters given reach ``narrow`` (a flag that is false is not a filter);
    a sort order (an ``OrderingFilter``, ``sort``) orders what ``narrow`` selected."""

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        given = {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value is not None and value is not False and value != "" and value != []
        }
        orders = {
            name: given.pop(name)
            for name in list(given)
            if isinstance(self.filters[name], django_filters.OrderingFilter)
        }
        found = self.narrow(queryset, **given)
        for name, value in orders.items():
            found = self.filters[name].filter(found, value)
        return found

    def narrow(self, queryset: QuerySet[Any], **given: Any) -> QuerySet[Any]:
        """Each app's filter set passes the checked values to its selector."""
        raise NotImplementedError(f"{type(self).__name__} must say how it narrows its list")


def _descending_text(label: Any) -> str:
    return gettext("%s (descending)") % label


_descending = lazy(_descending_text, str)


class SortFilter(django_filters.OrderingFilter):
    """A list's sort order, ``sort=<column>`` or ``sort=-<column>`` (descending); empty
    values (no due date) come last either way, and the record's id breaks ties so that
    pages do not overlap."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Sort by"))
        super().__init__(*args, **kwargs)

    def build_choices(self, fields: Any, labels: Any) -> list[tuple[str, Any]]:
        """django-filter's choices, but the descending labels stay lazy: built when the
        class is, they would keep the language active then (the schema, the pages)."""
        ascending = [
            (param, labels.get(field, _(pretty_name(param)))) for field, param in fields.items()
        ]
        descending = [(f"-{param}", _descending(label)) for param, label in ascending]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]

    def filter(self, qs: Any, value: Any) -> Any:
        if value in ([], None, ""):
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        terms = [
            F(name[1:]).desc(nulls_last=True)
            if name.startswith("-")
            else F(name).asc(nulls_last=True)
            for name in ordering
        ]
        return qs.order_by(*terms, "-id" if ordering[0].startswith("-") else "id")


class ListFilterBackend(DjangoFilterBackend):
    """Filters the collection endpoints only: a filter never hides a single record
    (``/cases/7/?status=closed`` is case 7, whatever its status)."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        if getattr(view, "detail", False):
            return queryset
        return super().filter_queryset(request, queryset, view)


def filter_page(
    request: HttpRequest, filterset_class: type[ListFilterSet], queryset: QuerySet[Any]
) -> tuple[ListFilterSet, QuerySet[Any], int]:
    """An HTML list's filters, the rows they select and the status of the page: with a
    bad parameter, no rows and 400; the page shows the errors next to its filter form."""
    found = filterset_class(request.GET, queryset=queryset, request=request)
    if found.is_valid():
        return found, found.qs, 200
    return found, queryset.none(), 400
