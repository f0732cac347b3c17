"""The calendars API's writes of one calendar: create, read, replace or patch, delete, the emergency switch,
copying a day's hours and holiday imports. Each answers the calendar's document with `"sync"` (sync.api).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FileUploadParser, FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calendars.api.serializers import (
    OBJECT_LIST,
    CalendarInputSerializer,
    CopyDayInputSerializer,
    EmergencyInputSerializer,
    ImportInputSerializer,
    calendar_document,
)
from calendars.ics import ics_from_rules
from calendars.models import Calendar
from calendars.rows import calendar_data, calendar_spec
from calendars.selectors import (
    calendar_list,
)
from calendars.services import (
    CalendarInvalid,
    ImportResult,
    SaveResult,
    calendar_create,
    calendar_delete,
    calendar_update,
    emergency_switch_off,
    emergency_switch_on,
    holidays_import,
    ics_import,
    weekly_hours_copy,
)
from core.errors import error_tree
from core.permissions import ObjectRulesPermission
from sync.api import SyncAnswerSerializer, sync_response
from sync.outbox import SyncResult


def refused(error: CalendarInvalid, own_holidays: int | None = None, strip: str = "") -> ValidationError:
    """The service's field errors as DRF's 400; a shared profile's holidays (index past the calendar's
    own) are reported on `holiday_profiles`."""

    def parts_for(parts: list[str]) -> list[str]:
        if own_holidays is not None and parts[0] == "holidays" and len(parts) > 1:
            return ["holiday_profiles"] if int(parts[1]) >= own_holidays else parts
        return parts

    return ValidationError(error_tree(error.field_errors, strip=strip, parts_for=parts_for))


def answer(result: SaveResult | SyncResult, created: bool = False) -> Response:
    if isinstance(result, SyncResult):
        return sync_response({}, result)
    # A binding UCCX refused (or queued) is the answer's outcome too, not hidden behind the calendar's.
    worst = next((s for state in ("failed", "queued") for s in result.syncs if s.state == state), result.sync)
    return sync_response(calendar_document(result.calendar), worst, created=created)


class CalendarActionPermission(ObjectRulesPermission):
    """Sub-resources of a calendar (emergency switch, imports, previews): reading needs `view`, any write
    `change` on the calendar, whatever the HTTP method."""

    def _perm(self, request: Request, view: Any) -> str:
        action = "view" if request.method in ("GET", "HEAD", "OPTIONS") else "change"
        return f"calendars.{action}_calendar"


class CalendarApi(APIView):
    queryset = Calendar.objects.all()

    def get_queryset(self) -> QuerySet[Calendar]:
        return calendar_list(self.request.user)

    def calendar(self, pk: int) -> Calendar:
        calendar = get_object_or_404(Calendar, pk=pk)
        self.check_object_permissions(self.request, calendar)
        return calendar


class CalendarListApi(CalendarApi):
    @extend_schema(
        summary="List the calendars you may see",
        description=(
            "Each calendar as the API writes it (weekly hours, shift patterns, holidays, special days, "
            "prompts), with its state now, its emergency switch and how far UCCX's copy of its dates reaches."
        ),
        responses=OBJECT_LIST,
        operation_id="calendars_list",
    )
    def get(self, request: Request) -> Response:
        return Response([calendar_document(calendar) for calendar in self.get_queryset()])

    @extend_schema(
        summary="Create a calendar",
        description=(
            "Validates the whole calendar first (UCCX's name rules, the calendar engine, UCCX's limits of 3 "
            "intervals a day, 40 holidays and 40 special days) and answers 400 with every problem by field. "
            "The answer's `sync` says whether UCCX has it (200, applied), will get it (202, queued: UCCX is "
            "down or read-only) or refused it. "
        ),
        request=CalendarInputSerializer,
        responses={201: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT},
    )
    def post(self, request: Request) -> Response:
        serializer = CalendarInputSerializer(data=request.data, user=request.user)
        serializer.is_valid(raise_exception=True)
        data = serializer.to_data()
        try:
            return answer(calendar_create(actor=request.user, data=data), created=True)
        except CalendarInvalid as error:
            raise refused(error, len(data.holidays)) from error


class CalendarDetailApi(CalendarApi):
    @extend_schema(
        summary="Read one calendar",
        description=("The calendar as a document you can change and PUT back, with its state now."),
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(calendar_document(self.calendar(pk)))

    def _update(self, request: Request, pk: int, partial: bool) -> Response:
        calendar = self.calendar(pk)
        serializer = CalendarInputSerializer(data=request.data, partial=partial, user=request.user)
        serializer.is_valid(raise_exception=True)
        data = serializer.to_data(calendar_data(calendar) if partial else None)
        try:
            return answer(calendar_update(calendar=calendar, actor=request.user, data=data))
        except CalendarInvalid as error:
            raise refused(error, len(data.holidays)) from error

    @extend_schema(
        summary="Replace a calendar",
        description=(
            "The whole calendar: lists you leave out become empty. Validated like a create. The answer's "
            "`sync` says whether UCCX has it (200, applied), will get it (202, queued: UCCX is down or "
            "read-only) or refused it. "
        ),
        request=CalendarInputSerializer,
        responses={200: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT},
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(
        summary="Change some of a calendar",
        description=(
            "Only the fields you send change; the rest stays. Validated like a create. The answer's `sync` "
            "says whether UCCX has it (200, applied), will get it (202, queued: UCCX is down or read-only) "
            "or refused it. "
        ),
        request=CalendarInputSerializer,
        responses={200: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT},
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    @extend_schema(
        summary="Delete a calendar",
        description=(
            "Deleted here at once and in UCCX as soon as it takes changes. UCCX refuses while an "
            "application still uses the calendar: the answer says so."
        ),
        responses={200: SyncAnswerSerializer, 202: SyncAnswerSerializer},
    )
    def delete(self, request: Request, pk: int) -> Response:
        try:
            return answer(calendar_delete(calendar=self.calendar(pk), actor=request.user))
        except CalendarInvalid as error:
            raise refused(error) from error


class EmergencyApi(CalendarApi):
    """POST turns the emergency switch on (force closed or force open), DELETE turns it off."""

    permission_classes = [CalendarActionPermission]

    @extend_schema(
        summary="Turn the emergency switch on",
        description=(
            "Force closed or force open, now, with a note (IVR scripts get it as `reason`), an optional "
            "prompt and an optional end. Overrides holidays, special days and hours at once. The answer's "
            "`sync` says whether UCCX has it (200, applied), will get it (202, queued: UCCX is down or "
            "read-only) or refused it. "
        ),
        request=EmergencyInputSerializer,
        responses={200: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT},
    )
    def post(self, request: Request, pk: int) -> Response:
        calendar = self.calendar(pk)
        serializer = EmergencyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            return answer(
                emergency_switch_on(calendar=calendar, actor=request.user, **serializer.validated_data)
            )
        except CalendarInvalid as error:
            raise refused(error, strip="emergency.") from error

    @extend_schema(
        summary="Turn the emergency switch off",
        description=(
            "The calendar follows its hours, holidays and special days again. The answer's `sync` says "
            "whether UCCX has it (200, applied), will get it (202, queued: UCCX is down or read-only) or "
            "refused it. "
        ),
        responses={200: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT},
    )
    def delete(self, request: Request, pk: int) -> Response:
        return answer(emergency_switch_off(calendar=self.calendar(pk), actor=request.user))


class CopyDayApi(CalendarApi):
    """Copy one weekday's hours to other weekdays."""

    permission_classes = [CalendarActionPermission]

    @extend_schema(
        summary="Copy one weekday's hours to others",
        description=(
            "`from_day` and `to_days` are weekdays 0 (Monday) to 6 (Sunday); `pattern` names a shift "
            "pattern by index instead of the weekly hours. The answer's `sync` says whether UCCX has it "
            "(200, applied), will get it (202, queued: UCCX is down or read-only) or refused it. "
        ),
        request=CopyDayInputSerializer,
        responses={200: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT},
    )
    def post(self, request: Request, pk: int) -> Response:
        calendar = self.calendar(pk)
        serializer = CopyDayInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pattern = serializer.validated_data["pattern"]
        if pattern is not None and not 0 <= pattern < calendar.shift_patterns.count():
            raise ValidationError({"pattern": ["There is no shift pattern with this index."]})
        try:
            return answer(
                weekly_hours_copy(calendar=calendar, actor=request.user, **serializer.validated_data)
            )
        except CalendarInvalid as error:
            raise refused(error) from error


