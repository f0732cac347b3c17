"""The callers API's lists and their entries: plain resources, read and written through the services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from callers.api.base import list_for, refused
from callers.api.serializers import CallerEntrySerializer, CallerListSerializer
from callers.models import CallerEntry, CallerList
from callers.selectors import caller_lists, entry_search
from callers.services import (
    CallersInvalid,
    EntryData,
    ListData,
    caller_entry_delete,
    caller_entry_save,
    caller_list_delete,
    caller_list_save,
)

PAGE_MAX = 500


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
            raise refused(error) from error
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
        return Response(CallerListSerializer(list_for(request, pk, "view")).data)

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
        caller_list = list_for(request, pk, "change")
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
            raise refused(error) from error
        return Response(CallerListSerializer(caller_list).data)

    @extend_schema(
        responses={204: None},
        summary="Delete a list and its entries",
        description="Removes the list with all its entries; IVR lookups stop finding its callers.",
    )
    def delete(self, request: Request, pk: int) -> Response:
        caller_list_delete(caller_list=list_for(request, pk, "delete"), actor=request.user)
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
        caller_list = list_for(request, pk, "view")
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
        caller_list = list_for(request, pk, "change")
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
            raise refused(error) from error
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
        caller_list = list_for(request, pk, action)
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
            raise refused(error) from error
        return Response(CallerEntrySerializer(entry).data)

    @extend_schema(
        responses={204: None},
        summary="Remove an entry",
        description="Removes the entry from the list; IVR lookups stop finding that number on it.",
    )
    def delete(self, request: Request, pk: int, entry_id: int) -> Response:
        caller_entry_delete(entry=self._entry(request, pk, entry_id, "change"), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
