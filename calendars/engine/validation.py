"""Validation of calendar specs into field-addressed messages that forms and the API can show.

Every function returns a list of ``FieldError`` (empty when valid) and never raises for bad data. Field
paths use the spec's attribute names, e.g. ``weekly.friday[1]`` or ``holidays[2].when.rule``;
the ``field`` argument prefixes them so a form editing one part can validate just that part.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import available_timezones

from calendars.engine import limits
from calendars.engine.field_checks import (
    count_error,
    date_range_errors,
    interval_errors,
    is_date,
    month_day_errors,
    overlap_errors,
    text_errors,
)
from calendars.engine.holiday_dates import DateRange, YearlyRange
from calendars.engine.holiday_validation import validate_holidays
from calendars.engine.hours import DAY_US, Interval, Weekday, WeeklyHours
from calendars.engine.spec import FORCE_CLOSED, FORCE_OPEN, CalendarSpec, Emergency, ShiftPattern, SpecialDay
from calendars.engine.status import FieldError
from calendars.engine.timeline import split_at_midnight

UCCX_MAX_NAME_LENGTH = 30
UCCX_MAX_INTERVALS_PER_DAY = 3

_WEEK_US = 7 * DAY_US


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    """IANA names, without the files that depend on the machine or mean nothing ("localtime")."""
    return frozenset(available_timezones()) - {"localtime", "posixrules", "Factory"}


def validate_time_zone(value: object, field: str = "time_zone") -> list[FieldError]:
    if not isinstance(value, str) or not value.strip():
        return [FieldError(field, "Enter a time zone, e.g. Europe/Berlin.")]
    if value not in _time_zones():
        return [
            FieldError(
                field, f"{value!r} is not an IANA time zone such as Europe/Berlin or America/New_York."
            )
        ]
    return []


def validate_weekly(weekly: object, field: str = "weekly") -> list[FieldError]:
    """Interval shapes, and overlaps within the week, including an overnight interval's spill into
    the next day (Fri 22:00-02:00 overlaps Sat 01:00-05:00) and Sunday night into Monday."""
    if not isinstance(weekly, WeeklyHours):
        return [FieldError(field, "Enter the weekly hours.")]
    errors: list[FieldError] = []
    for day in Weekday:
        path = f"{field}.{WeeklyHours.field_name(day)}"
        errors += count_error(weekly.for_weekday(day), limits.MAX_INTERVALS_PER_DAY, path, "intervals a day")
    if errors:
        return errors
    spans: list[tuple[int, int, str, str]] = []
    for day in Weekday:
        for index, interval in enumerate(weekly.for_weekday(day)):
            path = f"{field}.{WeeklyHours.field_name(day)}[{index}]"
            shape = interval_errors(interval, path, within_day=False)
            errors += shape
            if not shape:
                start, end = interval.span_us()
                overnight = ", which runs past midnight" if end > DAY_US else ""
                spans.append(
                    (day * DAY_US + start, day * DAY_US + end, path, f"{day.label} {interval}{overnight}")
                )
    return errors + overlap_errors(spans, _WEEK_US)


def _day_intervals_errors(intervals: Sequence[Interval], field: str) -> list[FieldError]:
    """Intervals that must stay within one date and not overlap each other."""
    errors = count_error(intervals, limits.MAX_INTERVALS_PER_DAY, field, "intervals a day")
    if errors:
        return errors
    spans: list[tuple[int, int, str, str]] = []
    for index, interval in enumerate(intervals):
        path = f"{field}[{index}]"
        shape = interval_errors(interval, path, within_day=True)
        errors += shape
        if not shape:
            spans.append((*interval.span_us(), path, str(interval)))
    return errors + overlap_errors(spans)


def validate_special_days(days: Sequence[SpecialDay], field: str = "special_days") -> list[FieldError]:
    """Each day's shape, plus at most one special day per date."""
    errors = count_error(days, limits.MAX_SPECIAL_DAYS, field, "special days")
    if errors:
        return errors
    seen: dict[date, int] = {}
    for index, day in enumerate(days):
        path = f"{field}[{index}]"
        if not isinstance(day, SpecialDay):
            errors.append(FieldError(path, "Enter a special day."))
            continue
        errors += text_errors(day.name, f"{path}.name", "the special day's name")
        errors += _day_intervals_errors(day.intervals, f"{path}.intervals")
        if not is_date(day.date):
            errors.append(FieldError(f"{path}.date", "Enter a date."))
        elif day.date in seen:
            message = f"{day.date.isoformat()} already is a special day ({field}[{seen[day.date]}])."
            errors.append(FieldError(f"{path}.date", message))
        else:
            seen[day.date] = index
    return errors


