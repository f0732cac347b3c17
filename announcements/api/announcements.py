"""Announcements: what plays for a call, when; and the preview of what plays for a call and when one
announcement plays in the coming days."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from announcements import services
from announcements.api.base import BaseApi, DetailApi, ListApi, documented
from announcements.api.serializers import AnnouncementSerializer
from announcements.matching import MAX_NUMBER_LENGTH
from announcements.models import Announcement
from announcements.selectors import call_preview, next_days
from core.ivr import IvrError, parse_at


class _AnnouncementMixin(BaseApi):
    model = Announcement
    serializer_class = AnnouncementSerializer

    def save(self, values: dict[str, Any], obj: Any) -> Any:
        values = {
            **values,
            "services": tuple(values.get("services", ())),
            "regions": tuple(values.get("regions", ())),
        }
        values["days_of_week"] = tuple(values.get("days_of_week", ()))
        result = services.announcement_save(
            actor=self.request.user, data=services.AnnouncementData(**values), announcement=obj
        )
        return result.announcement


@documented(
    get=(
        "List the announcements you may see",
        (
            "Each announcement with its prompt, the services and regions it plays for, its kind, priority and"
            " schedule (dates, days of the week, times)."
        ),
    ),
    post=(
        "Create an announcement",
        (
            "Validates the prompt, targets and schedule and answers 400 with every problem by field; the IVR "
            "plays it from the next snapshot."
        ),
    ),
)
class AnnouncementListApi(_AnnouncementMixin, ListApi):
    pass


@documented(
    get=("Read one announcement", "The announcement as a document you can change and PUT back."),
    put=(
        "Change an announcement",
        "Replaces the announcement's prompt, targets and schedule. Answers 400 with every problem by field.",
    ),
    delete=(
        "Delete an announcement",
        "Removes the announcement; the IVR stops playing it from the next snapshot.",
    ),
)
class AnnouncementDetailApi(_AnnouncementMixin, DetailApi):
    def delete_object(self, obj: Any) -> None:
        services.announcement_delete(actor=self.request.user, announcement=obj)


class PreviewApi(APIView):
    """What plays for a call to `dn` from `ani` at `at`, as the IVR answers it (with its schedule)."""

    queryset = Announcement.objects.all()

    @extend_schema(
        summary="Preview what plays for a call",
        description=(
            "What the IVR would play for a call to `dn` from `ani` at `at` (default now), optionally of one "
            "`kind` only, answered exactly as the IVR API answers it, with the service it matched."
        ),
        parameters=[
            OpenApiParameter("dn", str),
            OpenApiParameter("ani", str),
            OpenApiParameter("at", str, description="ISO 8601 with offset; empty: now."),
            OpenApiParameter("kind", str, enum=list(Announcement.Kind.values)),
        ],
        responses=inline_serializer(
            "AnnouncementPreview",
            {
                "at": serializers.DateTimeField(),
                "service": serializers.DictField(allow_null=True),
                "count": serializers.IntegerField(),
                "announcement": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        try:
            at = parse_at(request)  # the same reading of `at` as the IVR API
        except IvrError as error:
            raise ValidationError({"at": [error.detail]}) from None
        for name in ("dn", "ani"):
            if len(request.query_params.get(name, "")) > MAX_NUMBER_LENGTH:
                raise ValidationError({name: [f"At most {MAX_NUMBER_LENGTH} characters."]})
        kind = request.query_params.get("kind") or None
        if kind is not None and kind not in Announcement.Kind.values:
            raise ValidationError({"kind": [f"Choose one of {', '.join(Announcement.Kind.values)}."]})
        preview = call_preview(
            dn=request.query_params.get("dn", ""), ani=request.query_params.get("ani", ""), at=at, kind=kind
        )
        service = preview.service
        return Response(
            {
                "at": at,
                "service": None
                if service is None
                else {"name": service.name, "calendar": service.calendar, "target": service.target},
                "count": len(preview.playing),
                "announcement": [spec.as_answer() for spec in preview.playing],
            }
        )


class NextDaysApi(APIView):
    queryset = Announcement.objects.all()

    @extend_schema(
        summary="When an announcement plays in the coming days",
        description=(
            "The periods (start, end) in which the announcement's schedule makes it play over the next days, "
            "so a supervisor can check a schedule before relying on it."
        ),
        responses=inline_serializer(
            "AnnouncementPeriod",
            {"start": serializers.DateTimeField(), "end": serializers.DateTimeField()},
            many=True,
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        row = get_object_or_404(Announcement, pk=pk)
        self.check_object_permissions(request, row)
        spans = next_days(row, now=timezone.now())
        return Response([{"start": start, "end": end} for start, end in spans])
