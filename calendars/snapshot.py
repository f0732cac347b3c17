"""The calendar snapshot: the engine spec as JSON (written with every save) and the IVR's copy of it.

Each save writes the calendar's `CalendarSnapshot` row and calls `calendar_snapshots.changed()` in its
transaction; the set of all calendars is then republished through the snapshot store (core/snapshots.py),
and the IVR path reads this process's copy: no query per call, answers with PostgreSQL or Redis down.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date, datetime
from typing import Any

from calendars.engine import (
    CalendarSpec,
    CompiledCalendar,
    DateRange,
    EasterOffset,
    Emergency,
    HolidayDate,
    HolidayRule,
    Interval,
    NthWeekday,
    OnDate,
    Prompts,
    RRuleDate,
    ShiftPattern,
    SpecialDay,
    WeeklyHours,
    YearlyDate,
    YearlyRange,
    compile_calendar,
)
from calendars.engine.hours import format_time
from calendars.models import CalendarSnapshot
from core.snapshots import Snapshot

_COMPILED_KEPT = 256

# --- spec <-> JSON --------------------------------------------------------------------------------


def interval_text(interval: Interval) -> str:
    """`08:00-12:00` (what `Interval.parse` reads back)."""
    return f"{format_time(interval.start)}-{format_time(interval.end)}"


def weekly_to_data(weekly: WeeklyHours) -> dict[str, list[str]]:
    return {
        WeeklyHours.field_name(day): [interval_text(i) for i in weekly.for_weekday(day)]
        for day in range(7)
        if weekly.for_weekday(day)
    }


def when_to_data(when: HolidayDate) -> dict[str, Any]:
    match when:
        case OnDate():
            return {"kind": when.kind, "date": when.date.isoformat()}
        case DateRange():
            return {"kind": when.kind, "start": when.start.isoformat(), "end": when.end.isoformat()}
        case YearlyDate():
            return {"kind": when.kind, "month": when.month, "day": when.day}
        case NthWeekday():
            return {"kind": when.kind, "month": when.month, "weekday": when.weekday, "nth": when.nth}
        case EasterOffset():
            return {"kind": when.kind, "days": when.days}
        case RRuleDate():
            return {"kind": when.kind, "rule": when.rule, "dtstart": when.dtstart.isoformat()}
    raise TypeError(f"unknown holiday date {when!r}")


def period_to_data(period: DateRange | YearlyRange) -> dict[str, Any]:
    if isinstance(period, DateRange):
        return when_to_data(period)
    return {
        "kind": period.kind,
        "start_month": period.start_month,
        "start_day": period.start_day,
        "end_month": period.end_month,
        "end_day": period.end_day,
    }


def spec_to_data(spec: CalendarSpec) -> dict[str, Any]:
    """The spec as JSON-able data (what `CalendarSnapshot.spec` holds)."""
    emergency = spec.emergency
    return {
        "name": spec.name,
        "time_zone": spec.time_zone,
        "weekly": weekly_to_data(spec.weekly),
        "shift_patterns": [
            {
                "name": p.name,
                "weekly": weekly_to_data(p.weekly),
                "periods": [period_to_data(x) for x in p.periods],
            }
            for p in spec.shift_patterns
        ],
        "holidays": [
            {
                "name": rule.name,
                "when": when_to_data(rule.when),
                "prompt": rule.prompt,
                "window": interval_text(rule.window) if rule.window else None,
            }
            for rule in spec.holidays
        ],
        "special_days": [
            {
                "date": day.date.isoformat(),
                "name": day.name,
                "intervals": [interval_text(i) for i in day.intervals],
                "prompt": day.prompt,
            }
            for day in spec.special_days
        ],
        "emergency": None
        if emergency is None
        else {
            "mode": emergency.mode,
            "note": emergency.note,
            "prompt": emergency.prompt,
            "expires_at": emergency.expires_at.isoformat() if emergency.expires_at else None,
        },
        "prompts": {
            "closed": spec.prompts.closed,
            "after_hours": spec.prompts.after_hours,
            "holiday": spec.prompts.holiday,
            "emergency": spec.prompts.emergency,
        },
    }


def weekly_from_data(data: dict[str, list[str]]) -> WeeklyHours:
    return WeeklyHours(**{day: tuple(map(Interval.parse, texts)) for day, texts in data.items()})


def when_from_data(data: dict[str, Any]) -> HolidayDate | YearlyRange:
    """A holiday date or shift period from its data (dates as ISO text or `date`s)."""
    kind = data["kind"]

    def day(value: str | date) -> date:
        return value if isinstance(value, date) else date.fromisoformat(value)

    builders = {
        OnDate.kind: lambda: OnDate(day(data["date"])),
        DateRange.kind: lambda: DateRange(day(data["start"]), day(data["end"])),
        YearlyDate.kind: lambda: YearlyDate(data["month"], data["day"]),
        NthWeekday.kind: lambda: NthWeekday(data["month"], data["weekday"], data["nth"]),
        EasterOffset.kind: lambda: EasterOffset(data["days"]),
        RRuleDate.kind: lambda: RRuleDate(data["rule"], day(data["dtstart"])),
        YearlyRange.kind: lambda: YearlyRange(
            data["start_month"], data["start_day"], data["end_month"], data["end_day"]
        ),
    }
    return builders[kind]()


def spec_from_data(data: dict[str, Any]) -> CalendarSpec:
    emergency = data.get("emergency")
    return CalendarSpec(
        name=data["name"],
        time_zone=data["time_zone"],
        weekly=weekly_from_data(data["weekly"]),
        shift_patterns=tuple(
            ShiftPattern(p["name"], weekly_from_data(p["weekly"]), tuple(map(when_from_data, p["periods"])))
            for p in data["shift_patterns"]
        ),
        holidays=tuple(
            HolidayRule(
                h["name"],
                when_from_data(h["when"]),
                h["prompt"],
                Interval.parse(h["window"]) if h["window"] else None,
            )
            for h in data["holidays"]
        ),
        special_days=tuple(
            SpecialDay(
                date.fromisoformat(s["date"]),
                s["name"],
                tuple(map(Interval.parse, s["intervals"])),
                s["prompt"],
            )
            for s in data["special_days"]
        ),
        emergency=None
        if emergency is None
        else Emergency(
            emergency["mode"],
            emergency["note"],
            emergency["prompt"],
            datetime.fromisoformat(emergency["expires_at"]) if emergency["expires_at"] else None,
        ),
        prompts=Prompts(**data["prompts"]),
    )


# --- the IVR's copy: the snapshot store's set of calendars, compiled lazily ---------------------------


# Keyed by (calendar id, version): a calendar deleted and created again under its name starts at version 1
# again, and must not be answered with the old calendar's compiled spec (the id differs).
class _CompiledCache:
    """Compiled calendars by (calendar id, version): a new version simply misses, old ones age out."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[int, int], CompiledCalendar] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[int, int]) -> CompiledCalendar | None:
        return self._entries.get(key)

    def put(self, key: tuple[int, int], compiled: CompiledCalendar) -> None:
        with self._lock:
            self._entries[key] = compiled
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


