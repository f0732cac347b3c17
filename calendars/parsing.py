"""Reading what people type: intervals ("08:00-12:00"), lists of them, and date-times for previews.
Shared by the API's serializers and the pages' forms so both say the same thing about the same mistake."""

from __future__ import annotations

import re
from datetime import time

from calendars.engine import Interval, Weekday, WeeklyHours

_INTERVAL = re.compile(r"\s*(\d{1,2}):(\d{2})\s*[-\u2013\u2014]\s*(\d{1,2}):(\d{2})\s*")
_SEPARATORS = re.compile(r"[,;\n]+")
INTERVAL_HELP = (
    "Intervals as HH:MM-HH:MM separated by commas, e.g. 08:00-12:00, 13:00-17:00. An interval that ends at "
    "or before its start runs past midnight (22:00-02:00); 00:00-00:00 is the whole day."
)


def _time(hours: str, minutes: str, *, end: bool) -> time:
    h, m = int(hours), int(minutes)
    if end and (h, m) == (24, 0):
        return time(0)  # 24:00 as an end means midnight
    if h > 23 or m > 59:
        raise ValueError(
            f"{hours}:{minutes} is not a time of day: hours go from 00 to 23 and minutes from 00 to 59 "
            "(write midnight as 00:00)."
        )
    return time(h, m)


def parse_interval(text: str) -> Interval:
    """`08:00-12:00` (also with an en dash); raises ValueError with a sentence for people."""
    match = _INTERVAL.fullmatch(text)
    if not match:
        raise ValueError(
            f"{text.strip()!r} is not an interval: write start-end as HH:MM-HH:MM, e.g. 08:00-12:00."
        )
    start_h, start_m, end_h, end_m = match.groups()
    return Interval(_time(start_h, start_m, end=False), _time(end_h, end_m, end=True))


def parse_intervals(text: str) -> list[Interval]:
    """Comma-, semicolon- or line-separated intervals; empty text is no interval."""
    return [parse_interval(part) for part in _SEPARATORS.split(text) if part.strip()]


def intervals_text(intervals: tuple[Interval, ...] | list[Interval]) -> str:
    return ", ".join(f"{i.start:%H:%M}-{i.end:%H:%M}" for i in intervals)


def weekly_summary(weekly: WeeklyHours) -> str:
    """`Mon 08:00-17:00; Fri 22:00-02:00`, or `closed all week`."""
    days = [
        f"{Weekday(day).label[:3]} {intervals_text(weekly.for_weekday(day))}"
        for day in Weekday
        if weekly.for_weekday(day)
    ]
    return "; ".join(days) or "closed all week"
