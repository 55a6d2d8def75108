from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, permissions, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ipoffice.accounts import services
from ipoffice.accounts.filters import UserFilter
from ipoffice.accounts.lockout import lockout_message
from ipoffice.accounts.models import ApiToken, User
from ipoffice.accounts.roles import Role
from ipoffice.common.api import ScopedModelViewSet
from ipoffice.common.filters import ListFilterBackend
from ipoffice.common.inputs import NOTE_MAX_LENGTH
from ipoffice.common.permissions import ViewPermission
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
    must_change_password = serializers.BooleanField(
        required=False, default=False, help_text="The user sets their own password at first login"
    )


class UserPasswordSerializer(serializers.Serializer[Any]):
    password = serializers.CharField(write_only=True, max_length=256)
    must_change_password = serializers.BooleanField(required=False, default=True)


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

    @extend_schema(request=UserPasswordSerializer, responses={204: None})
    # The service checks accounts.change_user and the privilege policy.
    @action(detail=True, methods=["post"], url_path="password", permission_classes=[ViewPermission])
    def password(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Set someone else's password (audited; never yourself: use the password page)."""
        form = UserPasswordSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.user_password_set(
            actor=request.user,
            user=self.get_object(),
            password=form.validated_data["password"],
            must_change=form.validated_data["must_change_password"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(read_only=True)


class TokenView(APIView):
    """Issue an API token for a user name and password (``POST``; the key is shown in this
    answer only), or revoke the token the request carries (``DELETE``)."""

    throttle_classes = ()
    parser_classes = (parsers.FormParser, parsers.MultiPartParser, parsers.JSONParser)
    serializer_class = AuthTokenSerializer

    def get_permissions(self) -> Any:
        if self.request.method == "DELETE":
            return [permissions.IsAuthenticated()]
        return []

    @extend_schema(
        request=AuthTokenSerializer,
        responses={200: TokenSerializer},
        operation_id="auth_token_create",
    )
    def post(self, request: Request) -> Response:
        """Issue a new API token for a user name and password. The key is in this answer
        only (it is stored hashed); each call issues another, up to five per user, the
        oldest revoked beyond. A locked-out user name or address answers 429."""
        form = AuthTokenSerializer(data=request.data, context={"request": request})
        if not form.is_valid():
            if getattr(request, "axes_locked_out", False):
                return Response(
                    {"detail": lockout_message()},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                    headers={"Retry-After": str(settings.IPOFFICE_LOGIN_LOCKOUT_MINUTES * 60)},
                )
            raise serializers.ValidationError(form.errors)
        user = form.validated_data["user"]
        if user.must_change_password:
            raise PermissionDenied(
                _("Set a new password on the password page before asking for a token.")
            )
        return Response({"token": services.token_issue(user=user)})

    @extend_schema(responses={204: None}, operation_id="auth_token_destroy")
    def delete(self, request: Request) -> Response:
        """Revoke the token this request is authenticated with."""
        if not isinstance(request.auth, ApiToken):
            raise serializers.ValidationError(
                {"token": [_("Send the token to revoke in the Authorization header.")]}
            )
        services.token_revoke(actor=request.user, token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


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
