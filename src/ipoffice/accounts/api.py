from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from ipoffice.accounts import services
from ipoffice.accounts.filters import UserFilter
from ipoffice.accounts.models import User
from ipoffice.accounts.roles import Role
from ipoffice.common.api import ScopedModelViewSet
from ipoffice.common.filters import ListFilterBackend
from ipoffice.common.inputs import NOTE_MAX_LENGTH
from ipoffice.offices.models import Office


class UserSerializer(serializers.ModelSerializer[User]):
    office = serializers.SlugRelatedField[Office](slug_field="code", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "office", "roles", "is_active"]
        read_only_fields = fields

    def get_roles(self, obj: User) -> list[str]:
        return sorted(g.name for g in obj.groups.all() if g.name in Role.values)


class UserCreateSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    office = serializers.CharField(max_length=12, help_text="Code of the user's office")
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
    password = serializers.CharField(write_only=True, max_length=256)
    full_name = serializers.CharField(max_length=100, required=False, default="")
    email = serializers.EmailField(required=False, default="")


class UserRolesSerializer(serializers.Serializer[Any]):
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH
    )


class UserViewSet(ScopedModelViewSet):
    """People in the caller's office subtree."""

    queryset = User.objects.all()
    serializer_class = UserSerializer
    lookup_field = "username"
    lookup_value_regex = r"[\w.@+-]+"
    filter_backends = [ListFilterBackend]
    filterset_class = UserFilter

    def scoped_queryset(self) -> Any:
        return User.objects.select_related("office").prefetch_related("groups")

    @extend_schema(request=UserCreateSerializer, responses={201: UserSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = UserCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        office = Office.objects.visible_to(request.user).filter(code=data["office"]).first()
        if office is None:
            raise serializers.ValidationError({"office": [_("No such office in your scope.")]})
        user = services.user_create(actor=request.user, **{**data, "office": office})
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UserRolesSerializer, responses={200: UserSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = UserRolesSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = services.user_set_roles(
            actor=request.user, user=self.get_object(), **form.validated_data
        )
        return Response(UserSerializer(user).data)


class MeSerializer(UserSerializer):
    capabilities = serializers.SerializerMethodField()

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "capabilities"]
        read_only_fields = fields

    def get_capabilities(self, obj: User) -> list[str]:
        return sorted(obj.get_all_permissions())


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def me(request: Request) -> Response:
    """The calling user, their office, roles and permissions."""
    return Response(MeSerializer(request.user).data)  # type: ignore[arg-type]
