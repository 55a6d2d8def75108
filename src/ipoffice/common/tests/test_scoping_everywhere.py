"""No endpoint can forget office scoping: each one is built on the one mechanism."""

import pytest
from django.contrib import admin
from django.urls import get_resolver

from ipoffice.common.admin import ScopedAdmin
from ipoffice.common.api import ScopedViewSetMixin
from ipoffice.common.scoping import ScopedQuerySet


def api_viewsets():
    found = []

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
            elif getattr(getattr(pattern.callback, "cls", None), "queryset", None) is not None:
                found.append(pattern.callback.cls)

    walk(get_resolver().url_patterns)
    return set(found)


def test_there_are_api_viewsets_to_check():
    assert len(api_viewsets()) >= 2


@pytest.mark.parametrize("viewset", sorted(api_viewsets(), key=lambda c: c.__name__))
def test_every_api_viewset_is_scoped(viewset):
    assert issubclass(viewset, ScopedViewSetMixin), viewset
    assert isinstance(viewset.queryset, ScopedQuerySet), viewset


# Reference data every office shares; not records of any office.
SHARED_REFERENCE = {"deadlines.calendarday", "complaints.platform"}


@pytest.mark.parametrize("model", [
    m for m in admin.site._registry
    if m._meta.app_label not in {"auth", "authtoken"}
    and m._meta.label_lower not in SHARED_REFERENCE
], ids=str)  # fmt: skip
def test_every_admin_page_of_ours_is_scoped(model):
    assert isinstance(admin.site._registry[model], ScopedAdmin), model
    assert isinstance(model._default_manager.all(), ScopedQuerySet), model
