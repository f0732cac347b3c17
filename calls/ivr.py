"""IVR endpoint `GET /ivr/v1/call?dn=&ani=[&calendar=][&at=]` (contract: docs/ivr-api.md).

Everything a UCCX script needs for one call in one *Make REST Call*: the calendar status, the caller
profile and the announcements, each built by the same function its own endpoint answers with, from the
same snapshots and at the same instant, and the decision the script acts on first (`action`, `prompt`,
`target`). Script writers' guide: docs/uccx-scripts.md.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers

from announcements.ivr import AnnouncementItems, announcements_answer
from announcements.publish import announcement_snapshots
from calendars.ivr import CalendarStatusSerializer, calendar_status_answer
from calendars.snapshot import calendar_snapshots
from callers.ivr import CallerProfileSerializer, caller_answer
from callers.snapshot import callers_snapshot
from core.ivr import IVR_ERROR_RESPONSES, IvrError, IvrView, parse_at

CALENDAR_NAME_MAX = 200

CallAnswer = inline_serializer(
    "IvrCall",
    {
        "action": serializers.ChoiceField(
            ["blocked", "closed", "route"],
            help_text="blocked: play prompt, end the call; closed: play prompt; route: play the "
            "announcements, then queue to target (or the script's default).",
        ),
        "prompt": serializers.CharField(help_text="The prompt for blocked or closed; empty for route."),
        "target": serializers.CharField(help_text="For route: the caller's override, else the service's."),
        "calendar": type(CalendarStatusSerializer)(allow_null=True),  # null (an empty element): no calendar
        "caller": CallerProfileSerializer,
        "count": serializers.IntegerField(),
        "announcement": AnnouncementItems,
    },
)


def decide(
    calendar: dict[str, Any] | None, caller: dict[str, Any], service_target: str
) -> tuple[str, str, str]:
    """(action, prompt, target): a blocked caller first, then a calendar that is not open, else route."""
    if caller["blocked"]:
        return "blocked", caller["prompt"] or "", ""
    if calendar is not None and not calendar["is_open"]:
        return "closed", calendar["prompt"] or "", ""
    return "route", "", caller["target"] or service_target or ""


class CallIvr(IvrView):
    """One call: what to do first, with the calendar status, caller profile and announcements nested."""

    xml_item_names = {"lists": "list"}  # /response/caller/list (repeated); `announcement` repeats itself

    @extend_schema(
        operation_id="ivr_call",
        summary="Everything a script needs for one call, in one request (for UCCX scripts)",
        tags=["IVR"],
        parameters=[
            OpenApiParameter("dn", str, required=True, description="The dialled service number."),
            OpenApiParameter("ani", str, description="The calling number; empty for a withheld one."),
            OpenApiParameter("calendar", str, description="The calendar when the service has none."),
            OpenApiParameter(
                "at", OpenApiTypes.DATETIME, description="Evaluate at this instant (with offset)."
            ),
            OpenApiParameter("format", str, enum=["json", "xml"], description="xml: XML for XPath."),
        ],
        responses={200: CallAnswer, **IVR_ERROR_RESPONSES},
    )
    def get(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        at = parse_at(request)
        dn, ani = (
            request.GET.get("dn", ""),
            request.GET.get("ani", ""),
        )  # each part reads them as its own endpoint
        if not dn.strip():
            raise IvrError("bad_parameter", "The parameter 'dn' (the dialled service number) is required.")
        announcements = self.read(announcement_snapshots)
        service = announcements.service(dn.strip())
        calendar = self._calendar(service.calendar if service and service.calendar else request, at)
        caller = caller_answer(self.read(callers_snapshot), ani, at=at, dn=dn)
        playing = announcements_answer(announcements, at=at, dn=dn, ani=ani)
        action, prompt, target = decide(calendar, caller, service.target if service else "")
        return {
            "action": action,
            "prompt": prompt,
            "target": target,
            "calendar": calendar,
            "caller": caller,
            **playing,
        }

    def _calendar(self, source: str | HttpRequest, at: datetime) -> dict[str, Any] | None:
        """The service's own calendar, else the one the script names; None when neither names one."""
        name = source if isinstance(source, str) else source.GET.get("calendar", "").strip()
        if not name:
            return None
        if len(name) > CALENDAR_NAME_MAX:
            raise IvrError("bad_parameter", f"The parameter 'calendar' is longer than {CALENDAR_NAME_MAX}.")
        return calendar_status_answer(self.read(calendar_snapshots), name, at)
