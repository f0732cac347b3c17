"""The input model of a business calendar: frozen dataclasses, no Django, no I/O.

The calendar and its rules are here; weekdays, intervals and weekly hours in ``hours``, the kinds of
holiday dates and shift periods in ``holiday_dates``, RRULE expansion in ``rrules``.

Conventions used throughout the engine:

- Times of day are local wall-clock times in the calendar's time zone (naive ``datetime.time``).
- Weekdays are Python's: 0 = Monday ... 6 = Sunday (see ``Weekday``).
- Sequence fields accept any sequence (lists are fine) and are stored as tuples, so a spec is immutable
  and hashable and can key a cache.
- Nothing here validates; ``calendars.engine.validation.validate_spec`` returns field-addressed errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from calendars.engine.holiday_dates import HolidayDate, ShiftPeriod
from calendars.engine.hours import Interval, WeeklyHours, store_tuple


@dataclass(frozen=True, slots=True)
class HolidayRule:
    """A named closure. With ``window`` (local times within the date, end 00:00 = midnight) it closes
    only inside the window and the ordinary hours apply outside it; without one it closes the whole
    date. ``prompt`` overrides the calendar's default holiday prompt."""

    name: str
    when: HolidayDate
    prompt: str = ""
    window: Interval | None = None


@dataclass(frozen=True, slots=True)
class SpecialDay:
    """A date with exceptional hours that replace the whole date's weekly hours (including the spill
    of the previous evening's overnight interval); no intervals means closed all day. Intervals stay
    within the date (end 00:00 = midnight). ``prompt`` plays while the day keeps the centre closed."""

    date: date
    name: str
    intervals: tuple[Interval, ...] = ()
    prompt: str = ""

    def __post_init__(self) -> None:
        store_tuple(self, "intervals")

    @property
    def is_closure(self) -> bool:
        return not self.intervals


@dataclass(frozen=True, slots=True)
class ShiftPattern:
    """Alternative weekly hours (e.g. "Summer hours") in force on the dates its periods cover.
    When several patterns cover a date, the first in the calendar's list wins."""

    name: str
    weekly: WeeklyHours
    periods: tuple[ShiftPeriod, ...]

    def __post_init__(self) -> None:
        store_tuple(self, "periods")

    def applies_on(self, day: date) -> bool:
        return any(period.contains(day) for period in self.periods)


FORCE_CLOSED = "force_closed"
FORCE_OPEN = "force_open"
EmergencyMode = Literal["force_closed", "force_open"]


@dataclass(frozen=True, slots=True)
class Emergency:
    """A manual override that beats every rule until ``expires_at`` (never, when None). ``note`` is
    the reason callers' scripts and supervisors see."""

    mode: EmergencyMode
    note: str
    prompt: str = ""
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Prompts:
    """Default UCCX prompt paths per situation; an empty string means "no prompt".
    ``after_hours`` falls back to ``closed`` when empty."""

    closed: str = ""
    after_hours: str = ""
    holiday: str = ""
    emergency: str = ""


@dataclass(frozen=True, slots=True)
class CalendarSpec:
    """Everything that decides a calendar's state. Precedence, first match wins: an active emergency,
    a holiday (the first matching rule in list order), a special day, the weekly hours of the shift
    pattern in force (else ``weekly``), closed."""

    name: str
    time_zone: str
    weekly: WeeklyHours = field(default_factory=WeeklyHours)
    shift_patterns: tuple[ShiftPattern, ...] = ()
    holidays: tuple[HolidayRule, ...] = ()
    special_days: tuple[SpecialDay, ...] = ()
    emergency: Emergency | None = None
    prompts: Prompts = field(default_factory=Prompts)

    def __post_init__(self) -> None:
        for name in ("shift_patterns", "holidays", "special_days"):
            store_tuple(self, name)
