"""Campaigns in the API: list and detail within the caller's subtree, with the tagged
cases per office against the target."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ipoffice.campaigns import selectors
from ipoffice.campaigns.filters import CampaignFilter
from ipoffice.campaigns.models import Campaign
from ipoffice.common.api import ScopedReadOnlyViewSet
from ipoffice.common.filters import ListFilterBackend
from ipoffice.common.permissions import ModelPermissions


class CampaignSerializer(serializers.ModelSerializer[Campaign]):
    organiser = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    offices = serializers.SlugRelatedField[Any](slug_field="code", read_only=True, many=True)

    class Meta:
        model = Campaign
        fields = [
            "id", "name_zh", "name_en", "year", "starts_on", "ends_on", "organiser",
            "offices", "target_cases", "description",
        ]  # fmt: skip
        read_only_fields = fields


class OfficeFiguresSerializer(serializers.Serializer[Any]):
    office = serializers.CharField(source="office.code")
    cases = serializers.IntegerField()
    concluded = serializers.IntegerField()
    found = serializers.IntegerField(help_text="infringement found or a penalty imposed")


class CampaignDetailSerializer(CampaignSerializer):
    cases = serializers.SerializerMethodField(help_text="tagged cases in your subtree")
    by_office = serializers.SerializerMethodField()

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "cases", "by_office"]
        read_only_fields = fields

    def _figures(self, campaign: Campaign) -> selectors.CampaignFigures:
        return selectors.campaign_figures(campaign=campaign, user=self.context["request"].user)

    def get_cases(self, campaign: Campaign) -> int:
        return self._figures(campaign).total

    @extend_schema_field(OfficeFiguresSerializer(many=True))
    def get_by_office(self, campaign: Campaign) -> list[dict[str, Any]]:
        rows = self._figures(campaign).rows
        return OfficeFiguresSerializer(rows, many=True).data  # type: ignore[return-value]


class CampaignViewSet(ScopedReadOnlyViewSet):
    """Special campaigns organised by the caller's office or an office below it."""

    queryset = Campaign.objects.all()
    serializer_class = CampaignSerializer
    permission_classes = [ModelPermissions]
    filter_backends = [ListFilterBackend]
    filterset_class = CampaignFilter

    def scoped_queryset(self) -> Any:
        return Campaign.objects.select_related("organiser").prefetch_related("offices")

    def get_serializer_class(self) -> Any:
        return CampaignDetailSerializer if self.action == "retrieve" else CampaignSerializer
