"""Management API of business calendars (under /api/v1/calendars/): thin views over services and selectors.

A calendar is one JSON document (the shape of the engine's spec plus its own fields); PUT replaces it,
PATCH replaces the parts given. The emergency switch, holiday imports and the .ics file have their own
endpoints. Saves answer 200/201 with `"sync": {...}` once UCCX took the change, 202 while it is queued.
Bad input answers 400 with field errors at the same paths as the document (`weekly.friday[1]` is
`{"weekly": {"friday": {"1": [...]}}}`), and nothing is saved.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FileUploadParser, FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calendars.data import CalendarData
from calendars.engine import (
    CalendarSpec,
    CalendarStatus,
    HolidayRule,
    Prompts,
    ShiftPattern,
    SpecialDay,
    WeeklyHours,
    limits,
    supported_countries,
)
from calendars.ics import ics_from_rules
from calendars.models import Calendar, HolidayProfile
from calendars.parsing import parse_interval
from calendars.rows import calendar_data, calendar_spec, holiday_rule
from calendars.selectors import (
    calendar_dashboard,
    calendar_list,
    calendar_preview,
    calendar_transitions,
    emergency_active,
    holiday_profile_list,
    uccx_projection,
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
    holiday_profile_delete,
    holiday_profile_save,
    holidays_import,
    ics_import,
    weekly_hours_copy,
)
from calendars.snapshot import (
    interval_text,
    period_to_data,
    spec_to_data,
    weekly_to_data,
    when_from_data,
    when_to_data,
)
from core.api_input import BoundedListField
from core.errors import error_tree
from core.models import Team
from core.permissions import ObjectRulesPermission
from sync.api import sync_response, sync_status
from sync.outbox import SyncResult

# --- errors ---------------------------------------------------------------------------------------


def _refused(error: CalendarInvalid, own_holidays: int | None = None, strip: str = "") -> ValidationError:
    """The service's field errors as DRF's 400; a shared profile's holidays (index past the calendar's
    own) are reported on `holiday_profiles`."""

    def parts_for(parts: list[str]) -> list[str]:
        if own_holidays is not None and parts[0] == "holidays" and len(parts) > 1:
            return ["holiday_profiles"] if int(parts[1]) >= own_holidays else parts
        return parts

    return ValidationError(error_tree(error.field_errors, strip=strip, parts_for=parts_for))


# --- fields and serializers -----------------------------------------------------------------------


class IntervalField(serializers.CharField):
    """`08:00-12:00`; an end at or before the start runs past midnight (weekly hours only)."""

    def to_internal_value(self, data: Any) -> Any:
        try:
            return parse_interval(super().to_internal_value(data))
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def to_representation(self, value: Any) -> str:
        return interval_text(value)


def _intervals(**kwargs: Any) -> serializers.ListField:
    return BoundedListField(
        child=IntervalField(), required=False, default=list, max_length=limits.MAX_INTERVALS_PER_DAY, **kwargs
    )


class WeeklySerializer(serializers.Serializer):
    monday = _intervals()
    tuesday = _intervals()
    wednesday = _intervals()
    thursday = _intervals()
    friday = _intervals()
    saturday = _intervals()
    sunday = _intervals()

    def to_internal_value(self, data: Any) -> WeeklyHours:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise ValidationError({key: ["Not a weekday: use monday ... sunday."] for key in unknown})
        return WeeklyHours(**super().to_internal_value(data))

    def to_representation(self, instance: WeeklyHours) -> dict[str, list[str]]:
        return weekly_to_data(instance)


_WHEN_FIELDS = {
    "date": ("date",),
    "range": ("start", "end"),
    "yearly": ("month", "day"),
    "nth_weekday": ("month", "weekday", "nth"),
    "easter": ("days",),
    "rrule": ("rule", "dtstart"),
}
_PERIOD_FIELDS = {
    "range": ("start", "end"),
    "yearly_range": ("start_month", "start_day", "end_month", "end_day"),
}


class _KindSerializer(serializers.Serializer):
    """A tagged union: `kind` says which of the optional fields are required."""

    fields_by_kind: dict[str, tuple[str, ...]] = {}

    def validate(self, attrs: dict[str, Any]) -> Any:
        needed = self.fields_by_kind[attrs["kind"]]
        missing = {name: [f"Required when kind is {attrs['kind']}."] for name in needed if name not in attrs}
        if missing:
            raise ValidationError(missing)
        return when_from_data({"kind": attrs["kind"], **{name: attrs[name] for name in needed}})


class WhenSerializer(_KindSerializer):
    fields_by_kind = _WHEN_FIELDS
    kind = serializers.ChoiceField(choices=list(_WHEN_FIELDS))
    date = serializers.DateField(required=False)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    month = serializers.IntegerField(required=False)
    day = serializers.IntegerField(required=False)
    weekday = serializers.IntegerField(required=False, help_text="0 = Monday ... 6 = Sunday")
    nth = serializers.IntegerField(required=False, help_text="1..5 from the start of the month, -1 = last")
    days = serializers.IntegerField(required=False, help_text="days after Easter Sunday (-2 = Good Friday)")
    rule = serializers.CharField(
        max_length=limits.MAX_RRULE_LENGTH,
        required=False,
        help_text="RRULE body, e.g. FREQ=YEARLY;BYMONTH=11;BYDAY=4TH",
    )
    dtstart = serializers.DateField(required=False)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return when_to_data(instance)


class PeriodSerializer(_KindSerializer):
    fields_by_kind = _PERIOD_FIELDS
    kind = serializers.ChoiceField(choices=list(_PERIOD_FIELDS))
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    start_month = serializers.IntegerField(required=False)
    start_day = serializers.IntegerField(required=False)
    end_month = serializers.IntegerField(required=False)
    end_day = serializers.IntegerField(required=False)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return period_to_data(instance)


class HolidaySerializer(serializers.Serializer):
    name = serializers.CharField()
    when = WhenSerializer()
    window = IntervalField(required=False, allow_null=True, default=None, help_text="partial-day closure")
    prompt = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> HolidayRule:
        return HolidayRule(**attrs)


class SpecialDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField()
    intervals = _intervals(help_text="empty: closed all day")
    prompt = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> SpecialDay:
        return SpecialDay(attrs["date"], attrs["name"], tuple(attrs["intervals"]), attrs["prompt"])


class ShiftPatternSerializer(serializers.Serializer):
    name = serializers.CharField()
    weekly = WeeklySerializer()
    periods = BoundedListField(child=PeriodSerializer(), max_length=limits.MAX_PERIODS_PER_PATTERN)

    def validate(self, attrs: dict[str, Any]) -> ShiftPattern:
        return ShiftPattern(attrs["name"], attrs["weekly"], tuple(attrs["periods"]))


class PromptsSerializer(serializers.Serializer):
    closed = serializers.CharField(required=False, allow_blank=True, default="")
    after_hours = serializers.CharField(required=False, allow_blank=True, default="")
    holiday = serializers.CharField(required=False, allow_blank=True, default="")
    emergency = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> Prompts:
        return Prompts(**attrs)


class CalendarInputSerializer(serializers.Serializer):
    """The writable document; UCCX's rules (name, lengths, limits) are checked by the service."""

    name = serializers.CharField(allow_blank=True, trim_whitespace=False)
    time_zone = serializers.CharField(help_text="IANA time zone, e.g. Europe/Zurich")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), allow_null=True, required=False, default=None
    )
    uccx_application = serializers.CharField(required=False, allow_blank=True, default="")
    prompts = PromptsSerializer(required=False, default=Prompts)
    weekly = WeeklySerializer(required=False, default=WeeklyHours)
    shift_patterns = BoundedListField(
        child=ShiftPatternSerializer(), required=False, default=list, max_length=limits.MAX_SHIFT_PATTERNS
    )
    holidays = BoundedListField(
        child=HolidaySerializer(), required=False, default=list, max_length=limits.MAX_HOLIDAYS
    )
    holiday_profiles = serializers.PrimaryKeyRelatedField(
        many=True, queryset=HolidayProfile.objects.all(), required=False, default=list
    )
    special_days = BoundedListField(
        child=SpecialDaySerializer(), required=False, default=list, max_length=limits.MAX_SPECIAL_DAYS
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holiday_profiles"].child_relation.queryset = holiday_profile_list(user)

    def to_data(self, base: CalendarData | None = None) -> CalendarData:
        """The new state: the validated fields over `base` (PATCH) or alone (POST, PUT)."""
        values = dict(self.validated_data)
        for key in ("shift_patterns", "holidays", "holiday_profiles", "special_days"):
            if key in values:
                values[key] = tuple(values[key])
        if base is None:
            return CalendarData(**values)
        return CalendarData(**{**base.__dict__, **values})


class StatusSerializer(serializers.Serializer):
    """What callers get (the IVR endpoint's fields)."""

    calendar = serializers.CharField()
    state = serializers.ChoiceField(choices=["open", "closed", "holiday", "emergency"])
    is_open = serializers.BooleanField()
    reason = serializers.CharField()
    prompt = serializers.CharField()
    next_change = serializers.DateTimeField(
        allow_null=True, help_text="When state or is_open next change; null if not within a year."
    )
    next_open = serializers.DateTimeField(
        allow_null=True,
        help_text="When callers are next routed to agents; null while open or not within a year.",
    )
    time_zone = serializers.CharField()
    evaluated_at = serializers.DateTimeField()


def status_data(status_: CalendarStatus) -> dict[str, Any]:
    return {
        "calendar": status_.calendar,
        "state": status_.state,
        "is_open": status_.is_open,
        "reason": status_.reason,
        "prompt": status_.prompt,
        "next_change": status_.next_change.isoformat() if status_.next_change else None,
        "next_open": status_.next_open.isoformat() if status_.next_open else None,
        "time_zone": status_.time_zone,
        "evaluated_at": status_.evaluated_at.isoformat(),
    }


def calendar_document(calendar: Calendar) -> dict[str, Any]:
    """The calendar as the API shows it: the writable document plus state and UCCX's horizon."""
    data = calendar_data(calendar)
    own = spec_to_data(
        CalendarSpec(
            name=data.name,
            time_zone=data.time_zone,
            weekly=data.weekly,
            shift_patterns=data.shift_patterns,
            holidays=data.holidays,
            special_days=data.special_days,
            prompts=data.prompts,
        )
    )
    projection = uccx_projection(calendar)
    return {
        "id": calendar.pk,
        "name": calendar.name,
        "time_zone": calendar.time_zone,
        "description": calendar.description,
        "team": calendar.team_id,
        "uccx_application": calendar.uccx_application,
        "prompts": own["prompts"],
        "weekly": own["weekly"],
        "shift_patterns": own["shift_patterns"],
        "holidays": own["holidays"],
        "holiday_profiles": [profile.pk for profile in data.holiday_profiles],
        "special_days": own["special_days"],
        "emergency": {
            "mode": calendar.emergency_mode or None,
            "active": emergency_active(calendar),
            "note": calendar.emergency_note,
            "prompt": calendar.emergency_prompt,
            "expires_at": calendar.emergency_expires_at,
            "since": calendar.emergency_since,
        },
        "uccx": {
            "horizon_end": projection.horizon_end,
            "holidays": projection.holidays,
            "special_days": projection.special_days,
            "warnings": list(projection.warnings),
        },
        "version": calendar.version,
        "last_change": calendar.last_change,
        "updated_at": calendar.updated_at,
    }


def _answer(result: SaveResult | SyncResult, created: bool = False) -> Response:
    if isinstance(result, SyncResult):
        return sync_response({}, result)
    return sync_response(calendar_document(result.calendar), result.sync, created=created)


# --- permissions ----------------------------------------------------------------------------------


class CalendarActionPermission(ObjectRulesPermission):
    """Sub-resources of a calendar (emergency switch, imports, previews): reading needs `view`, any write
    `change` on the calendar, whatever the HTTP method."""

    def _perm(self, request: Request, view: Any) -> str:
        action = "view" if request.method in ("GET", "HEAD", "OPTIONS") else "change"
        return f"calendars.{action}_calendar"


class _CalendarApi(APIView):
    queryset = Calendar.objects.all()

    def get_queryset(self) -> QuerySet[Calendar]:
        return calendar_list(self.request.user)

    def calendar(self, pk: int) -> Calendar:
        calendar = get_object_or_404(Calendar, pk=pk)
        self.check_object_permissions(self.request, calendar)
        return calendar


# --- calendars ------------------------------------------------------------------------------------


class CalendarListApi(_CalendarApi):
    @extend_schema(
        responses=OpenApiTypes.OBJECT, summary="The calendars you may see", operation_id="calendars_list"
    )
    def get(self, request: Request) -> Response:
        return Response([calendar_document(calendar) for calendar in self.get_queryset()])

    @extend_schema(
        request=CalendarInputSerializer, responses={201: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT}
    )
    def post(self, request: Request) -> Response:
        serializer = CalendarInputSerializer(data=request.data, user=request.user)
        serializer.is_valid(raise_exception=True)
        data = serializer.to_data()
        try:
            return _answer(calendar_create(actor=request.user, data=data), created=True)
        except CalendarInvalid as error:
            raise _refused(error, len(data.holidays)) from error


class CalendarDetailApi(_CalendarApi):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        return Response(calendar_document(self.calendar(pk)))

    def _update(self, request: Request, pk: int, partial: bool) -> Response:
        calendar = self.calendar(pk)
        serializer = CalendarInputSerializer(data=request.data, partial=partial, user=request.user)
        serializer.is_valid(raise_exception=True)
        data = serializer.to_data(calendar_data(calendar) if partial else None)
        try:
            return _answer(calendar_update(calendar=calendar, actor=request.user, data=data))
        except CalendarInvalid as error:
            raise _refused(error, len(data.holidays)) from error

    @extend_schema(
        request=CalendarInputSerializer, responses={200: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT}
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(
        request=CalendarInputSerializer, responses={200: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT}
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT})
    def delete(self, request: Request, pk: int) -> Response:
        return _answer(calendar_delete(calendar=self.calendar(pk), actor=request.user))


class EmergencyInputSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=["force_closed", "force_open"])
    note = serializers.CharField(help_text="why; IVR scripts receive it as the reason")
    prompt = serializers.CharField(required=False, allow_blank=True, default="")
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class EmergencyApi(_CalendarApi):
    """POST turns the emergency switch on (force closed or force open), DELETE turns it off."""

    permission_classes = [CalendarActionPermission]

    @extend_schema(
        request=EmergencyInputSerializer, responses={200: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT}
    )
    def post(self, request: Request, pk: int) -> Response:
        calendar = self.calendar(pk)
        serializer = EmergencyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            return _answer(
                emergency_switch_on(calendar=calendar, actor=request.user, **serializer.validated_data)
            )
        except CalendarInvalid as error:
            raise _refused(error, strip="emergency.") from error

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT})
    def delete(self, request: Request, pk: int) -> Response:
        return _answer(emergency_switch_off(calendar=self.calendar(pk), actor=request.user))


