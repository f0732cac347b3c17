"""REST endpoints of the sync app (mounted under /api/v1/)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.rules import is_administrator
from sync.selectors import uccx_status_payload


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
