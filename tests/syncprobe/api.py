"""A tiny REST API over the probe: the chaos test drives edits through the real web layer with it."""

from rest_framework import serializers, status
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sync.api import sync_response
from sync.outbox import SyncResult
from tests.syncprobe import services
from tests.syncprobe.models import ProbeCalendar


class ProbeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProbeCalendar
        fields = ["id", "name", "version"]
        read_only_fields = ["id", "version"]


def _answer(probe: ProbeCalendar, result: SyncResult, created: bool = False) -> Response:
    return sync_response(ProbeSerializer(probe).data, result, created=created)


class ProbeListApi(APIView):
    permission_classes = [IsAdminUser]

    def post(self, request: Request) -> Response:
        serializer = ProbeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _answer(
            *services.probe_create(name=serializer.validated_data["name"], actor=request.user), created=True
        )


class ProbeDetailApi(APIView):
    """PATCH makes a new version (an edit), DELETE deletes."""

    permission_classes = [IsAdminUser]

    def patch(self, request: Request, pk: int) -> Response:
        try:
            return _answer(*services.probe_bump(probe_id=pk, actor=request.user))
        except ProbeCalendar.DoesNotExist:
            return Response({"detail": "No such probe."}, status=status.HTTP_404_NOT_FOUND)

    def delete(self, request: Request, pk: int) -> Response:
        try:
            return _answer(*services.probe_delete(probe_id=pk, actor=request.user))
        except ProbeCalendar.DoesNotExist:
            return Response({"detail": "No such probe."}, status=status.HTTP_404_NOT_FOUND)
