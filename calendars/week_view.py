"""The week as a picture: one bar per weekday with its open intervals to scale (an overnight interval's part
after midnight drawn on the next day), and the coming weeks' holidays and special days marked.

Pure data for `calendars/_week_view.html`; `calendars/static/calendars/week.js` redraws the bars from the
weekly-hours inputs as the supervisor types, with the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from calendars.engine import CompiledCalendar, Interval, Weekday, WeeklyHours
from calendars.parsing import intervals_text

DAY_MINUTES = 24 * 60
COMING_WEEKS = 4


@dataclass(frozen=True)
class Span:
    start: int  # minutes after midnight
    end: int  # up to 1440
    label: str  # "08:00-12:00", or "22:00-02:00 from Fri" for a spill
    spill: bool = False

    @property
    def width(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class DayBar:
    weekday: int
    name: str
    text: str  # the day's own intervals as typed, "closed" when none
    spans: tuple[Span, ...]

    @property
    def summary(self) -> str:
        """What the bar shows, in words (its accessible name; "Mon", so that it never competes with the
        "Monday" input for its label)."""
        parts = [span.label for span in self.spans]
        return f"{self.name[:3]}: open " + ", ".join(parts) if parts else f"{self.name[:3]}: closed"


@dataclass(frozen=True)
class MarkedDate:
    day: date
    kind: str  # "holiday" | "special" | ""
    name: str
    hours: str  # the date's effective open time, "closed" when none
    past: bool
    today: bool


@dataclass(frozen=True)
class WeekPicture:
    title: str  # "Weekly hours" or the shift pattern's name
    bars: tuple[DayBar, ...]
    weeks: tuple[tuple[MarkedDate, ...], ...]

    @property
    def marked(self) -> list[MarkedDate]:
        """The coming dates that differ from the week: holidays and special days."""
        return [day for week in self.weeks for day in week if day.kind and not day.past]


def _minute(t: time) -> int:
    return t.hour * 60 + t.minute


def week_bars(weekly: WeeklyHours) -> tuple[DayBar, ...]:
    """Each weekday's bar: its own intervals up to midnight, plus the previous day's part after midnight."""
    spans: dict[int, list[Span]] = {day: [] for day in Weekday}
    for day in Weekday:
        for interval in weekly.for_weekday(day):
            start, end = _minute(interval.start), _minute(interval.end)
            if end <= start:  # runs past midnight (00:00-00:00: the whole day)
                spans[day].append(Span(start, DAY_MINUTES, str(interval)))
                if end > 0:
                    spans[(day + 1) % 7].append(Span(0, end, f"{interval} from {day.label[:3]}", spill=True))
            else:
                spans[day].append(Span(start, end, str(interval)))
    return tuple(
        DayBar(
            day,
            day.label,
            intervals_text(weekly.for_weekday(day)) or "closed",
            tuple(sorted(spans[day], key=lambda span: span.start)),
        )
        for day in Weekday
    )


def _hours_text(intervals: tuple[Interval, ...]) -> str:
    return intervals_text(intervals) or "closed"


def week_picture(compiled: CompiledCalendar, today: date, weeks: int = COMING_WEEKS) -> WeekPicture:
    """The weekly hours in force today as bars, and ``weeks`` weeks from this Monday with the dates a
    holiday or special day changes marked."""
    pattern = compiled.shift_pattern_for(today)
    monday = today - timedelta(days=today.weekday())
    last = monday + timedelta(days=7 * weeks - 1)
    holidays: dict[date, str] = {}
    for holiday in compiled.concrete_holidays(monday, last):
        holidays.setdefault(holiday.date, holiday.name)
    specials = {day.date: day.name for day in compiled.spec.special_days}
    rows = []
    for week in range(weeks):
        row = []
        for offset in range(7):
            day = monday + timedelta(days=7 * week + offset)
            kind, name = ("holiday", holidays[day]) if day in holidays else ("", "")
            if not kind and day in specials:
                kind, name = "special", specials[day]
            hours = _hours_text(compiled.open_intervals_for(day)) if kind else ""
            row.append(MarkedDate(day, kind, name, hours, day < today, day == today))
        rows.append(tuple(row))
    return WeekPicture(
        pattern.name if pattern else "Weekly hours",
        week_bars(compiled.weekly_hours_for(today)),
        tuple(rows),
    )
