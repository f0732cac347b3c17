"""The calendars API's documents: what a client sends (input serializers, in the engine's terms) and what it
gets back (`calendar_document`, `profile_document`, `status_data`).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.plumbing import build_array_type, build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

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
)
from calendars.models import Calendar, HolidayProfile
from calendars.parsing import parse_interval
from calendars.rows import calendar_data, holiday_rule
from calendars.selectors import (
    emergency_active,
    holiday_profile_list,
    uccx_projection,
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
from core.models import Team


class IntervalField(serializers.CharField):
    """`08:00-12:00`; an end at or before the start runs past midnight (weekly hours only)."""

    def to_internal_value(self, data: Any) -> Any:
        try:
            return parse_interval(super().to_internal_value(data))
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def to_representation(self, value: Any) -> str:
        return interval_text(value)


def interval_list(**kwargs: Any) -> serializers.ListField:
    return BoundedListField(
        child=IntervalField(), required=False, default=list, max_length=limits.MAX_INTERVALS_PER_DAY, **kwargs
    )


class WeeklySerializer(serializers.Serializer):
    monday = interval_list()
    tuesday = interval_list()
    wednesday = interval_list()
    thursday = interval_list()
    friday = interval_list()
    saturday = interval_list()
    sunday = interval_list()

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
    intervals = interval_list(help_text="empty: closed all day")
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


class EmergencyInputSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=["force_closed", "force_open"])
    note = serializers.CharField(help_text="why; IVR scripts receive it as the reason")
    prompt = serializers.CharField(required=False, allow_blank=True, default="")
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class CopyDayInputSerializer(serializers.Serializer):
    from_day = serializers.IntegerField(min_value=0, max_value=6, help_text="0 = Monday ... 6 = Sunday")
    to_days = BoundedListField(
        max_length=7, child=serializers.IntegerField(min_value=0, max_value=6), allow_empty=False
    )
    pattern = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="shift pattern index"
    )


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


OBJECT_LIST = {200: build_array_type(build_basic_type(OpenApiTypes.OBJECT))}
"""The `responses=` of an answer that is a JSON array of documents (the list endpoints answer arrays)."""
