"""API plumbing shared by every app: permissions, scoping and error mapping."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import exceptions, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ipoffice.common.errors import ApplicationError, InvalidInput


class ScopedViewSetMixin:
    """Every API viewset starts from the scoped queryset; see common.scoping."""

    request: Any
    queryset: Any

    def get_queryset(self) -> Any:
        return self.scoped_queryset().visible_to(self.request.user)

    def scoped_queryset(self) -> Any:
        """Override to add select_related/filters; scoping is applied after."""
        return self.queryset.all()


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail only, each within the caller's office subtree."""


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        body: dict[str, Any] = {"detail": str(exc.message), **exc.extra}
        if isinstance(exc, InvalidInput):
            body["field"] = exc.field
            body["errors"] = {k: [str(m) for m in v] for k, v in exc.errors.items()}
        elif exc.field:
            body["field"] = exc.field
            body["errors"] = {exc.field: [str(exc.message)]}
        return Response(body, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if (
        response is not None
        and isinstance(exc, exceptions.ValidationError)
        and isinstance(response.data, dict)
        and response.data
    ):
        # One error shape for every API answer: detail, the first field, and all errors.
        errors = {k: v if isinstance(v, list) else [v] for k, v in response.data.items()}
        field, messages = next(iter(errors.items()))
        response.data = {
            "detail": str(messages[0]) if messages else "",
            "field": field,
            "errors": errors,
        }
    return response


def schema_sorted(result: Any, generator: Any, request: Any, public: bool) -> Any:
    """drf-spectacular hook: every mapping of the schema in key order, so that
    docs/openapi.json (``make schema``) changes only where the API does."""

    def ordered(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: ordered(node[key]) for key in sorted(node, key=str)}
        if isinstance(node, list):
            return [ordered(item) for item in node]
        return node

    return ordered(result)
