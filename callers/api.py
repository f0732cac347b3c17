"""Management API of caller lists (under /api/v1/callers/): thin views over services and selectors.

Lists and entries are plain resources; an entry is written as a supervisor types it (`number` may be a
number in any form, a prefix ending in `*`, or `anonymous`) and answered normalised. Imports and exports
run on the worker: POST answers 202 with the transfer, whose URL tells the progress and, when done, the
rejected rows or the file. Bad input answers 400 with messages per field, and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from callers.csvfile import ENCODINGS
from callers.models import CallerEntry, CallerList, CallerTransfer
from callers.selectors import caller_lists, entry_search, recent_lookups_for
from callers.services import (
    CallersInvalid,
    EntryData,
    ListData,
    caller_block,
    caller_entry_delete,
    caller_entry_save,
    caller_list_delete,
    caller_list_save,
)
from callers.transfers import export_start, import_start
from core.errors import error_tree
from core.models import Team
from core.permissions import CanUsePages

PAGE_MAX = 500


def _refused(error: CallersInvalid) -> ValidationError:
    return ValidationError(error_tree(error.field_errors))


def _list_for(request: Request, pk: int, action: str) -> CallerList:
    caller_list = get_object_or_404(CallerList.objects.select_related("team"), pk=pk)
    if not request.user.has_perm(f"callers.{action}_callerlist", caller_list):
        raise PermissionDenied(f"You may not {action} the caller list {caller_list.name}.")
    return caller_list


class CallerListSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=50)
    kind = serializers.ChoiceField(choices=CallerList.Kind.choices, default=CallerList.Kind.CUSTOM)
    order = serializers.IntegerField(min_value=0, max_value=32767, default=100)
    description = serializers.CharField(max_length=200, allow_blank=True, default="")
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), allow_null=True, default=None)
    priority = serializers.IntegerField(default=0)
    target = serializers.CharField(max_length=50, allow_blank=True, default="")
    prompt = serializers.CharField(max_length=200, allow_blank=True, default="")
    language = serializers.CharField(max_length=10, allow_blank=True, default="")
    vip_beats_blocked = serializers.BooleanField(default=False)
    version = serializers.IntegerField(read_only=True)
    last_change = serializers.CharField(read_only=True)
    document_name = serializers.CharField(read_only=True)
    entry_count = serializers.SerializerMethodField()

    def get_entry_count(self, caller_list: CallerList) -> int:
        """From the list query's annotation, else counted (a list just saved)."""
        counted = getattr(caller_list, "entry_count", None)
        return caller_list.entries.count() if counted is None else counted


class CallerEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    caller_list = serializers.IntegerField(source="caller_list_id", read_only=True)
    number = serializers.CharField(
        max_length=40, help_text="A number in any form, a prefix ending in * (+4930*), or anonymous."
    )
    prefix = serializers.BooleanField(read_only=True)
    name = serializers.CharField(max_length=100, allow_blank=True, default="")
    reason = serializers.CharField(max_length=200, allow_blank=True, default="")
    expires_at = serializers.DateTimeField(allow_null=True, default=None)
    priority = serializers.IntegerField(allow_null=True, default=None)
    target = serializers.CharField(max_length=50, allow_blank=True, default="")
    prompt = serializers.CharField(max_length=200, allow_blank=True, default="")
    language = serializers.CharField(max_length=10, allow_blank=True, default="")

    def to_representation(self, instance: CallerEntry) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["number"] = instance.pattern_text
        return data


class CallerTransferSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    caller_list = serializers.IntegerField(source="caller_list_id", read_only=True)
    state = serializers.CharField(read_only=True)
    finished = serializers.BooleanField(read_only=True)
    percent = serializers.IntegerField(read_only=True)
    total = serializers.IntegerField(read_only=True)
    done = serializers.IntegerField(read_only=True)
    added = serializers.IntegerField(read_only=True)
    updated = serializers.IntegerField(read_only=True)
    removed = serializers.IntegerField(read_only=True)
    rejected = serializers.IntegerField(read_only=True)
    rejections = serializers.ListField(child=serializers.ListField(), read_only=True)
    message = serializers.CharField(read_only=True)
    encoding_used = serializers.CharField(read_only=True)
    file_name = serializers.CharField(read_only=True)


def _entry_data(data: dict[str, Any]) -> EntryData:
    return EntryData(**{field: data[field] for field in EntryData.__dataclass_fields__})