compiled_cache = _CompiledCache(_COMPILED_KEPT)


def _build() -> dict[str, tuple[int, int, dict[str, Any]]]:
    """Every calendar's snapshot row (written in the save's transaction): name -> (id, version, spec)."""
    rows = CalendarSnapshot.objects.values_list("name", "calendar_id", "version", "spec")
    return {name: (calendar_id, version, spec) for name, calendar_id, version, spec in rows}


class CalendarSet:
    """The calendars by name, each compiled on its first use in this process (an unchanged calendar
    keeps its compiled form across versions of the set)."""

    def __init__(self, data: dict[str, tuple[int, int, dict[str, Any]]]) -> None:
        self._data = data

    def get(self, name: str) -> CompiledCalendar | None:
        entry = self._data.get(name)
        if entry is None:
            return None
        calendar_id, version, spec = entry
        compiled = compiled_cache.get((calendar_id, version))
        if compiled is None:
            compiled = compile_calendar(spec_from_data(spec), validated=True)  # validated when it was saved
            compiled_cache.put((calendar_id, version), compiled)
        return compiled


calendar_snapshots: Snapshot[CalendarSet] = Snapshot("calendars", build=_build, compile=CalendarSet)


def compiled_calendar(name: str) -> CompiledCalendar | None:
    """The compiled calendar called `name` as the IVR answers it (None: no such calendar)."""
    return calendar_snapshots.read().value.get(name)
