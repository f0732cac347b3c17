"""REST endpoints of the core app (under /api/v1/): the teams read from UCCX."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from core.models import Team
from core.selectors import visible_to


class TeamOutputSerializer(serializers.ModelSerializer):
    supervisors: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="username"
    )

    class Meta:
        model = Team
        fields = ["id", "uccx_id", "name", "supervisors", "in_uccx", "synced_at"]


@extend_schema_view(
    get=extend_schema(
        summary="List the teams you may see",
        description="The UCCX teams read from UCCX, with their supervisors (a supervisor: their own teams).",
    )
)
class TeamListApi(generics.ListAPIView):
    """The teams the caller may see (a supervisor: their own teams)."""

    serializer_class = TeamOutputSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Team]:
        return visible_to(self.request.user, Team.objects.prefetch_related("supervisors"))


@extend_schema_view(
    get=extend_schema(
        summary="Read one team",
        description="A team by id, with its supervisors; another team's id answers 403 for a supervisor.",
    )
)
class TeamDetailApi(generics.RetrieveAPIView):
    """One team by id; another team's id answers 403 for a supervisor, as on the pages."""

    serializer_class = TeamOutputSerializer
    queryset = Team.objects.prefetch_related("supervisors")
