"""The checks the calendar validators share: texts, dates, month days, intervals, overlaps and counts.

Each returns a list of ``FieldError`` (empty when valid) addressed to the ``field`` it is given.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Sequence
from datetime import date, datetime, time

from calendars.engine.holiday_dates import DateRange
from calendars.engine.hours import Interval
from calendars.engine.status import FieldError

_MIDNIGHT = time(0)


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_date(value: object) -> bool:
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


def text_errors(value: object, field: str, what: str) -> list[FieldError]:
    if isinstance(value, str) and value.strip():
        return control_character_error(value, field)
    return [FieldError(field, f"Enter {what}.")]


def date_errors(value: object, field: str) -> list[FieldError]:
    return [] if is_date(value) else [FieldError(field, "Enter a date.")]


def month_day_errors(
    month: object, day: object, field: str, month_attr: str, day_attr: str
) -> list[FieldError]:
    if not is_int(month) or not 1 <= month <= 12:
        return [FieldError(f"{field}.{month_attr}", "Enter a month from 1 to 12.")]
    if not is_int(day) or not 1 <= day <= _calendar.monthrange(2000, month)[1]:
        return [FieldError(f"{field}.{day_attr}", f"{_calendar.month_name[month]} has no day {day}.")]
    return []


def interval_errors(interval: object, field: str, *, within_day: bool) -> list[FieldError]:
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


def overlap_errors(spans: list[tuple[int, int, str, str]], wrap: int | None = None) -> list[FieldError]:
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


def count_error(items: Sequence[object], limit: int, field: str, what: str) -> list[FieldError]:
    """One message when a user-controlled count passes its limit (checked before any per-item work)."""
    if len(items) <= limit:
        return []
    return [FieldError(field, f"At most {limit:,} {what} are allowed ({len(items):,} given).")]


def date_range_errors(period: DateRange, field: str) -> list[FieldError]:
    errors = date_errors(period.start, f"{field}.start") + date_errors(period.end, f"{field}.end")
    if not errors and period.end < period.start:
        errors.append(FieldError(f"{field}.end", "The end date is before the start date."))
    return errors