class CopyDayInputSerializer(serializers.Serializer):
    from_day = serializers.IntegerField(min_value=0, max_value=6, help_text="0 = Monday ... 6 = Sunday")
    to_days = BoundedListField(
        max_length=7, child=serializers.IntegerField(min_value=0, max_value=6), allow_empty=False
    )
    pattern = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="shift pattern index"
    )


class CopyDayApi(_CalendarApi):
    """Copy one weekday's hours to other weekdays."""

    permission_classes = [CalendarActionPermission]

    @extend_schema(
        request=CopyDayInputSerializer, responses={200: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT}
    )
    def post(self, request: Request, pk: int) -> Response:
        calendar = self.calendar(pk)
        serializer = CopyDayInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pattern = serializer.validated_data["pattern"]
        if pattern is not None and not 0 <= pattern < calendar.shift_patterns.count():
            raise ValidationError({"pattern": ["There is no shift pattern with this index."]})
        try:
            return _answer(
                weekly_hours_copy(calendar=calendar, actor=request.user, **serializer.validated_data)
            )
        except CalendarInvalid as error:
            raise _refused(error) from error


class ImportInputSerializer(serializers.Serializer):
    country = serializers.CharField(help_text="ISO 3166-1 code, e.g. CH, US, DE")
    subdivision = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="e.g. ZH, CA, BY"
    )
    years = BoundedListField(
        max_length=10,
        child=serializers.IntegerField(min_value=1900, max_value=2200),
        required=False,
        allow_empty=False,
        help_text="default: this year and the next",
    )


