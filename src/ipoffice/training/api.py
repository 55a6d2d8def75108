"""Trainings in the API: list and detail within the caller's subtree."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ipoffice.common.api import ScopedReadOnlyViewSet
from ipoffice.common.filters import ListFilterBackend
from ipoffice.common.permissions import ModelPermissions
from ipoffice.training.filters import TrainingFilter
from ipoffice.training.models import Participation, Training


class ParticipationSerializer(serializers.ModelSerializer[Participation]):
    office = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)

    class Meta:
        model = Participation
        fields = ["office", "participants", "person_hours"]
        read_only_fields = fields


class TrainingSerializer(serializers.ModelSerializer[Training]):
    organiser = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    participations = ParticipationSerializer(many=True, read_only=True)

    class Meta:
        model = Training
        fields = [
            "id", "course", "organiser", "starts_on", "ends_on", "hours", "rotating",
            "description", "participations",
        ]  # fmt: skip
        read_only_fields = fields


class TrainingViewSet(ScopedReadOnlyViewSet):
    """Trainings organised by the caller's office or an office below it, with their
    participants by office."""

    queryset = Training.objects.all()
    serializer_class = TrainingSerializer
    permission_classes = [ModelPermissions]
    filter_backends = [ListFilterBackend]
    filterset_class = TrainingFilter

    def scoped_queryset(self) -> Any:
        return Training.objects.select_related("organiser").prefetch_related(
            "participations__office"
        )
