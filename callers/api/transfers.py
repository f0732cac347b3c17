"""The callers API's transfers: starting an import or export (run on the worker), following its progress,
downloading the exported file. `transfer_for` and `transfer_download` serve the pages too."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from callers.api.base import list_for, refused
from callers.api.serializers import CallerTransferSerializer
from callers.csvfile import ENCODINGS
from callers.exports import export_start
from callers.imports import import_start
from callers.models import CallerList, CallerTransfer
from callers.services import CallersInvalid
from core.permissions import CanUsePages


class ImportApi(APIView):
    queryset = CallerList.objects.all()
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "CallerImport",
                {
                    "file": serializers.FileField(),
                    "mode": serializers.ChoiceField(choices=CallerTransfer.Mode.choices, default="all"),
                    "replace": serializers.BooleanField(default=False),
                    "encoding": serializers.ChoiceField(choices=list(ENCODINGS.items()), default="auto"),
                },
            )
        },
        responses={202: CallerTransferSerializer},
        summary="Import a CSV file into the list (on the worker; follow the transfer)",
        description=(
            "Uploads a CSV file that the worker imports; `mode` says whether a bad row refuses the "
            "whole file or only itself, `replace` whether the file replaces the list. Answers 202 with "
            "the transfer to follow."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        caller_list = list_for(request, pk, "change")
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": ["Choose a CSV file."]})
        try:
            transfer = import_start(
                caller_list=caller_list,
                upload=upload,
                size=upload.size,
                file_name=upload.name or "upload.csv",
                mode=request.data.get("mode", "all"),
                replace=str(request.data.get("replace", "")).lower() in {"1", "true", "on", "yes"},
                encoding=request.data.get("encoding", "auto"),
                actor=request.user,
            )
        except CallersInvalid as error:
            raise refused(error) from error
        return Response(CallerTransferSerializer(transfer).data, status=status.HTTP_202_ACCEPTED)


class ExportApi(APIView):
    """Exporting is reading: whoever may see the list may export it (checked on the list)."""

    queryset = CallerList.objects.all()
    permission_classes = [CanUsePages]

    @extend_schema(
        request=None,
        responses={202: CallerTransferSerializer},
        summary="Export the list as CSV (on the worker)",
        description=(
            "Starts an export of the list that the worker writes; whoever may see the list may export "
            "it. Answers 202 with the transfer to follow, then download the file."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        transfer = export_start(caller_list=list_for(request, pk, "view"), actor=request.user)
        return Response(CallerTransferSerializer(transfer).data, status=status.HTTP_202_ACCEPTED)


def transfer_for(user: Any, transfer_id: int) -> CallerTransfer:
    transfer = get_object_or_404(
        CallerTransfer.objects.defer("content").select_related("caller_list"), pk=transfer_id
    )
    if not user.has_perm("callers.view_callerlist", transfer.caller_list):
        raise PermissionDenied("You may not see this list's transfers.")
    return transfer


class TransferApi(APIView):
    queryset = CallerList.objects.all()

    @extend_schema(
        responses=CallerTransferSerializer,
        summary="An import's or export's progress and result",
        description=(
            "The state and percentage of an import or export, then its counts (added, updated, removed,"
            " rejected) and the rejected rows with their reasons."
        ),
    )
    def get(self, request: Request, transfer_id: int) -> Response:
        return Response(CallerTransferSerializer(transfer_for(request.user, transfer_id)).data)


def transfer_download(user: Any, transfer_id: int) -> HttpResponse:
    """The exported CSV (shared by the page and the API)."""
    transfer = transfer_for(user, transfer_id)
    content = bytes(CallerTransfer.objects.values_list("content", flat=True).get(pk=transfer.pk))
    if transfer.kind != CallerTransfer.Kind.EXPORT or transfer.state != CallerTransfer.State.DONE:
        raise ValidationError({"transfer": ["Only a finished export can be downloaded."]})
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{transfer.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class TransferDownloadApi(APIView):
    queryset = CallerList.objects.all()

    @extend_schema(
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
        summary="The exported CSV file",
        description=(
            "The CSV file of a finished export; 400 while the export is still running, or for an import."
        ),
    )
    def get(self, request: Request, transfer_id: int) -> HttpResponse:
        return transfer_download(request.user, transfer_id)
