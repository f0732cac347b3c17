"""The calendars API's reads: previews ("what will callers get at ...?"), transitions, the dashboard and the
countries whose public holidays can be imported.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calendars.api.calendars import CalendarActionPermission, CalendarApi
from calendars.api.serializers import OBJECT_LIST, StatusSerializer, status_data
from calendars.engine import (
    limits,
    supported_countries,
)
from calendars.models import Calendar
from calendars.selectors import (
    calendar_dashboard,
    calendar_preview,
    calendar_transitions,
)


def _instant(request: Request, name: str, default: datetime | None, days: int = 0) -> datetime | None:
    """The query parameter `name` as an aware datetime within the years the engine evaluates (with
    `days` more after it, for a preview of that many days)."""
    raw = request.query_params.get(name, "").strip().replace(" ", "+")
    if not raw:
        return default
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        example = "2026-12-24T09:30:00+01:00"
        raise ValidationError(
            {name: [f"Give an ISO 8601 date and time with a UTC offset, e.g. {example}; got {raw!r}."]}
        )
    try:
        last = (value + timedelta(days=days + 1)).year  # a day of margin for any time zone
    except OverflowError:
        last = limits.MAX_YEAR + 1
    if value.year < limits.MIN_YEAR or last > limits.MAX_YEAR:
        span = f" with the {days} days after it" if days else ""
        raise ValidationError(
            {
                name: [
                    f"Only the years {limits.MIN_YEAR} to {limits.MAX_YEAR} can be evaluated; "
                    f"give {name}{span} within them."
                ]
            }
        )
    return value


class PreviewApi(CalendarApi):
    """What callers get at `at` (default now): the IVR endpoint's answer."""

    permission_classes = [CalendarActionPermission]

    @extend_schema(
        summary="What callers get at an instant",
        description=(
            "Exactly what `GET /ivr/v1/calendars/{name}/status` answers at `at` (default now): state, "
            "is_open, reason, prompt, next_change (when state or is_open change) and next_open (when callers "
            "are next "
            "routed to agents)."
        ),
        parameters=[OpenApiParameter("at", OpenApiTypes.DATETIME, description="ISO 8601 with offset")],
        responses=StatusSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        calendar = self.calendar(pk)
        return Response(status_data(calendar_preview(calendar, _instant(request, "at", timezone.now()))))


class TransitionsApi(CalendarApi):
    """The state from `start` (default now) and each change in the next `days` (default 14, at most 366)."""

    permission_classes = [CalendarActionPermission]

    @extend_schema(
        summary="The calendar's changes over the coming days",
        description=(
            "The status at `start` (default now) and at every change of what callers get (state, "
            "reason or prompt) in the next `days` days (default 14, at most 366)."
        ),
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATETIME),
            OpenApiParameter("days", OpenApiTypes.INT),
        ],
        responses=StatusSerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        calendar = self.calendar(pk)
        days = request.query_params.get("days", "14")
        if not days.isdigit() or not 1 <= int(days) <= 366:
            raise ValidationError({"days": ["Give a whole number of days from 1 to 366."]})
        start = _instant(request, "start", None, int(days))
        return Response([status_data(s) for s in calendar_transitions(calendar, start, int(days))])


class DashboardApi(CalendarApi):
    """Every calendar you may see, its state now and its emergency switch."""

    @extend_schema(
        summary="Every calendar's state now",
        description=(
            "For each calendar you may see: its status now, its emergency switch and whether UCCX has its "
            "latest change."
        ),
        responses=OBJECT_LIST,
    )
    def get(self, request: Request) -> Response:
        return Response(
            [
                {
                    "id": row.calendar.pk,
                    "name": row.calendar.name,
                    "status": status_data(row.status),
                    "emergency": {
                        "active": row.emergency_active,
                        "mode": row.calendar.emergency_mode or None,
                        "note": row.calendar.emergency_note,
                        "expires_at": row.calendar.emergency_expires_at,
                    },
                    "sync": None
                    if row.sync is None
                    else {"state": row.sync.state, "since": row.sync.since, "detail": row.sync.detail},
                    "can_edit": row.can_edit,
                }
                for row in calendar_dashboard(request.user)
            ]
        )


class CountriesApi(APIView):
    """Countries (ISO codes) and their subdivisions that holidays can be imported for."""

    queryset = Calendar.objects.all()

    @extend_schema(
        summary="Countries holidays can be imported for",
        description=(
            "ISO country codes mapped to the codes of their subdivisions (states, cantons, regions)."
        ),
        responses=inline_serializer("Countries", {"countries": serializers.DictField()}),
    )
    def get(self, request: Request) -> Response:
        return Response({"countries": supported_countries()})
