"""Partial edits of a calendar's hours: weekly hours, shift patterns and special days."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from calendars.engine import (
    FieldError,
    ShiftPattern,
    SpecialDay,
    Weekday,
    WeeklyHours,
)
from calendars.models import (
    Calendar,
)
from calendars.rows import calendar_data

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    Actor = AbstractBaseUser | None
from calendars.services.checks import CalendarInvalid
from calendars.services.saving import SaveResult, change_calendar


def weekly_hours_set(*, calendar: Calendar, actor: Actor, weekly: WeeklyHours) -> SaveResult:
    return change_calendar(calendar, actor, "Changed the weekly hours", weekly=weekly)


def weekly_hours_copy(
    *, calendar: Calendar, actor: Actor, from_day: int, to_days: Iterable[int], pattern: int | None = None
) -> SaveResult:
    """Copy one weekday's intervals over other weekdays (weekly hours, or shift pattern `pattern`)."""
    data = calendar_data(calendar)
    targets = sorted({Weekday(day) for day in to_days} - {Weekday(from_day)})
    if not targets:
        raise CalendarInvalid([FieldError("to_days", "Choose at least one other day to copy to.")])
    source = data.weekly if pattern is None else data.shift_patterns[pattern].weekly
    copied = WeeklyHours.from_mapping(
        {day: source.for_weekday(from_day) if day in targets else source.for_weekday(day) for day in Weekday}
    )
    summary = f"Copied {Weekday(from_day).label}'s hours to {', '.join(day.label for day in targets)}"
    if pattern is None:
        return change_calendar(calendar, actor, summary, weekly=copied)
    patterns = list(data.shift_patterns)
    patterns[pattern] = replace(patterns[pattern], weekly=copied)
    return change_calendar(
        calendar, actor, f"{summary} ({patterns[pattern].name})", shift_patterns=tuple(patterns)
    )


def shift_pattern_save(
    *, calendar: Calendar, actor: Actor, pattern: ShiftPattern, index: int | None = None
) -> SaveResult:
    """Add a shift pattern (`index` None) or replace the one at `index`."""
    patterns = list(calendar_data(calendar).shift_patterns)
    if index is None:
        patterns.append(pattern)
    else:
        patterns[index] = pattern
    return change_calendar(
        calendar, actor, f"Saved shift pattern {pattern.name}", shift_patterns=tuple(patterns)
    )


def shift_pattern_delete(*, calendar: Calendar, actor: Actor, index: int) -> SaveResult:
    patterns = list(calendar_data(calendar).shift_patterns)
    removed = patterns.pop(index)
    return change_calendar(
        calendar, actor, f"Removed shift pattern {removed.name}", shift_patterns=tuple(patterns)
    )


def special_day_set(*, calendar: Calendar, actor: Actor, day: SpecialDay) -> SaveResult:
    """Add the special day, or replace the one on the same date."""
    days = [existing for existing in calendar_data(calendar).special_days if existing.date != day.date]
    days = sorted([*days, day], key=lambda d: d.date)
    return change_calendar(
        calendar, actor, f"Set special day {day.date.isoformat()} {day.name}", special_days=tuple(days)
    )


def special_day_delete(*, calendar: Calendar, actor: Actor, day: date) -> SaveResult:
    days = tuple(existing for existing in calendar_data(calendar).special_days if existing.date != day)
    return change_calendar(calendar, actor, f"Removed special day {day.isoformat()}", special_days=days)
