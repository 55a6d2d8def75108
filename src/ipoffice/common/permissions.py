"""API permission: Django model permissions, with reading needing ``view`` too.

Kept apart from common.api: DRF imports its default permission class while loading
its own views, so this module must not import DRF views.
"""

from rest_framework import permissions


class ModelPermissions(permissions.DjangoModelPermissions):
    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


class ViewPermission(permissions.DjangoModelPermissions):
    """Any method needs the model's ``view`` permission only; the service called checks
    the permission of the action itself (e.g. a workflow transition)."""

    perms_map = {
        method: ["%(app_label)s.view_%(model_name)s"]
        for method in ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
    }
