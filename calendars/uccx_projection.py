"""Project a calendar onto UCCX's calendar object (pure: no Django, no I/O).

UCCX knows weekly intervals per weekday that may not cross midnight (`businessDays`), dates with their own
intervals that replace the weekday's (`specialDays`) and closed dates (`holidays`), at most 3 intervals a
day, 40 special days and 40 holidays, and no recurrence. The projection is exact, day by day:

- `businessDays`: the weekly hours in force today (shift pattern included), split at midnight: an
  overnight Fri 22:00-02:00 becomes FRI 22:00-23:59 and SAT 00:00-02:00, merged with Saturday's own.
- Every date of the horizon (today and the next 364 days, in the calendar's time zone) is compared with
  what those business days give. A date closed all day by a holiday becomes a UCCX holiday; any other
  date whose open time differs (special day, partial-day holiday, another shift pattern, the emergency
  switch) becomes a special day carrying that date's exact open intervals (none: closed all day).
  Hours belong to the day they start on: after a holiday or special day that replaces an overnight
  interval, the next date loses that interval's part after midnight, so it becomes a special day too
  ("Christmas: no overnight hours").
- Horizon: when a date would need a 41st holiday or special day, the horizon ends the day before, so
  UCCX's copy is exact up to `horizon_end`; the daily re-projection (Celery beat) moves it on.
- A day that needs more than 3 intervals refuses the save, naming the day and the limit. What must never
  be refused (the emergency switch, the daily re-projection: `strict=False`) instead merges that day's
  intervals across the shortest gaps (open-biased) and reports it in `warnings`; so does force open on its
  last day, which may add a fourth interval to a valid day.
- UCCX's day ends at 23:59, so an interval reaching midnight ends at "23:59".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from calendars.engine import (
    FORCE_OPEN,
    UCCX_MAX_INTERVALS_PER_DAY,
    CalendarValidationError,
    CompiledCalendar,
    ConcreteHoliday,
    FieldError,
    Interval,
    Weekday,
    split_at_midnight,
    uccx_limit_errors,
)

HORIZON_DAYS = 365
MAX_HOLIDAYS = 40
MAX_SPECIAL_DAYS = 40
NAME_LIMIT = 50  # holiday and special-day names
CALENDAR_TYPE = "FLEXIBLEHOURS"
UCCX_DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
_DAY_MINUTES = 24 * 60

Minutes = tuple[int, int]  # [start, end) in minutes after local midnight, end up to 1440


class ProjectionError(CalendarValidationError):
    """The calendar cannot be expressed within UCCX's limits; `errors` name the field, day and limit."""


@dataclass(frozen=True)
class UccxProjection:
    body: dict[str, Any]  # the UCCX calendar body, without calId
    horizon_start: date
    horizon_end: date  # last date UCCX's copy is exact for
    holidays: int
    special_days: int
    warnings: tuple[str, ...] = ()

    @property
    def shortened(self) -> bool:
        return (self.horizon_end - self.horizon_start).days + 1 < HORIZON_DAYS


def project_calendar(
    compiled: CompiledCalendar, *, now: datetime, description: str = "", strict: bool = True
) -> UccxProjection:
    """The UCCX body for `compiled` as seen at `now`. Strict: raises `ProjectionError` when UCCX cannot hold
    it; otherwise days over the limit are fitted and listed in `warnings`."""
    errors = uccx_limit_errors(compiled.spec)
    if errors and strict:
        raise ProjectionError(errors)
    warnings = [error.message for error in errors]
    today = now.astimezone(compiled.zone).date()
    base = {
        day: _fit(_minutes(intervals))
        for day, intervals in split_at_midnight(compiled.weekly_hours_for(today)).items()
    }
    last = today + timedelta(days=HORIZON_DAYS - 1)
    holidays_by_date: dict[date, list[ConcreteHoliday]] = {}
    for holiday in compiled.concrete_holidays(today, last):
        holidays_by_date.setdefault(holiday.date, []).append(holiday)

    holidays: list[dict[str, Any]] = []
    special_days: list[dict[str, Any]] = []
    horizon_end = last
    for offset in range(HORIZON_DAYS):
        day = today + timedelta(days=offset)
        emergency = _emergency_on(compiled, day, now)
        listed = holidays_by_date.get(day, [])
        if emergency is None and any(h.window is None for h in listed):
            if len(holidays) == MAX_HOLIDAYS:
                horizon_end = day - timedelta(days=1)
                break
            holidays.append({"name": _name(listed[0].name), "date": day.isoformat()})
            continue
        actual = _minutes(compiled.open_intervals_for(day))
        name = ""
        if emergency is not None:
            actual, name = _with_emergency(compiled, actual, emergency), compiled.spec.emergency.note
        elif len(actual) > UCCX_MAX_INTERVALS_PER_DAY:
            error = _too_many(compiled, day, listed, len(actual))
            if strict:
                raise ProjectionError([error])
            warnings.append(error.message)
            actual = _fit(actual)
        if actual == base[Weekday(day.weekday())]:
            continue
        if len(special_days) == MAX_SPECIAL_DAYS:
            horizon_end = day - timedelta(days=1)
            break
        name = name or _reason(compiled, day, listed)
        special_days.append(
            {"name": _name(name), "date": day.isoformat(), "intervals": _uccx_intervals(actual)}
        )

    body = {
        "name": compiled.spec.name,
        "description": description,
        "timeZone": compiled.spec.time_zone,
        "calendarType": CALENDAR_TYPE,
        "businessDays": {"businessDay": _business_days(base)},
        "specialDays": {"specialDay": special_days},
        "holidays": {"holiday": holidays},
    }
    return UccxProjection(body, today, horizon_end, len(holidays), len(special_days), tuple(warnings))