class CallerListsApi(APIView):
    queryset = CallerList.objects.all()

    @extend_schema(
        responses=CallerListSerializer(many=True),
        summary="Caller lists, in precedence order",
        description=(
            "Every VIP, blocked and custom list you may see, lowest `order` first (the order that "
            "decides which list wins when a caller is on several), with its routing hints and entry "
            "count."
        ),
    )
    def get(self, request: Request) -> Response:
        return Response(CallerListSerializer(caller_lists(request.user), many=True).data)

    @extend_schema(
        request=CallerListSerializer,
        responses={201: CallerListSerializer},
        summary="Create a caller list",
        description=(
            "Creates an empty list with its kind, order, team and routing hints (priority, target, "
            "prompt, language). Answers 400 with every problem by field."
        ),
    )
    def post(self, request: Request) -> Response:
        serializer = CallerListSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = {k: v for k, v in serializer.validated_data.items() if k in ListData.__dataclass_fields__}
        try:
            caller_list = caller_list_save(caller_list=None, data=ListData(**fields), actor=request.user)
        except CallersInvalid as error:
            raise _refused(error) from error
        return Response(CallerListSerializer(caller_list).data, status=status.HTTP_201_CREATED)


class CallerListApi(APIView):
    queryset = CallerList.objects.all()

    @extend_schema(
        responses=CallerListSerializer,
        summary="One caller list",
        description=(
            "The list's settings, version, last change and entry count, as a document you can change "
            "and PUT back."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(CallerListSerializer(_list_for(request, pk, "view")).data)

    @extend_schema(
        request=CallerListSerializer,
        responses=CallerListSerializer,
        summary="Change a list's settings",
        description=(
            "Replaces the list's settings; moving it to another team needs the right to change lists of"
            " that team. Its entries stay as they are."
        ),
    )
    def put(self, request: Request, pk: int) -> Response:
        caller_list = _list_for(request, pk, "change")
        serializer = CallerListSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team = serializer.validated_data["team"]
        if team != caller_list.team and not request.user.has_perm(
            "callers.change_callerlist", CallerList(team=team)
        ):
            raise PermissionDenied("You may move a caller list only to the teams you supervise.")
        fields = {k: v for k, v in serializer.validated_data.items() if k in ListData.__dataclass_fields__}
        try:
            caller_list = caller_list_save(
                caller_list=caller_list, data=ListData(**fields), actor=request.user
            )
        except CallersInvalid as error:
            raise _refused(error) from error
        return Response(CallerListSerializer(caller_list).data)

    @extend_schema(
        responses={204: None},
        summary="Delete a list and its entries",
        description="Removes the list with all its entries; IVR lookups stop finding its callers.",
    )
    def delete(self, request: Request, pk: int) -> Response:
        caller_list_delete(caller_list=_list_for(request, pk, "delete"), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EntriesApi(APIView):
    queryset = CallerList.objects.all()

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="A number (the prefixes it falls under too), a name"),
            OpenApiParameter("offset", int),
            OpenApiParameter("limit", int, description=f"At most {PAGE_MAX}"),
        ],
        responses=inline_serializer(
            "CallerEntryPage",
            {"count": serializers.IntegerField(), "results": CallerEntrySerializer(many=True)},
        ),
        summary="A list's entries",
        description=(
            "One page (`offset`, `limit`) of the list's entries, optionally filtered by `search`: a "
            "number (with the prefixes it falls under), a name or a reason."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        caller_list = _list_for(request, pk, "view")
        entries = entry_search(
            request.user, query=request.query_params.get("search", ""), caller_list=caller_list
        )
        offset, limit = _page(request)
        return Response(
            {
                "count": entries.count(),
                "results": CallerEntrySerializer(entries[offset : offset + limit], many=True).data,
            }
        )

    @extend_schema(
        request=CallerEntrySerializer,
        responses={201: CallerEntrySerializer},
        summary="Add an entry",
        description=(
            "Adds a calling number or prefix (`+4930*`) with its name, reason, expiry and routing "
            "hints. A number already on the list is refused with 400."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        caller_list = _list_for(request, pk, "change")
        serializer = CallerEntrySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            entry = caller_entry_save(
                caller_list=caller_list,
                entry=None,
                data=_entry_data(serializer.validated_data),
                actor=request.user,
            )
        except CallersInvalid as error:
            raise _refused(error) from error
        return Response(CallerEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


def _page(request: Request) -> tuple[int, int]:
    try:
        offset = max(0, int(request.query_params.get("offset", 0)))
        limit = min(PAGE_MAX, max(1, int(request.query_params.get("limit", 100))))
    except ValueError as error:
        raise ValidationError({"offset": ["offset and limit are whole numbers."]}) from error
    return offset, limit


class EntryApi(APIView):
    queryset = CallerList.objects.all()

    def _entry(self, request: Request, pk: int, entry_id: int, action: str) -> CallerEntry:
        caller_list = _list_for(request, pk, action)
        return get_object_or_404(
            CallerEntry.objects.select_related("caller_list"), pk=entry_id, caller_list=caller_list
        )

    @extend_schema(
        responses=CallerEntrySerializer,
        summary="One entry",
        description="One entry of the list, as a document you can change and PUT back.",
        operation_id="callers_entry_retrieve",
    )
    def get(self, request: Request, pk: int, entry_id: int) -> Response:
        return Response(CallerEntrySerializer(self._entry(request, pk, entry_id, "view")).data)

    @extend_schema(
        request=CallerEntrySerializer,
        responses=CallerEntrySerializer,
        summary="Change an entry",
        description=(
            "Replaces the entry's number and fields. A number another entry of the list already holds "
            "is refused with 400."
        ),
    )
    def put(self, request: Request, pk: int, entry_id: int) -> Response:
        entry = self._entry(request, pk, entry_id, "change")
        serializer = CallerEntrySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            entry = caller_entry_save(
                caller_list=entry.caller_list,
                entry=entry,
                data=_entry_data(serializer.validated_data),
                actor=request.user,
            )
        except CallersInvalid as error:
            raise _refused(error) from error
        return Response(CallerEntrySerializer(entry).data)

    @extend_schema(
        responses={204: None},
        summary="Remove an entry",
        description="Removes the entry from the list; IVR lookups stop finding that number on it.",
    )
    def delete(self, request: Request, pk: int, entry_id: int) -> Response:
        caller_entry_delete(entry=self._entry(request, pk, entry_id, "change"), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


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
        caller_list = _list_for(request, pk, "change")
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
            raise _refused(error) from error
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
        transfer = export_start(caller_list=_list_for(request, pk, "view"), actor=request.user)
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


class SearchApi(APIView):
    queryset = CallerList.objects.all()

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="A number, a prefix (+4930*), a name or reason")],
        responses=CallerEntrySerializer(many=True),
        summary="Entries of every list you may see, by number, name or reason (at most 200)",
        description=(
            "Searches every list you may see at once for `q`: a number, a prefix (`+4930*`), a name or "
            "a reason; answers at most 200 entries."
        ),
    )
    def get(self, request: Request) -> Response:
        entries = entry_search(request.user, query=request.query_params.get("q", ""))[:200]
        return Response(CallerEntrySerializer(entries, many=True).data)


class RecentLookupsApi(APIView):
    queryset = CallerList.objects.all()

    @extend_schema(
        responses=inline_serializer(
            "RecentCallerLookup",
            {
                "at": serializers.DateTimeField(),
                "number": serializers.CharField(),
                "dn": serializers.CharField(),
                "found": serializers.BooleanField(),
                "lists": serializers.ListField(child=serializers.CharField()),
                "vip": serializers.BooleanField(),
                "blocked": serializers.BooleanField(),
            },
            many=True,
        ),
        summary="The newest IVR caller lookups (unknown callers and the lists you may see)",
        description=(
            "The latest numbers the IVR looked up, with the dialled number, whether a list knew the "
            "caller and which lists, so a supervisor can act on a caller who just called."
        ),
    )
    def get(self, request: Request) -> Response:
        return Response([lookup.__dict__ for lookup in recent_lookups_for(request.user)])


class BlockApi(APIView):
    queryset = CallerList.objects.all()

    @extend_schema(
        request=inline_serializer(
            "CallerBlock",
            {
                "number": serializers.CharField(),
                "list": serializers.IntegerField(help_text="A blocked list"),
                "reason": serializers.CharField(required=False, allow_blank=True),
            },
        ),
        responses={201: CallerEntrySerializer},
        summary="Block this caller: add the number to a blocked list",
        description=(
            "Adds the exact `number` to the blocked list `list` with an optional `reason`, as from a "
            "recent lookup. A list that is not a blocked list is refused with 400."
        ),
    )
    def post(self, request: Request) -> Response:
        try:
            list_id = int(request.data.get("list", ""))
        except (TypeError, ValueError) as error:
            raise ValidationError({"list": ["Name the blocked list by its id."]}) from error
        caller_list = _list_for(request, list_id, "change")
        try:
            entry = caller_block(
                caller_list=caller_list,
                number=str(request.data.get("number", "")),
                reason=str(request.data.get("reason", ""))[:200],
                actor=request.user,
            )
        except CallersInvalid as error:
            raise _refused(error) from error
        return Response(CallerEntrySerializer(entry).data, status=status.HTTP_201_CREATED)