def _imported(result: ImportResult, calendar: Calendar) -> Response:
    body: dict[str, Any] = {"added": result.added, "skipped": result.skipped}
    if result.saved is None:
        return Response({**body, **calendar_document(calendar), "sync": None})
    response = answer(result.saved)
    response.data = {**body, **response.data}
    return response


class HolidayImportApi(CalendarApi):
    """Add the public holidays of a country (and subdivision) from the `holidays` package."""

    permission_classes = [CalendarActionPermission]

    @extend_schema(
        summary="Import a country's public holidays",
        description=(
            "From the `holidays` package: one date per holiday and year (default this year and next), "
            "for `country` (ISO code) and optional `subdivision`. Dates already there are skipped and "
            "counted."
        ),
        request=ImportInputSerializer,
        responses={200: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT},
    )
    def post(self, request: Request, pk: int) -> Response:
        calendar = self.calendar(pk)
        serializer = ImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        year = timezone.now().year
        params = {"years": [year, year + 1], **serializer.validated_data}
        try:
            return _imported(holidays_import(calendar=calendar, actor=request.user, **params), calendar)
        except CalendarInvalid as error:
            raise refused(error) from error


class IcsApi(CalendarApi):
    """GET: the calendar's holidays as an .ics file. POST: import an .ics file (multipart field `file`, or the
    file itself as the body with Content-Type text/calendar)."""

    permission_classes = [CalendarActionPermission]
    parser_classes = [MultiPartParser, FormParser, FileUploadParser]

    @extend_schema(
        summary="Download the holidays as an .ics file",
        description=(
            "Every holiday rule of the calendar (its own and its profiles'), recurring ones as RRULEs."
        ),
        responses={(200, "text/calendar"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        calendar = self.calendar(pk)
        today = timezone.now().astimezone(ZoneInfo(calendar.time_zone)).date()
        body = ics_from_rules(
            calendar.name, calendar.time_zone, list(calendar_spec(calendar).holidays), today
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{calendar.name}-holidays.ics"'
        return response

    @extend_schema(
        summary="Import an .ics file",
        description=(
            "Each event becomes a holiday (all day, or a window for timed events; RRULEs kept). A file that "
            "is not iCalendar, too large or with unsupported events is refused with the reason; nothing is "
            "half-imported."
        ),
        request={"multipart/form-data": OpenApiTypes.OBJECT},
        responses=OpenApiTypes.OBJECT,
    )
    def post(self, request: Request, pk: int) -> Response:
        calendar = self.calendar(pk)
        upload = request.data.get("file")
        if upload is None:
            raise ValidationError({"file": ["Send the .ics file as the multipart field 'file'."]})
        try:
            return _imported(ics_import(calendar=calendar, actor=request.user, data=upload.read()), calendar)
        except CalendarInvalid as error:
            raise refused(error) from error
