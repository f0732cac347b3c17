"""IVR endpoint `GET /ivr/v1/calendars/{name}/status[?at=]` (contract: docs/ivr-api.md).

Answered from this process's copy of the calendars snapshot (core/snapshots.py): no query, never UCCX,
so a script's *Make REST Call* gets its answer in milliseconds whatever UCCX or the database does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers

from calendars.engine import CalendarStatus
from calendars.snapshot import CalendarSet, calendar_snapshots
from core.ivr import IVR_ERROR_RESPONSES, IvrError, IvrView, parse_at

CalendarStatusSerializer = inline_serializer(
    "IvrCalendarStatus",
    {
        "calendar": serializers.CharField(),
        "state": serializers.ChoiceField(["open", "closed", "holiday", "emergency"]),
        "is_open": serializers.BooleanField(),
        "reason": serializers.CharField(),
        "prompt": serializers.CharField(),
        "next_change": serializers.DateTimeField(allow_null=True),
        "next_open": serializers.DateTimeField(allow_null=True),
        "time_zone": serializers.CharField(),
        "evaluated_at": serializers.DateTimeField(),
    },
)


class CalendarStatusIvr(IvrView):
    """The state of one business calendar now (or at `at`), as a UCCX script reads it."""

    xml_item_names: dict[str, str] = {}  # no list fields

    @extend_schema(
        operation_id="ivr_calendar_status",
        summary="Which state a business calendar is in (for UCCX scripts)",
        tags=["IVR"],
        parameters=[
            OpenApiParameter(
                "at", OpenApiTypes.DATETIME, description="Evaluate at this instant (with offset)."
            ),
            OpenApiParameter("format", str, enum=["json", "xml"], description="xml: XML for XPath."),
        ],
        responses={200: CalendarStatusSerializer, **IVR_ERROR_RESPONSES},
    )
    def get(self, request: HttpRequest, name: str) -> dict[str, Any]:
        return calendar_status_answer(self.read(calendar_snapshots), name, parse_at(request))


def calendar_status_answer(calendars: CalendarSet, name: str, at: datetime) -> dict[str, Any]:
    """The answer for calendar `name` at `at` (also what `/ivr/v1/call` nests); IvrError 404 / 400."""
    compiled = calendars.get(name)
    if compiled is None:
        raise IvrError("not_found", f"There is no calendar named {name!r}.", 404)
    try:
        status = compiled.evaluate(at)
    except ValueError as error:  # a year the engine does not evaluate
        raise IvrError("bad_parameter", f"The parameter 'at' is out of range: {error}") from error
    return status_answer(status)


def status_answer(status: CalendarStatus) -> dict[str, Any]:
    """The contract's fields of a calendar status, in its order (also what `/ivr/v1/call` nests)."""
    return {
        "calendar": status.calendar,
        "state": status.state,
        "is_open": status.is_open,
        "reason": status.reason,
        "prompt": status.prompt,
        "next_change": _iso(status.next_change),
        "next_open": _iso(status.next_open),
        "time_zone": status.time_zone,
        "evaluated_at": _iso(status.evaluated_at),
    }


def _iso(moment: Any) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")
