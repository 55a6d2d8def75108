from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ipoffice.common.api import ScopedModelViewSet
from ipoffice.common.filters import ListFilterBackend
from ipoffice.common.inputs import NOTE_MAX_LENGTH
from ipoffice.offices import services
from ipoffice.offices.filters import OfficeFilter
from ipoffice.offices.models import Office, OfficeLevel


class OfficeSerializer(serializers.ModelSerializer[Office]):
    parent_code = serializers.SlugRelatedField[Office](
        source="parent", slug_field="code", read_only=True
    )
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Office
        fields = ["code", "parent_code", "level", "name", "name_zh", "name_en", "is_active"]
        read_only_fields = fields


class OfficeCreateSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=12)
    parent_code = serializers.CharField(
        max_length=12, help_text=gettext_lazy("Code of the parent office")
    )
    level = serializers.ChoiceField(choices=OfficeLevel.choices)
    name_zh = serializers.CharField(max_length=100)
    name_en = serializers.CharField(max_length=200)


class OfficeUpdateSerializer(serializers.Serializer[Any]):
    name_zh = serializers.CharField(max_length=100, required=False)
    name_en = serializers.CharField(max_length=200, required=False)
    is_active = serializers.BooleanField(required=False)
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH
    )


class OfficeViewSet(ScopedModelViewSet):
    """Offices in the caller's subtree. Creating one needs `offices.add_office`."""

    queryset = Office.objects.all()
    serializer_class = OfficeSerializer
    lookup_field = "code"
    filter_backends = [ListFilterBackend]
    filterset_class = OfficeFilter

    def scoped_queryset(self) -> Any:
        return Office.objects.select_related("parent")

    @extend_schema(request=OfficeCreateSerializer, responses={201: OfficeSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = OfficeCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        parent = self.get_queryset().filter(code=data["parent_code"]).first()
        if parent is None:
            raise serializers.ValidationError({"parent_code": [_("No such office in your scope.")]})
        office = services.office_create(
            actor=request.user,
            code=data["code"],
            parent=parent,
            level=data["level"],
            name_zh=data["name_zh"],
            name_en=data["name_en"],
        )
        return Response(OfficeSerializer(office).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OfficeUpdateSerializer, responses={200: OfficeSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = OfficeUpdateSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        reason = data.pop("reason", "")
        office = services.office_update(
            actor=request.user, office=self.get_object(), reason=reason, **data
        )
        return Response(OfficeSerializer(office).data)
