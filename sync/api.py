"""REST pieces of the sync app: the UCCX status endpoint (mounted under /api/v1/), and the answer every app's
API gives to a save that reaches UCCX (`sync_response`, `SyncSerializer`)."""

from collections.abc import Sequence
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.rules import is_administrator
from sync.outbox import SyncResult
from sync.reconcile import reconcile
from sync.selectors import uccx_status_payload


class SyncSerializer(serializers.Serializer):
    """What became of a save in UCCX: the `"sync"` member of an answer (for the API schema)."""

    state = serializers.ChoiceField(choices=["applied", "queued", "failed"])
    change = serializers.IntegerField(help_text="The outbox change: /changes/ and the admin show it.")
    detail = serializers.CharField()


class SyncAnswerSerializer(serializers.Serializer):
    """The answer of a save that returns no document (a delete)."""

    sync = SyncSerializer()


def sync_status(results: Sequence[SyncResult], *, created: bool = False) -> int:
    """201 (created) or 200 when UCCX took every change, 202 while any waits, else the first refusal's 400."""
    if any(result.state == "failed" for result in results):
        return status.HTTP_400_BAD_REQUEST
    if any(result.state == "queued" for result in results):
        return status.HTTP_202_ACCEPTED
    return status.HTTP_201_CREATED if created else status.HTTP_200_OK


def sync_response(document: dict[str, Any], result: SyncResult, *, created: bool = False) -> Response:
    """The saved object's document with `"sync"`: 201/200 UCCX has it, 202 queued, 400 UCCX refused it
    (the save itself is kept: only UCCX's copy is missing)."""
    return Response({**document, "sync": result.as_dict()}, status=sync_status([result], created=created))


class IsAdministrator(BasePermission):
    """Cluster and queue details are for administrators: staff, superusers and the Administrator role."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (user.is_staff or is_administrator(user)))


class UccxStatusApi(APIView):
    """Each UCCX node (reachable, master, read-only) as the monitor last saw it."""

    permission_classes = [IsAdministrator]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="UCCX cluster status (administrators)")
    def get(self, request: Request) -> Response:
        return Response(uccx_status_payload())


class UccxReconcileApi(APIView):
    """Run the reconcile sweep now: what UCCX lost or changed outside the app is recorded as drift and
    (unless SYNC_RECONCILE_REPORT_ONLY) written again. Answers the sweep's report."""

    permission_classes = [IsAdministrator]

    @extend_schema(
        request=None, responses={200: OpenApiTypes.OBJECT}, summary="Check UCCX now (administrators)"
    )
    def post(self, request: Request) -> Response:
        report = reconcile(reason=f"asked by {request.user.get_username()}")
        return Response(report.as_dict(), status=503 if report.error else 200)
