"""Weekly hours in the calendar input model: weekdays, intervals of local wall-clock time, and a week of
opening intervals (see calendars/engine/spec.py for the conventions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from enum import IntEnum

DAY_US = 86_400_000_000
"""Microseconds in a nominal day; interval offsets are measured from local midnight in these units."""


class Weekday(IntEnum):
    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6

    @property
    def label(self) -> str:
        return self.name.capitalize()


def store_tuple(obj: object, name: str) -> None:
    """Store a sequence field as a tuple (frozen dataclasses need ``object.__setattr__``)."""
    object.__setattr__(obj, name, tuple(getattr(obj, name)))


def _offset_us(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def format_time(t: time) -> str:
    """``HH:MM``, with seconds only when they are set."""
    return t.strftime("%H:%M:%S" if t.second or t.microsecond else "%H:%M")


@dataclass(frozen=True, slots=True)
class Interval:
    """A span of local wall-clock time starting on some day.

    In weekly hours ``end <= start`` means the interval runs past midnight into the next day
    (Fri 22:00-02:00), and 00:00-00:00 means the whole day. Special-day intervals and partial-day
    holiday windows must stay within their date; there ``end`` 00:00 means "until midnight".
    """

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> Interval:
        """Parse ``"08:00-17:00"`` (a hyphen or an en dash between two ``HH:MM[:SS]`` times)."""
        parts = text.replace("\u2013", "-").split("-")
        if len(parts) != 2:
            raise ValueError(f"{text!r} is not an interval like 08:00-17:00")
        try:
            return cls(time.fromisoformat(parts[0].strip()), time.fromisoformat(parts[1].strip()))
        except ValueError as exc:
            raise ValueError(f"{text!r} is not an interval like 08:00-17:00") from exc

    @property
    def crosses_midnight(self) -> bool:
        """True when the interval ends on the next day (or at midnight)."""
        return self.end <= self.start

    def span_us(self) -> tuple[int, int]:
        """(start, end) in microseconds from the start day's midnight; ``end`` may exceed one day."""
        start, end = _offset_us(self.start), _offset_us(self.end)
        return start, end + DAY_US if end <= start else end

    def __str__(self) -> str:
        return f"{format_time(self.start)}-{format_time(self.end)}"


_WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """Opening intervals per weekday; any number per day. An overnight interval belongs to the day it
    starts on and spills into the next one."""

    monday: tuple[Interval, ...] = ()
    tuesday: tuple[Interval, ...] = ()
    wednesday: tuple[Interval, ...] = ()
    thursday: tuple[Interval, ...] = ()
    friday: tuple[Interval, ...] = ()
    saturday: tuple[Interval, ...] = ()
    sunday: tuple[Interval, ...] = ()

    def __post_init__(self) -> None:
        for name in _WEEKDAY_FIELDS:
            store_tuple(self, name)

    @classmethod
    def from_mapping(cls, days: Mapping[int, Sequence[Interval]]) -> WeeklyHours:
        """Build from ``{weekday number: intervals}``; missing weekdays are closed."""
        return cls(**{_WEEKDAY_FIELDS[int(day)]: tuple(intervals) for day, intervals in days.items()})

    def for_weekday(self, weekday: int) -> tuple[Interval, ...]:
        return getattr(self, _WEEKDAY_FIELDS[weekday])

    @staticmethod
    def field_name(weekday: int) -> str:
        return _WEEKDAY_FIELDS[weekday]
