"""Local-time building blocks: day segments, wall-clock to instant resolution, midnight splitting.

A day is described by *segments* ``(start_us, end_us, value)`` that cover ``[0, DAY_US)`` of the local
date without gaps, measured in wall-clock microseconds from local midnight. Layers are painted on top of
each other, highest precedence last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from calendars.engine.hours import DAY_US, Interval, Weekday, WeeklyHours

T = TypeVar("T")
Segments = list[tuple[int, int, T]]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)


def instant_key(moment: datetime) -> int:
    """Microseconds since the Unix epoch of an aware datetime: exact, unlike ``timestamp()`` floats."""
    return (moment - EPOCH) // _ONE_US


def paint(segments: Segments[T], start: int, end: int, value: T) -> Segments[T]:
    """Return ``segments`` with ``[start, end)`` (clipped to the day) overwritten by ``value``."""
    start, end = max(start, 0), min(end, DAY_US)
    if start >= end:
        return segments
    out: Segments[T] = []
    painted = False
    for seg_start, seg_end, old in segments:
        if seg_end <= start or seg_start >= end:
            out.append((seg_start, seg_end, old))
            continue
        if seg_start < start:
            out.append((seg_start, start, old))
        if not painted:
            out.append((start, end, value))
            painted = True
        if seg_end > end:
            out.append((end, seg_end, old))
    return out


def weekly_layer(
    previous: Iterable[Interval], previous_open: T, own: Iterable[Interval], own_open: T, closed: T
) -> Segments[T]:
    """One date under weekly hours: ``closed`` except for the spill of the previous day's overnight
    intervals and the date's own intervals, which win where both apply."""
    segments: Segments[T] = [(0, DAY_US, closed)]
    for interval in previous:
        end = interval.span_us()[1]
        if end > DAY_US:
            segments = paint(segments, 0, end - DAY_US, previous_open)
    for interval in own:
        segments = paint(segments, *interval.span_us(), own_open)
    return segments


def _time_at(offset_us: int) -> time:
    """The time of day ``offset_us`` after midnight; midnight at the day's end is ``00:00``."""
    return (datetime.min + timedelta(microseconds=offset_us % DAY_US)).time()


def open_intervals(segments: Segments[T], is_open: Callable[[T], bool] = bool) -> tuple[Interval, ...]:
    """The maximal runs of segments whose value ``is_open``, as same-day intervals; a run that reaches
    midnight ends at ``00:00``."""
    runs: list[list[int]] = []
    for start, end, value in segments:
        if is_open(value):
            if runs and runs[-1][1] == start:
                runs[-1][1] = end
            else:
                runs.append([start, end])
    return tuple(Interval(_time_at(start), _time_at(end)) for start, end in runs)


def split_at_midnight(weekly: WeeklyHours) -> dict[Weekday, tuple[Interval, ...]]:
    """Each weekday's open time within that day (as UCCX wants it: no interval crosses midnight),
    the previous day's overnight spill included and touching intervals merged."""
    return {
        day: open_intervals(
            weekly_layer(weekly.for_weekday((day - 1) % 7), True, weekly.for_weekday(day), True, False)
        )
        for day in Weekday
    }


def resolve_local(zone: ZoneInfo, day: date, offset_us: int) -> datetime:
    """The instant at which the wall clock of ``zone`` first reads ``offset_us`` after midnight of
    ``day``: a time that exists twice (DST fold) names its first occurrence, and a time skipped by a DST
    gap resolves to the end of the gap, the moment the clock jumps past it."""
    naive = datetime(day.year, day.month, day.day) + timedelta(microseconds=offset_us)
    first = naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    if first.replace(tzinfo=None) == naive:
        return first
    # In a gap: fold=1 maps before the jump, fold=0 after it; search the jump between the two.
    low, high = instant_key(naive.replace(tzinfo=zone, fold=1)), instant_key(naive.replace(tzinfo=zone))
    while high - low > 1:
        middle = (low + high) // 2
        if (EPOCH + timedelta(microseconds=middle)).astimezone(zone).replace(tzinfo=None) >= naive:
            high = middle
        else:
            low = middle
    return (EPOCH + timedelta(microseconds=high)).astimezone(zone)