def validate_shift_patterns(
    patterns: Sequence[ShiftPattern], field: str = "shift_patterns"
) -> list[FieldError]:
    errors = count_error(patterns, limits.MAX_SHIFT_PATTERNS, field, "shift patterns")
    if errors:
        return errors
    names: set[str] = set()
    for index, pattern in enumerate(patterns):
        path = f"{field}[{index}]"
        if not isinstance(pattern, ShiftPattern):
            errors.append(FieldError(path, "Enter a shift pattern."))
            continue
        name_errors = text_errors(pattern.name, f"{path}.name", "the shift pattern's name")
        if not name_errors and pattern.name.strip().casefold() in names:
            name_errors.append(
                FieldError(f"{path}.name", f"Another shift pattern is already called {pattern.name!r}.")
            )
        errors += name_errors
        names.add(str(pattern.name).strip().casefold())
        if not pattern.periods:
            errors.append(FieldError(f"{path}.periods", "Add at least one period (dates or a yearly range)."))
        periods_error = count_error(
            pattern.periods, limits.MAX_PERIODS_PER_PATTERN, f"{path}.periods", "periods"
        )
        if periods_error:
            errors += periods_error
            continue
        for number, period in enumerate(pattern.periods):
            period_path = f"{path}.periods[{number}]"
            if isinstance(period, DateRange):
                errors += date_range_errors(period, period_path)
            elif isinstance(period, YearlyRange):
                errors += month_day_errors(
                    period.start_month, period.start_day, period_path, "start_month", "start_day"
                )
                errors += month_day_errors(
                    period.end_month, period.end_day, period_path, "end_month", "end_day"
                )
            else:
                errors.append(FieldError(period_path, "Enter a date range or a yearly range."))
        errors += validate_weekly(pattern.weekly, f"{path}.weekly")
    return errors


def validate_emergency(emergency: object, field: str = "emergency") -> list[FieldError]:
    if not isinstance(emergency, Emergency):
        return [FieldError(field, "Enter an emergency override.")]
    errors: list[FieldError] = []
    if emergency.mode not in (FORCE_CLOSED, FORCE_OPEN):
        errors.append(FieldError(f"{field}.mode", f"Choose {FORCE_CLOSED} or {FORCE_OPEN}."))
    errors += text_errors(
        emergency.note, f"{field}.note", "a note; callers' scripts and supervisors see it as the reason"
    )
    expires = emergency.expires_at
    if expires is not None and (not isinstance(expires, datetime) or expires.utcoffset() is None):
        errors.append(
            FieldError(f"{field}.expires_at", "Enter the expiry as a date and time with a time zone.")
        )
    elif expires is not None and not limits.MIN_YEAR <= expires.year < limits.MAX_YEAR:
        message = f"Enter an expiry in the years {limits.MIN_YEAR} to {limits.MAX_YEAR - 1}."
        errors.append(FieldError(f"{field}.expires_at", message))
    return errors


def validate_spec(spec: CalendarSpec) -> list[FieldError]:
    """Every problem in a spec; an empty list means ``compile_calendar`` accepts it. A save validates
    and then compiles the same spec (and the snapshot compiles it again), so results are remembered."""
    try:
        return list(_validated(spec))
    except TypeError:  # a spec holding an unhashable value (a list where a tuple belongs)
        return _validate_spec(spec)


@lru_cache(maxsize=32)
def _validated(spec: CalendarSpec) -> tuple[FieldError, ...]:
    return tuple(_validate_spec(spec))


def _validate_spec(spec: CalendarSpec) -> list[FieldError]:
    errors = text_errors(spec.name, "name", "the calendar's name")
    errors += validate_time_zone(spec.time_zone)
    errors += validate_weekly(spec.weekly)
    errors += validate_shift_patterns(spec.shift_patterns)
    errors += validate_holidays(spec.holidays)
    errors += validate_special_days(spec.special_days)
    if spec.emergency is not None:
        errors += validate_emergency(spec.emergency)
    return errors


def uccx_limit_errors(spec: CalendarSpec) -> list[FieldError]:
    """UCCX's own limits that a valid spec may still exceed: a name of at most 30 characters and at
    most 3 intervals a day once overnight intervals are split at midnight. Call on a valid spec; the
    number of holidays and special days pushed (at most 40 each) depends on the sync's horizon."""
    errors: list[FieldError] = []
    if len(spec.name) > UCCX_MAX_NAME_LENGTH:
        errors.append(
            FieldError(
                "name", f"UCCX allows at most {UCCX_MAX_NAME_LENGTH} characters ({len(spec.name)} given)."
            )
        )
    weeks = [("weekly", spec.weekly)] + [
        (f"shift_patterns[{i}].weekly", p.weekly) for i, p in enumerate(spec.shift_patterns)
    ]
    for field, weekly in weeks:
        for day, intervals in split_at_midnight(weekly).items():
            if len(intervals) > UCCX_MAX_INTERVALS_PER_DAY:
                message = (
                    f"UCCX allows at most {UCCX_MAX_INTERVALS_PER_DAY} intervals a day; {day.label} has "
                    f"{len(intervals)} once overnight intervals are split at midnight."
                )
                errors.append(FieldError(f"{field}.{WeeklyHours.field_name(day)}", message))
    for index, special in enumerate(spec.special_days):
        if len(special.intervals) > UCCX_MAX_INTERVALS_PER_DAY:
            count = len(special.intervals)
            message = f"UCCX allows at most {UCCX_MAX_INTERVALS_PER_DAY} intervals a day ({count} given)."
            errors.append(FieldError(f"special_days[{index}].intervals", message))
    return errors
