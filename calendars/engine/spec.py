"""The input model of a business calendar: frozen dataclasses, no Django, no I/O.

Conventions used throughout the engine:

- Times of day are local wall-clock times in the calendar's time zone (naive ``datetime.time``).
- Weekdays are Python's: 0 = Monday ... 6 = Sunday (see ``Weekday``).
- Sequence fields accept any sequence (lists are fine) and are stored as tuples, so a spec is immutable
  and hashable and can key a cache.
- Nothing here validates; ``calendars.engine.validation.validate_spec`` returns field-addressed errors.
"""

from __future__ import annotations

import calendar as _calendar
import math
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import IntEnum
from functools import lru_cache
from typing import ClassVar, Literal

from dateutil.easter import EASTER_WESTERN, easter
from dateutil.rrule import rrule, rrulestr

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


def _tuple(obj: object, name: str) -> None:
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
            _tuple(self, name)

    @classmethod
    def from_mapping(cls, days: Mapping[int, Sequence[Interval]]) -> WeeklyHours:
        """Build from ``{weekday number: intervals}``; missing weekdays are closed."""
        return cls(**{_WEEKDAY_FIELDS[int(day)]: tuple(intervals) for day, intervals in days.items()})

    def for_weekday(self, weekday: int) -> tuple[Interval, ...]:
        return getattr(self, _WEEKDAY_FIELDS[weekday])

    @staticmethod
    def field_name(weekday: int) -> str:
        return _WEEKDAY_FIELDS[weekday]


def _year_dates(year: int, month: int, day: int) -> list[date]:
    """The date in ``year``, or none when it does not exist that year (Feb 29 outside leap years)."""
    try:
        return [date(year, month, day)]
    except ValueError:
        return []


@dataclass(frozen=True, slots=True)
class OnDate:
    """A one-off date."""

    kind: ClassVar[str] = "date"
    date: date

    def dates_in_year(self, year: int) -> list[date]:
        return [self.date] if self.date.year == year else []

    def describe(self) -> str:
        return self.date.isoformat()


