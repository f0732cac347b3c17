"""When a holiday falls or a shift pattern applies, in the calendar input model: one-off dates, date
ranges, yearly dates and ranges, the nth weekday of a month, Easter offsets and RRULEs."""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from dateutil.easter import EASTER_WESTERN, easter

from calendars.engine.hours import Weekday
from calendars.engine.rrules import rrule_dates_in_year


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


@dataclass(frozen=True, slots=True)
class RRuleDate:
    """An iCalendar RRULE (RFC 5545, evaluated by ``dateutil.rrule``) from ``dtstart`` on; each
    occurrence marks its date. The start date is a separate field, not a DTSTART line in ``rule``."""

    kind: ClassVar[str] = "rrule"
    rule: str
    dtstart: date

    def dates_in_year(self, year: int) -> list[date]:
        return list(rrule_dates_in_year(self.rule, self.dtstart, year))

    def describe(self) -> str:
        return f"RRULE {self.rule.strip()} from {self.dtstart.isoformat()}"


HolidayDate = OnDate | DateRange | YearlyDate | NthWeekday | EasterOffset | RRuleDate
"""When a holiday falls; every kind offers ``dates_in_year(year)`` and ``describe()``."""

ShiftPeriod = DateRange | YearlyRange