def _imported(result: ImportResult, calendar: Calendar) -> Response:
    body: dict[str, Any] = {"added": result.added, "skipped": result.skipped}
    if result.saved is None:
        return Response({**body, **calendar_document(calendar), "sync": None})
    response = _answer(result.saved)
    response.data = {**body, **response.data}
    return response


class HolidayImportApi(_CalendarApi):
    """Add the public holidays of a country (and subdivision) from the `holidays` package."""

    permission_classes = [CalendarActionPermission]

    @extend_schema(
        request=ImportInputSerializer, responses={200: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT}
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
            raise _refused(error) from error


class IcsApi(_CalendarApi):
    """GET: the calendar's holidays as an .ics file. POST: import an .ics file (multipart field `file`, or the
    file itself as the body with Content-Type text/calendar)."""

    permission_classes = [CalendarActionPermission]
    parser_classes = [MultiPartParser, FormParser, FileUploadParser]

    @extend_schema(responses={(200, "text/calendar"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> HttpResponse:
        calendar = self.calendar(pk)
        today = timezone.now().astimezone(ZoneInfo(calendar.time_zone)).date()
        body = ics_from_rules(
            calendar.name, calendar.time_zone, list(calendar_spec(calendar).holidays), today
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{calendar.name}-holidays.ics"'
        return response

    @extend_schema(request={"multipart/form-data": OpenApiTypes.OBJECT}, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, pk: int) -> Response:
        calendar = self.calendar(pk)
        upload = request.data.get("file")
        if upload is None:
            raise ValidationError({"file": ["Send the .ics file as the multipart field 'file'."]})
        try:
            return _imported(ics_import(calendar=calendar, actor=request.user, data=upload.read()), calendar)
        except CalendarInvalid as error:
            raise _refused(error) from error


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


class PreviewApi(_CalendarApi):
    """What callers get at `at` (default now): the IVR endpoint's answer."""

    permission_classes = [CalendarActionPermission]

    @extend_schema(
        parameters=[OpenApiParameter("at", OpenApiTypes.DATETIME, description="ISO 8601 with offset")],
        responses=StatusSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        calendar = self.calendar(pk)
        return Response(status_data(calendar_preview(calendar, _instant(request, "at", timezone.now()))))


class TransitionsApi(_CalendarApi):
    """The state from `start` (default now) and each change in the next `days` (default 14, at most 366)."""

    permission_classes = [CalendarActionPermission]

    @extend_schema(
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


class DashboardApi(_CalendarApi):
    """Every calendar you may see, its state now and its emergency switch."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
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

    @extend_schema(responses=inline_serializer("Countries", {"countries": serializers.DictField()}))
    def get(self, request: Request) -> Response:
        return Response({"countries": supported_countries()})


# --- holiday profiles -----------------------------------------------------------------------------


class HolidayProfileInputSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), allow_null=True, required=False, default=None
    )
    holidays = BoundedListField(
        child=HolidaySerializer(), required=False, default=list, max_length=limits.MAX_HOLIDAYS
    )


def profile_document(profile: HolidayProfile) -> dict[str, Any]:
    return {
        "id": profile.pk,
        "name": profile.name,
        "description": profile.description,
        "team": profile.team_id,
        "holidays": [spec_holiday(holiday_rule(row)) for row in profile.holidays.all()],
        "calendars": [calendar.pk for calendar in profile.calendars.all()],
    }


def spec_holiday(rule: HolidayRule) -> dict[str, Any]:
    return spec_to_data(CalendarSpec(name="-", time_zone="UTC", holidays=(rule,)))["holidays"][0]


def _profile_answer(profile: HolidayProfile, results: list[SyncResult], created: bool = False) -> Response:
    document = {**profile_document(profile), "sync": [r.as_dict() for r in results]}
    return Response(document, status=sync_status(results, created=created))


class HolidayProfileListApi(APIView):
    queryset = HolidayProfile.objects.all()

    def get_queryset(self) -> QuerySet[HolidayProfile]:
        return holiday_profile_list(self.request.user)

    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="holiday_profiles_list")
    def get(self, request: Request) -> Response:
        return Response(
            [profile_document(p) for p in self.get_queryset().prefetch_related("holidays", "calendars")]
        )

    @extend_schema(request=HolidayProfileInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        serializer = HolidayProfileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = {**serializer.validated_data, "holidays": tuple(serializer.validated_data["holidays"])}
        try:
            profile, results = holiday_profile_save(profile=None, actor=request.user, **values)
        except CalendarInvalid as error:
            raise _refused(error) from error
        return _profile_answer(profile, results, created=True)


class HolidayProfileDetailApi(APIView):
    queryset = HolidayProfile.objects.all()

    def profile(self, pk: int) -> HolidayProfile:
        profile = get_object_or_404(HolidayProfile, pk=pk)
        self.check_object_permissions(self.request, profile)
        return profile

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        return Response(profile_document(self.profile(pk)))

    @extend_schema(request=HolidayProfileInputSerializer, responses={200: OpenApiTypes.OBJECT})
    def put(self, request: Request, pk: int) -> Response:
        profile = self.profile(pk)
        serializer = HolidayProfileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = {**serializer.validated_data, "holidays": tuple(serializer.validated_data["holidays"])}
        try:
            profile, results = holiday_profile_save(profile=profile, actor=request.user, **values)
        except CalendarInvalid as error:
            raise _refused(error) from error
        return _profile_answer(profile, results)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def delete(self, request: Request, pk: int) -> Response:
        profile = self.profile(pk)
        try:
            results = holiday_profile_delete(profile=profile, actor=request.user)
        except CalendarInvalid as error:
            raise _refused(error) from error
        queued = any(r.state != "applied" for r in results)
        return Response({"sync": [r.as_dict() for r in results]}, status=202 if queued else 200)