@dataclass(frozen=True, slots=True)
class DateRange:
    """Concrete dates from ``start`` to ``end``, both included (a holiday range or a shift period)."""

    kind: ClassVar[str] = "range"
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def spans_in_year(self, year: int) -> list[tuple[date, date]]:
        first, last = max(self.start, date(year, 1, 1)), min(self.end, date(year, 12, 31))
        return [(first, last)] if first <= last else []

    def dates_in_year(self, year: int) -> list[date]:
        first, last = max(self.start, date(year, 1, 1)), min(self.end, date(year, 12, 31))
        return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]

    def describe(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


def _on_or_after(year: int, month: int, day: int) -> date:
    """The month/day in ``year``; 29 February of a common year is 1 March."""
    return date(year, month, day) if day <= _calendar.monthrange(year, month)[1] else date(year, month + 1, 1)


def _on_or_before(year: int, month: int, day: int) -> date:
    """The month/day in ``year``; 29 February of a common year is 28 February."""
    return date(year, month, min(day, _calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class YearlyRange:
    """A month/day range repeating every year, e.g. summer 06-01..08-31; it may wrap the year end
    (12-01..02-28). A Feb 29 bound is compared as a month/day, so in common years 02-01..02-29 ends on
    Feb 28 and 02-29..03-31 starts on Mar 1."""

    kind: ClassVar[str] = "yearly_range"
    start_month: int
    start_day: int
    end_month: int
    end_day: int

    def contains(self, day: date) -> bool:
        md, start, end = (
            (day.month, day.day),
            (self.start_month, self.start_day),
            (self.end_month, self.end_day),
        )
        return start <= md <= end if start <= end else (md >= start or md <= end)

    def spans_in_year(self, year: int) -> list[tuple[date, date]]:
        """The (first, last) dates ``contains`` accepts in ``year``, in order."""
        start, end = (
            _on_or_after(year, self.start_month, self.start_day),
            _on_or_before(year, self.end_month, self.end_day),
        )
        if (self.start_month, self.start_day) <= (self.end_month, self.end_day):
            return [(start, end)] if start <= end else []
        return [(date(year, 1, 1), end), (start, date(year, 12, 31))]

    def describe(self) -> str:
        start = f"{self.start_month:02d}-{self.start_day:02d}"
        return f"every year {start} to {self.end_month:02d}-{self.end_day:02d}"


@dataclass(frozen=True, slots=True)
class YearlyDate:
    """The same month and day every year. Feb 29 only occurs in leap years (no substitute day)."""

    kind: ClassVar[str] = "yearly"
    month: int
    day: int

    def dates_in_year(self, year: int) -> list[date]:
        return _year_dates(year, self.month, self.day)

    def describe(self) -> str:
        return f"every year on {_calendar.month_name[self.month]} {self.day}"


_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th"}


@dataclass(frozen=True, slots=True)
class NthWeekday:
    """The nth weekday of a month: ``nth`` 1..5 counts from the start (4th Thursday of November),
    -1..-5 from the end (-1 = last Monday of May). A 5th weekday that a month lacks yields no date."""

    kind: ClassVar[str] = "nth_weekday"
    month: int
    weekday: int
    nth: int

    def dates_in_year(self, year: int) -> list[date]:
        if self.nth > 0:
            first = date(year, self.month, 1)
            day = 1 + (self.weekday - first.weekday()) % 7 + (self.nth - 1) * 7
        else:
            last = date(year, self.month, _calendar.monthrange(year, self.month)[1])
            day = last.day - (last.weekday() - self.weekday) % 7 + (self.nth + 1) * 7
        return _year_dates(year, self.month, day) if day >= 1 else []

    def describe(self) -> str:
        which = (
            _ORDINALS[self.nth]
            if self.nth > 0
            else "last"
            if self.nth == -1
            else f"{_ORDINALS[-self.nth]} to last"
        )
        return f"{which} {Weekday(self.weekday).label} of {_calendar.month_name[self.month]}"


@dataclass(frozen=True, slots=True)
class EasterOffset:
    """Western (Gregorian) Easter Sunday plus ``days`` (-2 = Good Friday, 1 = Easter Monday, 39 =
    Ascension, 49/50 = Whit Sunday/Monday)."""

    kind: ClassVar[str] = "easter"
    days: int = 0

    def dates_in_year(self, year: int) -> list[date]:
        candidates = (
            easter(base, EASTER_WESTERN).toordinal() + self.days for base in (year - 1, year, year + 1)
        )
        return [d for d in map(date.fromordinal, candidates) if d.year == year]

    def describe(self) -> str:
        if not self.days:
            return "Easter Sunday"
        plural = "" if abs(self.days) == 1 else "s"
        return f"Easter {'+' if self.days > 0 else '-'} {abs(self.days)} day{plural}"


def rrule_parts(rule: str) -> dict[str, str]:
    """``{"FREQ": "YEARLY", "BYMONTH": "11", ...}`` of an RRULE body (upper case, ``RRULE:`` dropped)."""
    body = re.sub(r"^RRULE:", "", rule.strip(), flags=re.IGNORECASE)
    return dict(part.partition("=")[::2] for part in body.upper().split(";"))


@lru_cache(maxsize=4096)
def parse_rrule(rule: str, dtstart: date) -> rrule:
    """Parse an RRULE body (``FREQ=YEARLY;BYMONTH=11;BYDAY=4TH``, an ``RRULE:`` prefix is allowed)
    against a start date; raises ``ValueError`` for a malformed rule."""
    parsed = rrulestr(rule.strip(), dtstart=datetime(dtstart.year, dtstart.month, dtstart.day))
    if not isinstance(parsed, rrule):
        raise ValueError("only a single RRULE is supported")
    return parsed


def _restart_before(rule: str, dtstart: date, year: int) -> rrule:
    """The rule restarted on its own phase as late as possible on or before 1 January of ``year``, so
    that expanding ``year`` walks at most about a year of the rule's periods instead of every period
    since ``dtstart`` (a daily rule from 1900 asked for 9000 would walk 2.6 million days).

    Moving the start by whole periods keeps every occurrence from the new start on: a daily or weekly
    rule moves by whole multiples of its interval in days or weeks; a monthly or yearly rule by whole
    years that are multiples of its interval, so the month and day that default from the start stay
    (a 29 February start moves to a leap year). A rule with COUNT counts from its real start and is not
    moved; validation keeps its dates within ``RRULE_SEARCH_YEARS``."""
    parsed = parse_rrule(rule, dtstart)
    parts = rrule_parts(rule)
    if "COUNT" in parts or year <= dtstart.year:
        return parsed
    interval = int(parts.get("INTERVAL") or 1)
    start: date | None = None
    if parts.get("FREQ") in ("DAILY", "WEEKLY"):
        step = interval * (7 if parts["FREQ"] == "WEEKLY" else 1)
        start = dtstart + timedelta(days=(date(year, 1, 1) - dtstart).days // step * step)
    else:
        step_years = interval if parts.get("FREQ") == "YEARLY" else math.lcm(interval, 12) // 12
        for steps in range((year - 1 - dtstart.year) // step_years, 0, -1):
            try:
                start = dtstart.replace(year=dtstart.year + steps * step_years)
                break
            except ValueError:  # 29 February in a common year: one step earlier
                continue
    if start is None or start <= dtstart:
        return parsed
    return parsed.replace(dtstart=datetime(start.year, start.month, start.day))


@lru_cache(maxsize=1024)
def _counted_dates(rule: str, dtstart: date) -> tuple[date, ...]:
    """Every date of a rule with COUNT (validation bounds them: at most ``MAX_RRULE_COUNT`` dates)."""
    return tuple(sorted({moment.date() for moment in parse_rrule(rule, dtstart)}))


@dataclass(frozen=True, slots=True)
class RRuleDate:
    """An iCalendar RRULE (RFC 5545, evaluated by ``dateutil.rrule``) from ``dtstart`` on; each
    occurrence marks its date. The start date is a separate field, not a DTSTART line in ``rule``."""

    kind: ClassVar[str] = "rrule"
    rule: str
    dtstart: date

    def dates_in_year(self, year: int) -> list[date]:
        return list(_rrule_dates_in_year(self.rule, self.dtstart, year))

    def describe(self) -> str:
        return f"RRULE {self.rule.strip()} from {self.dtstart.isoformat()}"


@lru_cache(maxsize=4096)
def _rrule_dates_in_year(rule: str, dtstart: date, year: int) -> tuple[date, ...]:
    """A year of an RRULE's dates, remembered: validation, compiling and the UCCX projection ask for
    the same years of the same rules."""
    parts = rrule_parts(rule)
    if "COUNT" in parts:
        dates = _counted_dates(rule, dtstart)
        return dates[bisect_left(dates, date(year, 1, 1)) : bisect_left(dates, date(year + 1, 1, 1))]
    if parts.get("FREQ") in ("DAILY", "WEEKLY") and set(parts) <= _PLAIN_DAILY_WEEKLY:
        plain = _plain_daily_weekly(parts, dtstart, year)
        if plain is not None:
            return plain
    found = _restart_before(rule, dtstart, year).between(
        datetime(year, 1, 1), datetime(year, 12, 31, 23, 59, 59), inc=True
    )
    return tuple(sorted({moment.date() for moment in found}))


_PLAIN_DAILY_WEEKLY = {"FREQ", "INTERVAL", "UNTIL", "WKST", "BYMONTH", "BYDAY"}
_WEEKDAY_CODES = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def _plain_daily_weekly(parts: dict[str, str], dtstart: date, year: int) -> tuple[date, ...] | None:
    """A year of a DAILY or WEEKLY rule that only filters by month and weekday, by arithmetic: dateutil
    walks from one match to the next, so a rule matching in December only walked about 700 days for each
    year (the first answer of a year in the IVR built 20 such years). None: leave it to dateutil."""
    try:
        interval = int(parts.get("INTERVAL") or 1)
        months = {int(m) for m in parts["BYMONTH"].split(",")} if "BYMONTH" in parts else None
        weekdays = {_WEEKDAY_CODES[d] for d in parts["BYDAY"].split(",")} if "BYDAY" in parts else None
        wkst = _WEEKDAY_CODES[parts.get("WKST") or "MO"]
        until = datetime.strptime(parts["UNTIL"], "%Y%m%d").date() if "UNTIL" in parts else date.max
    except (KeyError, ValueError):
        return None
    if interval < 1:
        return None
    weekly = parts["FREQ"] == "WEEKLY"
    if weekly and weekdays is None:
        weekdays = {dtstart.weekday()}

    def week_start(day: date) -> int:
        return day.toordinal() - (day.weekday() - wkst) % 7

    first_week, start = week_start(dtstart), dtstart.toordinal()
    found = []
    for ordinal in range(
        max(date(year, 1, 1), dtstart).toordinal(), min(date(year, 12, 31), until).toordinal() + 1
    ):
        day = date.fromordinal(ordinal)
        if months is not None and day.month not in months:
            continue
        if weekdays is not None and day.weekday() not in weekdays:
            continue
        if (((week_start(day) - first_week) // 7) if weekly else (ordinal - start)) % interval == 0:
            found.append(day)
    return tuple(found)


HolidayDate = OnDate | DateRange | YearlyDate | NthWeekday | EasterOffset | RRuleDate
"""When a holiday falls; every kind offers ``dates_in_year(year)`` and ``describe()``."""

ShiftPeriod = DateRange | YearlyRange


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
        _tuple(self, "intervals")

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
        _tuple(self, "periods")

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
            _tuple(self, name)