def _business_days(base: dict[Weekday, list[Minutes]]) -> list[dict[str, Any]]:
    """The weekdays with opening hours. UCCX requires businessDays for a FLEXIBLEHOURS calendar, so a week
    closed every day (open only on special days, or not at all) is one day without intervals: closed."""
    days = [
        {"dayOfWeek": UCCX_DAYS[day], "intervals": _uccx_intervals(spans)}
        for day, spans in sorted(base.items())
        if spans
    ]
    return days or [{"dayOfWeek": UCCX_DAYS[0], "intervals": _uccx_intervals([])}]


# --- intervals as minutes -------------------------------------------------------------------------


def _minute(t: time) -> int:
    return t.hour * 60 + t.minute


def _minutes(intervals: tuple[Interval, ...]) -> list[Minutes]:
    """Same-day intervals (end 00:00 = midnight) as sorted minute spans."""
    spans = []
    for interval in intervals:
        start, end = _minute(interval.start), _minute(interval.end)
        spans.append((start, end if end > start else _DAY_MINUTES))
    return sorted(spans)


def _clock(minute: int) -> str:
    minute = min(minute, _DAY_MINUTES - 1)  # UCCX: 23:59 is the end of the day
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _uccx_intervals(spans: list[Minutes]) -> dict[str, list[dict[str, str]]]:
    return {
        "interval": [
            {"name": f"{_clock(start)}-{_clock(end)}", "startTime": _clock(start), "endTime": _clock(end)}
            for start, end in spans
        ]
    }


def _merge(spans: list[Minutes]) -> list[Minutes]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _fit(spans: list[Minutes]) -> list[Minutes]:
    """At most 3 intervals: close the shortest gaps (open-biased, never closes an open minute)."""
    spans = list(spans)
    while len(spans) > UCCX_MAX_INTERVALS_PER_DAY:
        gap = min(range(len(spans) - 1), key=lambda i: spans[i + 1][0] - spans[i][1])
        spans[gap : gap + 2] = [(spans[gap][0], spans[gap + 1][1])]
    return spans


def _name(text: str) -> str:
    text = " ".join(text.split()) or "Special hours"
    return text if len(text) <= NAME_LIMIT else text[: NAME_LIMIT - 1] + "…"


# --- the emergency switch -------------------------------------------------------------------------


def _emergency_on(compiled: CompiledCalendar, day: date, now: datetime) -> int | None:
    """When the active emergency ends on `day`, in minutes (1440: it lasts all day); None: not that day."""
    emergency = compiled.spec.emergency
    if emergency is None:
        return None
    if emergency.expires_at is None:
        return _DAY_MINUTES
    if emergency.expires_at <= now:
        return None
    end = emergency.expires_at.astimezone(compiled.zone)
    if end.date() < day:
        return None
    if end.date() > day:
        return _DAY_MINUTES
    return _minute(end.time()) or None  # ending at midnight: the day itself is not touched


def _with_emergency(compiled: CompiledCalendar, actual: list[Minutes], until: int) -> list[Minutes]:
    """The date's open time while the switch holds until minute `until` (its start is in the past)."""
    after = [(max(start, until), end) for start, end in actual if end > until]
    if compiled.spec.emergency.mode != FORCE_OPEN:
        return after
    return _fit(_merge([(0, until), *after]))


# --- naming and errors ----------------------------------------------------------------------------


def _special_index(compiled: CompiledCalendar, day: date) -> int | None:
    return next((i for i, special in enumerate(compiled.spec.special_days) if special.date == day), None)


def _reason(compiled: CompiledCalendar, day: date, listed: list[ConcreteHoliday]) -> str:
    """What makes the date differ from the business days: the name UCCX shows for it."""
    if listed:
        return listed[0].name
    index = _special_index(compiled, day)
    if index is not None:
        return compiled.spec.special_days[index].name
    previous = day - timedelta(days=1)
    replaced = _replaced_by(compiled, previous)
    if replaced and compiled.weekly_intervals_for(day) != compiled.open_intervals_for(day):
        return f"{replaced}: no overnight hours"
    pattern = compiled.shift_pattern_for(day) or compiled.shift_pattern_for(previous)
    return pattern.name if pattern else "Weekly hours"


def _replaced_by(compiled: CompiledCalendar, day: date) -> str:
    """The name of the all-day holiday or special day replacing the date's hours, overnight interval
    included (hours belong to the day they start on), or ""."""
    whole_day = [h for h in compiled.concrete_holidays(day, day) if h.window is None]
    if whole_day:
        return whole_day[0].name
    index = _special_index(compiled, day)
    return compiled.spec.special_days[index].name if index is not None else ""


def _too_many(compiled: CompiledCalendar, day: date, listed: list[ConcreteHoliday], count: int) -> FieldError:
    if listed:
        field = f"holidays[{listed[0].rule_index}].window"
    elif (index := _special_index(compiled, day)) is not None:
        field = f"special_days[{index}].intervals"
    else:
        field = "shift_patterns"
    return FieldError(
        field,
        f"UCCX allows at most {UCCX_MAX_INTERVALS_PER_DAY} intervals a day; {day:%A} {day.isoformat()} "
        f"would have {count} ({_reason(compiled, day, listed)}).",
    )
