"""Validation of holiday rules: each kind of date, RRULEs kept bounded in checking and expansion, and
the number of holidays and of the dates they mark in a year."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from calendars.engine import limits
from calendars.engine.field_checks import (
    count_error,
    date_errors,
    date_range_errors,
    interval_errors,
    is_int,
    month_day_errors,
    text_errors,
)
from calendars.engine.holiday_dates import DateRange, EasterOffset, NthWeekday, OnDate, RRuleDate, YearlyDate
from calendars.engine.rrules import parse_rrule, rrule_parts
from calendars.engine.spec import HolidayRule
from calendars.engine.status import FieldError

MAX_EASTER_OFFSET = 365

_RRULE_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_RRULE_EXAMPLE = "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH"


def validate_holiday(rule: object, field: str) -> list[FieldError]:
    if not isinstance(rule, HolidayRule):
        return [FieldError(field, "Enter a holiday.")]
    errors = text_errors(rule.name, f"{field}.name", "the holiday's name")
    errors += _holiday_date_errors(rule.when, f"{field}.when")
    if rule.window is not None:
        errors += interval_errors(rule.window, f"{field}.window", within_day=True)
    return errors


def validate_holidays(rules: Sequence[HolidayRule], field: str = "holidays") -> list[FieldError]:
    """Each rule, within the limits on their number, on RRULEs and on the dates they make in a year."""
    errors = count_error(rules, limits.MAX_HOLIDAYS, field, "holidays")
    rrules = [rule for rule in rules if isinstance(rule, HolidayRule) and isinstance(rule.when, RRuleDate)]
    errors += count_error(rrules, limits.MAX_RRULE_HOLIDAYS, field, "holidays given as an RRULE")
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


def _holiday_date_errors(when: object, field: str) -> list[FieldError]:
    match when:
        case OnDate():
            return date_errors(when.date, f"{field}.date")
        case DateRange():
            return date_range_errors(when, field)
        case YearlyDate():
            return month_day_errors(when.month, when.day, field, "month", "day")
        case NthWeekday():
            errors = month_day_errors(when.month, 1, field, "month", "day")
            if not is_int(when.weekday) or not 0 <= when.weekday <= 6:
                errors.append(
                    FieldError(f"{field}.weekday", "Enter a weekday from 0 (Monday) to 6 (Sunday).")
                )
            if not is_int(when.nth) or not 1 <= abs(when.nth) <= 5:
                errors.append(
                    FieldError(f"{field}.nth", "Enter 1 to 5 (1st to 5th) or -1 to -5 (last to 5th to last).")
                )
            return errors
        case EasterOffset():
            if is_int(when.days) and abs(when.days) <= MAX_EASTER_OFFSET:
                return []
            return [
                FieldError(
                    f"{field}.days", f"Enter whole days from -{MAX_EASTER_OFFSET} to {MAX_EASTER_OFFSET}."
                )
            ]
        case RRuleDate():
            return _rrule_errors(when, field)
    return [FieldError(field, "Choose when the holiday falls.")]


def _rrule_errors(when: RRuleDate, field: str) -> list[FieldError]:
    """A rule of dates whose checking and expansion stay bounded: no parts below a day, INTERVAL and
    COUNT within limits, a first date (and with COUNT every date) within ``RRULE_SEARCH_YEARS``."""
    errors = date_errors(when.dtstart, f"{field}.dtstart")
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
