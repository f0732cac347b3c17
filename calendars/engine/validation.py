"""Validation of calendar specs into field-addressed messages that forms and the API can show.

Every function returns a list of ``FieldError`` (empty when valid) and never raises for bad data. Field
paths use the spec's attribute names, e.g. ``weekly.friday[1]`` or ``holidays[2].when.rule``;
the ``field`` argument prefixes them so a form editing one part can validate just that part.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import available_timezones

from calendars.engine import limits
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
    rrule_parts,
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


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters no name or note may hold: controls (the IVR's XML cannot carry most of them, and a
terminal or a log would obey them), lone surrogates and Unicode non-characters."""


def control_character_error(value: str, field: str) -> list[FieldError]:
    """A message naming the first control character in a one-line text, if there is one."""
    found = _CONTROL.search(value)
    if found is None:
        return []
    code = f"U+{ord(found.group()):04X}"
    return [FieldError(field, f"Remove the control character {code} at position {found.start() + 1}.")]


def _text_errors(value: object, field: str, what: str) -> list[FieldError]:
    if isinstance(value, str) and value.strip():
        return control_character_error(value, field)
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
    """Report each interval that starts inside an earlier one (the earlier one reaching furthest is
    named). Spans are (start, end, field, label) on one axis; with ``wrap`` the axis is circular (a week:
    Sunday night runs into Monday). One sort and one sweep: O(n log n)."""
    items = sorted(spans + [(s - wrap, e - wrap, f, label) for s, e, f, label in spans if wrap and e > wrap])
    errors: dict[FieldError, None] = {}
    reach_end, reach_field, reach_label = None, "", ""
    for start, end, field, label in items:
        if reach_end is not None and start < reach_end and field != reach_field:
            errors.setdefault(FieldError(field, f"{label} overlaps {reach_label}."))
        if reach_end is None or end > reach_end:
            reach_end, reach_field, reach_label = end, field, label
    return list(errors)


def _count_error(items: Sequence[object], limit: int, field: str, what: str) -> list[FieldError]:
    """One message when a user-controlled count passes its limit (checked before any per-item work)."""
    if len(items) <= limit:
        return []
    return [FieldError(field, f"At most {limit:,} {what} are allowed ({len(items):,} given).")]


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
        errors += _count_error(weekly.for_weekday(day), limits.MAX_INTERVALS_PER_DAY, path, "intervals a day")
    if errors:
        return errors
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
    errors = _count_error(intervals, limits.MAX_INTERVALS_PER_DAY, field, "intervals a day")
    if errors:
        return errors
    spans: list[tuple[int, int, str, str]] = []
    for index, interval in enumerate(intervals):
        path = f"{field}[{index}]"
        shape = _interval_errors(interval, path, within_day=True)
        errors += shape
        if not shape:
            spans.append((*interval.span_us(), path, str(interval)))
    return errors + _overlap_errors(spans)


