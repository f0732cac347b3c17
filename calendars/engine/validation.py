"""Validation of calendar specs into field-addressed messages that forms and the API can show.

Every function returns a list of ``FieldError`` (empty when valid) and never raises for bad data. Field
paths use the spec's attribute names, e.g. ``weekly.friday[1]`` or ``holidays[2].when.rule``;
the ``field`` argument prefixes them so a form editing one part can validate just that part.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import available_timezones

from calendars.engine.spec import (
    DAY_US,
    FORCE_CLOSED,
    FORCE_OPEN,
    CalendarSpec,
    DateRange,
    EasterOffset,
    Emergency,
    HolidayRule,
    Interval,
    NthWeekday,
    OnDate,
    RRuleDate,
    ShiftPattern,
    SpecialDay,
    Weekday,
    WeeklyHours,
    YearlyDate,
    YearlyRange,
    parse_rrule,
)
from calendars.engine.status import FieldError
from calendars.engine.timeline import split_at_midnight

UCCX_MAX_NAME_LENGTH = 30
UCCX_MAX_INTERVALS_PER_DAY = 3
MAX_EASTER_OFFSET = 365

_MIDNIGHT = time(0)
_WEEK_US = 7 * DAY_US
_RRULE_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_RRULE_EXAMPLE = "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH"


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    """IANA names, without the files that depend on the machine or mean nothing ("localtime")."""
    return frozenset(available_timezones()) - {"localtime", "posixrules", "Factory"}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_date(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _text_errors(value: object, field: str, what: str) -> list[FieldError]:
    if isinstance(value, str) and value.strip():
        return []
    return [FieldError(field, f"Enter {what}.")]


def _date_errors(value: object, field: str) -> list[FieldError]:
    return [] if _is_date(value) else [FieldError(field, "Enter a date.")]


def _month_day_errors(
    month: object, day: object, field: str, month_attr: str, day_attr: str
) -> list[FieldError]:
    if not _is_int(month) or not 1 <= month <= 12:
        return [FieldError(f"{field}.{month_attr}", "Enter a month from 1 to 12.")]
    if not _is_int(day) or not 1 <= day <= _calendar.monthrange(2000, month)[1]:
        return [FieldError(f"{field}.{day_attr}", f"{_calendar.month_name[month]} has no day {day}.")]
    return []


def _interval_errors(interval: object, field: str, *, within_day: bool) -> list[FieldError]:
    """Shape of one interval; ``within_day`` forbids running past midnight (end 00:00 is midnight)."""
    if not isinstance(interval, Interval):
        return [FieldError(field, "Enter an interval with a start and an end time.")]
    if not isinstance(interval.start, time) or not isinstance(interval.end, time):
        return [FieldError(field, "Enter the start and the end as times of day.")]
    if interval.start.tzinfo is not None or interval.end.tzinfo is not None:
        return [FieldError(field, "Enter local times without a time zone; the calendar's time zone applies.")]
    if interval.start == interval.end and interval.start != _MIDNIGHT:
        return [FieldError(field, f"{interval} has no length; use 00:00-00:00 for a whole day.")]
    if within_day and interval.end < interval.start and interval.end != _MIDNIGHT:
        return [FieldError(field, f"{interval} runs past midnight; it must end by 00:00 on the same day.")]
    return []


def _overlap_errors(spans: list[tuple[int, int, str, str]], wrap: int | None = None) -> list[FieldError]:
    """Report each interval that starts inside an earlier one. Spans are (start, end, field, label) on
    one axis; with ``wrap`` the axis is circular (a week: Sunday night runs into Monday)."""
    items = sorted(spans + [(s - wrap, e - wrap, f, label) for s, e, f, label in spans if wrap and e > wrap])
    errors: list[FieldError] = []
    for index, (_, end, field, label) in enumerate(items):
        for other_start, _, other_field, other_label in items[index + 1 :]:
            if other_start >= end:
                break
            error = FieldError(other_field, f"{other_label} overlaps {label}.")
            if other_field != field and error not in errors:
                errors.append(error)
    return errors


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
    spans: list[tuple[int, int, str, str]] = []
    for day in Weekday:
        for index, interval in enumerate(weekly.for_weekday(day)):
            path = f"{field}.{WeeklyHours.field_name(day)}[{index}]"
            shape = _interval_errors(interval, path, within_day=False)
            errors += shape
            if not shape:
                start, end = interval.span_us()
                overnight = ", which runs past midnight" if end > DAY_US else ""
                spans.append(
                    (day * DAY_US + start, day * DAY_US + end, path, f"{day.label} {interval}{overnight}")
                )
    return errors + _overlap_errors(spans, _WEEK_US)


def _day_intervals_errors(intervals: Sequence[Interval], field: str) -> list[FieldError]:
    """Intervals that must stay within one date and not overlap each other."""
    errors: list[FieldError] = []
    spans: list[tuple[int, int, str, str]] = []
    for index, interval in enumerate(intervals):
        path = f"{field}[{index}]"
        shape = _interval_errors(interval, path, within_day=True)
        errors += shape
        if not shape:
            spans.append((*interval.span_us(), path, str(interval)))
    return errors + _overlap_errors(spans)


def _rrule_errors(when: RRuleDate, field: str) -> list[FieldError]:
    errors = _date_errors(when.dtstart, f"{field}.dtstart")
    path = f"{field}.rule"
    if not isinstance(when.rule, str) or not when.rule.strip():
        return [*errors, FieldError(path, f"Enter a recurrence rule such as {_RRULE_EXAMPLE}.")]
    body = re.sub(r"^RRULE:", "", when.rule.strip(), flags=re.IGNORECASE)
    if "\n" in body or ":" in body or "DTSTART" in body.upper():
        return [*errors, FieldError(path, "Give only the RRULE part; the start date has its own field.")]
    parts = dict(part.partition("=")[::2] for part in body.upper().split(";"))
    freq = parts.get("FREQ")
    if "" in parts.values() or freq is None:
        return [
            *errors,
            FieldError(path, f"Write NAME=VALUE parts separated by ';' with a FREQ, e.g. {_RRULE_EXAMPLE}."),
        ]
    if freq not in _RRULE_FREQUENCIES:
        return [
            *errors,
            FieldError(path, f"FREQ={freq} is not allowed; holidays recur DAILY, WEEKLY, MONTHLY or YEARLY."),
        ]
    if errors:
        return errors
    try:
        parsed = parse_rrule(when.rule, when.dtstart)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        return [FieldError(path, f"Not a valid RRULE: {exc}.")]
    # dateutil searches until year 9999 for a rule that can never match (Feb 30), so probe a copy
    # moved by whole 400-year Gregorian cycles close to that end, where the search is short.
    start = datetime(when.dtstart.year, when.dtstart.month, when.dtstart.day)
    probe_start = start.replace(year=start.year - (start.year - 9200) // 400 * 400)
    if parsed.replace(dtstart=probe_start, count=None, until=None).after(probe_start, inc=True) is None:
        return [FieldError(path, "The rule never produces a date; check BYMONTH, BYMONTHDAY and BYSETPOS.")]
    if parsed.after(start, inc=True) is None:
        return [FieldError(path, "The rule ends (UNTIL or COUNT) before it produces a date.")]
    return []


def _holiday_date_errors(when: object, field: str) -> list[FieldError]:
    match when:
        case OnDate():
            return _date_errors(when.date, f"{field}.date")
        case DateRange():
            return _date_range_errors(when, field)
        case YearlyDate():
            return _month_day_errors(when.month, when.day, field, "month", "day")
        case NthWeekday():
            errors = _month_day_errors(when.month, 1, field, "month", "day")
            if not _is_int(when.weekday) or not 0 <= when.weekday <= 6:
                errors.append(
                    FieldError(f"{field}.weekday", "Enter a weekday from 0 (Monday) to 6 (Sunday).")
                )
            if not _is_int(when.nth) or not 1 <= abs(when.nth) <= 5:
                errors.append(
                    FieldError(f"{field}.nth", "Enter 1 to 5 (1st to 5th) or -1 to -5 (last to 5th to last).")
                )
            return errors
        case EasterOffset():
            if _is_int(when.days) and abs(when.days) <= MAX_EASTER_OFFSET:
                return []
            return [
                FieldError(
                    f"{field}.days", f"Enter whole days from -{MAX_EASTER_OFFSET} to {MAX_EASTER_OFFSET}."
                )
            ]
        case RRuleDate():
            return _rrule_errors(when, field)
    return [FieldError(field, "Choose when the holiday falls.")]


def _date_range_errors(period: DateRange, field: str) -> list[FieldError]:
    errors = _date_errors(period.start, f"{field}.start") + _date_errors(period.end, f"{field}.end")
    if not errors and period.end < period.start:
        errors.append(FieldError(f"{field}.end", "The end date is before the start date."))
    return errors


def validate_holiday(rule: object, field: str) -> list[FieldError]:
    if not isinstance(rule, HolidayRule):
        return [FieldError(field, "Enter a holiday.")]
    errors = _text_errors(rule.name, f"{field}.name", "the holiday's name")
    errors += _holiday_date_errors(rule.when, f"{field}.when")
    if rule.window is not None:
        errors += _interval_errors(rule.window, f"{field}.window", within_day=True)
    return errors


def validate_special_days(days: Sequence[SpecialDay], field: str = "special_days") -> list[FieldError]:
    """Each day's shape, plus at most one special day per date."""
    errors: list[FieldError] = []
    seen: dict[date, int] = {}
    for index, day in enumerate(days):
        path = f"{field}[{index}]"
        if not isinstance(day, SpecialDay):
            errors.append(FieldError(path, "Enter a special day."))
            continue
        errors += _text_errors(day.name, f"{path}.name", "the special day's name")
        errors += _day_intervals_errors(day.intervals, f"{path}.intervals")
        if not _is_date(day.date):
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
    errors: list[FieldError] = []
    names: set[str] = set()
    for index, pattern in enumerate(patterns):
        path = f"{field}[{index}]"
        if not isinstance(pattern, ShiftPattern):
            errors.append(FieldError(path, "Enter a shift pattern."))
            continue
        name_errors = _text_errors(pattern.name, f"{path}.name", "the shift pattern's name")
        if not name_errors and pattern.name.strip().casefold() in names:
            name_errors.append(
                FieldError(f"{path}.name", f"Another shift pattern is already called {pattern.name!r}.")
            )
        errors += name_errors
        names.add(str(pattern.name).strip().casefold())
        if not pattern.periods:
            errors.append(FieldError(f"{path}.periods", "Add at least one period (dates or a yearly range)."))
        for number, period in enumerate(pattern.periods):
            period_path = f"{path}.periods[{number}]"
            if isinstance(period, DateRange):
                errors += _date_range_errors(period, period_path)
            elif isinstance(period, YearlyRange):
                errors += _month_day_errors(
                    period.start_month, period.start_day, period_path, "start_month", "start_day"
                )
                errors += _month_day_errors(
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
    errors += _text_errors(
        emergency.note, f"{field}.note", "a note; callers' scripts and supervisors see it as the reason"
    )
    expires = emergency.expires_at
    if expires is not None and (not isinstance(expires, datetime) or expires.utcoffset() is None):
        errors.append(
            FieldError(f"{field}.expires_at", "Enter the expiry as a date and time with a time zone.")
        )
    return errors


def validate_spec(spec: CalendarSpec) -> list[FieldError]:
    """Every problem in a spec; an empty list means ``compile_calendar`` accepts it."""
    errors = _text_errors(spec.name, "name", "the calendar's name")
    errors += validate_time_zone(spec.time_zone)
    errors += validate_weekly(spec.weekly)
    errors += validate_shift_patterns(spec.shift_patterns)
    for index, rule in enumerate(spec.holidays):
        errors += validate_holiday(rule, f"holidays[{index}]")
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
