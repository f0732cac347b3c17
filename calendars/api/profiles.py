"""The calendars API's shared holiday profiles: every calendar using one is re-checked and re-queued for
UCCX on a change, so the answer carries one `"sync"` per calendar.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calendars.api.calendars import refused
from calendars.api.serializers import OBJECT_LIST, HolidayProfileInputSerializer, profile_document
from calendars.models import HolidayProfile
from calendars.selectors import (
    holiday_profile_list,
)
from calendars.services import (
    CalendarInvalid,
    holiday_profile_delete,
    holiday_profile_save,
)
from sync.api import sync_status
from sync.outbox import SyncResult


def _profile_answer(profile: HolidayProfile, results: list[SyncResult], created: bool = False) -> Response:
    document = {**profile_document(profile), "sync": [r.as_dict() for r in results]}
    return Response(document, status=sync_status(results, created=created))


class HolidayProfileListApi(APIView):
    queryset = HolidayProfile.objects.all()

    def get_queryset(self) -> QuerySet[HolidayProfile]:
        return holiday_profile_list(self.request.user)

    @extend_schema(
        summary="List the holiday profiles",
        description=("Shared holiday lists that several calendars use, with the calendars using each."),
        responses=OBJECT_LIST,
        operation_id="holiday_profiles_list",
    )
    def get(self, request: Request) -> Response:
        return Response(
            [profile_document(p) for p in self.get_queryset().prefetch_related("holidays", "calendars")]
        )

    @extend_schema(
        summary="Create a holiday profile",
        description=("A named list of holiday rules; validated like a calendar's own holidays."),
        request=HolidayProfileInputSerializer,
        responses={201: OpenApiTypes.OBJECT},
    )
    def post(self, request: Request) -> Response:
        serializer = HolidayProfileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = {**serializer.validated_data, "holidays": tuple(serializer.validated_data["holidays"])}
        try:
            profile, results = holiday_profile_save(profile=None, actor=request.user, **values)
        except CalendarInvalid as error:
            raise refused(error) from error
        return _profile_answer(profile, results, created=True)


class HolidayProfileDetailApi(APIView):
    queryset = HolidayProfile.objects.all()

    def profile(self, pk: int) -> HolidayProfile:
        profile = get_object_or_404(HolidayProfile, pk=pk)
        self.check_object_permissions(self.request, profile)
        return profile

    @extend_schema(
        summary="Read one holiday profile",
        description=("Its holiday rules and the calendars that use it."),
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(profile_document(self.profile(pk)))

    @extend_schema(
        summary="Replace a holiday profile",
        description=(
            "Every calendar that uses the profile is checked against UCCX's limits first and rewritten "
            "in UCCX after the save."
        ),
        request=HolidayProfileInputSerializer,
        responses={200: OpenApiTypes.OBJECT},
    )
    def put(self, request: Request, pk: int) -> Response:
        profile = self.profile(pk)
        serializer = HolidayProfileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = {**serializer.validated_data, "holidays": tuple(serializer.validated_data["holidays"])}
        try:
            profile, results = holiday_profile_save(profile=profile, actor=request.user, **values)
        except CalendarInvalid as error:
            raise refused(error) from error
        return _profile_answer(profile, results)

    @extend_schema(
        summary="Delete a holiday profile",
        description=("The calendars that used it lose its holidays; each is rewritten in UCCX."),
        responses={200: OpenApiTypes.OBJECT},
    )
    def delete(self, request: Request, pk: int) -> Response:
        profile = self.profile(pk)
        try:
            results = holiday_profile_delete(profile=profile, actor=request.user)
        except CalendarInvalid as error:
            raise refused(error) from error
        queued = any(r.state != "applied" for r in results)
        return Response({"sync": [r.as_dict() for r in results]}, status=202 if queued else 200)