def _rrule_errors(when: RRuleDate, field: str) -> list[FieldError]:
    """A rule of dates whose checking and expansion stay bounded: no parts below a day, INTERVAL and
    COUNT within limits, a first date (and with COUNT every date) within ``RRULE_SEARCH_YEARS``."""
    errors = _date_errors(when.dtstart, f"{field}.dtstart")
    if not errors and not limits.MIN_YEAR <= when.dtstart.year <= limits.MAX_YEAR:
        errors.append(
            FieldError(f"{field}.dtstart", f"Start in a year from {limits.MIN_YEAR} to {limits.MAX_YEAR}.")
        )
    path = f"{field}.rule"
    if not isinstance(when.rule, str) or not when.rule.strip():
        return [*errors, FieldError(path, f"Enter a recurrence rule such as {_RRULE_EXAMPLE}.")]
    if len(when.rule) > limits.MAX_RRULE_LENGTH:
        return [*errors, FieldError(path, f"An RRULE has at most {limits.MAX_RRULE_LENGTH} characters.")]
    body = re.sub(r"^RRULE:", "", when.rule.strip(), flags=re.IGNORECASE)
    if "\n" in body or ":" in body or "DTSTART" in body.upper():
        return [*errors, FieldError(path, "Give only the RRULE part; the start date has its own field.")]
    parts = rrule_parts(when.rule)
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
    errors += _rrule_part_errors(parts, path)
    if errors:
        return errors
    try:
        parsed = parse_rrule(when.rule, when.dtstart)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        return [FieldError(path, f"Not a valid RRULE: {exc}.")]
    # dateutil stops searching only at a date past the end asked for, or in year 9999: for a rule that
    # never matches it walks every period until then. So the searches below run on a copy moved by
    # whole 400-year Gregorian cycles (same dates, weekdays and phase) close to that end.
    years = limits.RRULE_SEARCH_YEARS
    probe_start = _near_the_end(when.dtstart)
    horizon = probe_start + timedelta(days=365 * years + years // 4)
    first = parsed.replace(dtstart=probe_start, count=None, until=None).after(probe_start, inc=True)
    if first is None or first > horizon:
        return [
            FieldError(
                path,
                f"The rule never produces a date in the {years} years from its start; "
                "check BYMONTH, BYMONTHDAY and BYSETPOS.",
            )
        ]
    if parsed.after(datetime.combine(when.dtstart, time(0)), inc=True) is None:  # within `years` now
        return [FieldError(path, "The rule ends (UNTIL or COUNT) before it produces a date.")]
    counted = parsed.replace(dtstart=probe_start, until=None)
    if "COUNT" in parts and len(counted.between(probe_start, horizon, inc=True)) < int(parts["COUNT"]):
        return [
            FieldError(
                path,
                f"With COUNT the rule must produce all its dates within {years} years of its start; "
                "use UNTIL for a longer rule.",
            )
        ]
    return []


_GREGORIAN_CYCLE_YEARS = 400  # 146,097 days: whole weeks, and the same leap years


def _near_the_end(start: date) -> datetime:
    """``start`` moved by whole Gregorian cycles to the last cycle that still leaves
    ``RRULE_SEARCH_YEARS`` before year 9999, so a search from it walks at most 400 years."""
    last = 9999 - limits.RRULE_SEARCH_YEARS - 1
    year = start.year + (last - start.year) // _GREGORIAN_CYCLE_YEARS * _GREGORIAN_CYCLE_YEARS
    return datetime(year, start.month, start.day)


_SUB_DAY_PARTS = {"BYHOUR", "BYMINUTE", "BYSECOND"}
_DAILY_WEEKLY_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYMONTH", "BYDAY"}


def _rrule_part_errors(parts: dict[str, str], path: str) -> list[FieldError]:
    """Parts that would make a rule unbounded or meaningless for whole-day holidays."""
    errors: list[FieldError] = []
    below_a_day = sorted(_SUB_DAY_PARTS & set(parts))
    if below_a_day:
        errors.append(FieldError(path, f"Holidays recur by date: remove {', '.join(below_a_day)}."))
    for name, most in (("INTERVAL", limits.MAX_RRULE_INTERVAL), ("COUNT", limits.MAX_RRULE_COUNT)):
        value = parts.get(name)
        if value is not None and not (value.isdigit() and 1 <= int(value) <= most):
            message = f"{name} must be a whole number from 1 to {most:,} ({value} given)."
            errors.append(FieldError(path, message))
    if "COUNT" in parts and "UNTIL" in parts:
        errors.append(FieldError(path, "Give COUNT or UNTIL, not both."))
    if "BYEASTER" in parts:
        errors.append(FieldError(path, "Use the holiday kind relative to Easter instead of BYEASTER."))
    if parts.get("FREQ") in ("DAILY", "WEEKLY") and not errors:
        # Filters such as BYMONTHDAY make a daily rule match rarely, and dateutil walks every day in
        # between: a daily or weekly rule keeps to months and weekdays, other patterns are MONTHLY/YEARLY.
        others = sorted(set(parts) - _DAILY_WEEKLY_PARTS - _SUB_DAY_PARTS)
        if others:
            message = (
                f"With FREQ={parts['FREQ']} use only BYMONTH and BYDAY; "
                f"for {', '.join(others)} use MONTHLY or YEARLY."
            )
            errors.append(FieldError(path, message))
        elif any(not day.strip().isalpha() for day in parts.get("BYDAY", "").split(",") if day):
            errors.append(
                FieldError(path, f"With FREQ={parts['FREQ']} BYDAY takes weekdays without a number (MO,FR).")
            )
        elif parts["FREQ"] == "DAILY" and "BYDAY" in parts and int(parts.get("INTERVAL") or 1) % 7 == 0:
            errors.append(
                FieldError(path, "A DAILY rule every whole number of weeks with BYDAY: use FREQ=WEEKLY.")
            )
    return errors


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
    errors = _count_error(days, limits.MAX_SPECIAL_DAYS, field, "special days")
    if errors:
        return errors
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
    errors = _count_error(patterns, limits.MAX_SHIFT_PATTERNS, field, "shift patterns")
    if errors:
        return errors
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
        periods_error = _count_error(
            pattern.periods, limits.MAX_PERIODS_PER_PATTERN, f"{path}.periods", "periods"
        )
        if periods_error:
            errors += periods_error
            continue
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
    elif expires is not None and not limits.MIN_YEAR <= expires.year < limits.MAX_YEAR:
        message = f"Enter an expiry in the years {limits.MIN_YEAR} to {limits.MAX_YEAR - 1}."
        errors.append(FieldError(f"{field}.expires_at", message))
    return errors


def validate_holidays(rules: Sequence[HolidayRule], field: str = "holidays") -> list[FieldError]:
    """Each rule, within the limits on their number, on RRULEs and on the dates they make in a year."""
    errors = _count_error(rules, limits.MAX_HOLIDAYS, field, "holidays")
    rrules = [rule for rule in rules if isinstance(rule, HolidayRule) and isinstance(rule.when, RRuleDate)]
    errors += _count_error(rrules, limits.MAX_RRULE_HOLIDAYS, field, "holidays given as an RRULE")
    if errors:
        return errors
    for index, rule in enumerate(rules):
        errors += validate_holiday(rule, f"{field}[{index}]")
    if errors:
        return errors
    dates = sum(_most_dates_in_a_year(rule.when) for rule in rules)
    if dates > limits.MAX_HOLIDAY_DATES_PER_YEAR:
        message = (
            f"The holidays cover up to {dates:,} dates a year; at most "
            f"{limits.MAX_HOLIDAY_DATES_PER_YEAR:,} are allowed. Shorten date ranges or daily rules."
        )
        errors.append(FieldError(field, message))
    return errors


def _most_dates_in_a_year(when: object) -> int:
    """How many dates a valid rule marks in one year at most (an RRULE: the most of its first five)."""
    match when:
        case DateRange():
            return min(366, (when.end - when.start).days + 1)
        case RRuleDate():
            year = when.dtstart.year
            return max(len(when.dates_in_year(y)) for y in range(year, year + 5))
    return 1


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
    errors = _text_errors(spec.name, "name", "the calendar's name")
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
