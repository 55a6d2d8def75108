"""API plumbing shared by every app: permissions, scoping and error mapping."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import exceptions, serializers, viewsets
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
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = error_body(response.data)
    return response


def flat_messages(detail: Any) -> list[str]:
    """Every message of a DRF error detail as plain text: a list field's item errors
    ({0: [...]}) become "1: message", never a Python repr."""
    if isinstance(detail, dict):
        messages = []
        for key, value in detail.items():
            prefix = f"{key + 1}: " if isinstance(key, int) else f"{key}: "
            messages += [prefix + message for message in flat_messages(value)]
        return messages
    if isinstance(detail, list | tuple):
        messages = []
        for index, value in enumerate(detail):
            inner = flat_messages(value)
            if isinstance(value, dict | list) and len(detail) > 1:
                inner = [f"{index + 1}: {message}" for message in inner]
            messages += inner
        return [m for m in messages if m]
    return [str(detail)] if str(detail) else []


def error_body(data: Any) -> dict[str, Any]:
    """One error shape for every API answer: detail, the first field, and all errors."""
    if not isinstance(data, dict):
        messages = flat_messages(data)
        return {"detail": messages[0] if messages else ""}
    errors = {str(key): flat_messages(value) for key, value in data.items()}
    errors = {key: messages for key, messages in errors.items() if messages}
    if not errors:
        return {"detail": ""}
    field, messages = next(iter(errors.items()))
    return {"detail": messages[0], "field": field, "errors": errors}


class AutoSchema(SpectacularAutoSchema):
    """DRF drops ``allow_blank`` from a read-only model field, so the schema would promise
    an enum value where the answer is "" (an optional choice left empty), and a read-only
    link to an optional foreign key would never be null: both are put back from the model
    field."""

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        model_field = _model_field(field) if field.read_only else None
        if model_field is not None:
            if isinstance(field, serializers.ChoiceField) and model_field.blank:
                field.allow_blank = True
            # A read-only link (SlugRelatedField) to an optional foreign key answers null.
            if isinstance(field, serializers.RelatedField) and model_field.null:
                field.allow_null = True
        return super()._map_serializer_field(field, direction, bypass_extensions)


def _model_field(field: Any) -> Any:
    """The model field a serializer field reads, when its serializer is a model's."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not isinstance(field.source, str) or "." in field.source:
        return None
    try:
        return model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return None


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "Every API error, 500 included: a message, and for a refused input the first field "
        "and every field's messages."
    ),
    "properties": {
        "detail": {"type": "string"},
        "field": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}
ERROR_STATUSES = {
    "400": "The request was refused; `field` and `errors` name what is wrong.",
    "401": "Not authenticated.",
    "403": "Not allowed for this user or office.",
    "404": "Not found, or not in the caller's subtree.",
    "405": "Method not allowed.",
    "413": "The request body is too large.",
    "415": "Unsupported media type.",
    "429": "Too many requests; `Retry-After` says when to try again.",
    "500": "Internal error.",
}


def schema_error_responses(result: Any, generator: Any, request: Any, public: bool) -> Any:
    """drf-spectacular hook: every operation may answer the errors above, in one shape."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                responses.setdefault(status, {"description": description, "content": reference})
    return result


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
