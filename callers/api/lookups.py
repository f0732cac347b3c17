"""The callers API for a caller at hand: search every list at once, the IVR's recent lookups, and blocking a
caller from one of them."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from callers.api.base import list_for, refused
from callers.api.serializers import CallerEntrySerializer
from callers.models import CallerList
from callers.selectors import entry_search, recent_lookups_for
from callers.services import CallersInvalid, caller_block


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
        caller_list = list_for(request, list_id, "change")
        try:
            entry = caller_block(
                caller_list=caller_list,
                number=str(request.data.get("number", "")),
                reason=str(request.data.get("reason", ""))[:200],
                actor=request.user,
            )
        except CallersInvalid as error:
            raise refused(error) from error
        return Response(CallerEntrySerializer(entry).data, status=status.HTTP_201_CREATED)
