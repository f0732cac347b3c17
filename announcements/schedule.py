"""When an announcement plays: a schedule in a time zone, evaluated at an instant. Pure: no Django, no I/O.

A schedule is bounded by `starts_at` / `ends_at` (instants; either may be open). Within the bounds:

- `once`: active the whole time (a planned outage from Monday 08:00 to Tuesday 18:00);
- `daily` / `weekly` / `monthly` / `yearly`: active on the qualifying local days, inside the time window.
  Weekly days come from `days_of_week` (0 = Monday); monthly repeats the day of the month of `starts_at`
  (the 31st falls on the last day of shorter months), yearly its month and day (29 February on the 28th
  in common years). `days_of_week`, when given, also narrows daily, monthly and yearly.

The time window is local wall-clock time. Without one the whole day counts. A window whose end is at or
before its start runs past midnight and belongs to the day it starts on (Fri 22:00-02:00 runs into
Saturday only if Friday qualifies), as weekly hours do in the calendars. Around daylight-saving changes
the wall clock decides: a window inside the skipped hour never happens that day, one inside the repeated
hour happens twice.

`periods()` lists when a schedule is active between two instants. It evaluates `is_active` at every
instant where the answer can change (window edges and midnights in both folds, DST transitions, the
bounds), so the preview and the IVR never disagree.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from zoneinfo import ZoneInfo

MIDNIGHT = time(0, 0)


class Recurrence(StrEnum):
    ONCE = "once"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@dataclass(frozen=True, slots=True)
class Schedule:
    time_zone: str = "UTC"
    starts_at: datetime | None = None
    ends_at: datetime | None = None  # exclusive
    recurrence: Recurrence = Recurrence.DAILY
    days_of_week: frozenset[int] = field(default_factory=frozenset)
    window_start: time | None = None
    window_end: time | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "recurrence", Recurrence(self.recurrence))
        object.__setattr__(self, "days_of_week", frozenset(self.days_of_week))

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.time_zone)

    @property
    def anchor(self) -> date | None:
        """The local date monthly and yearly recurrences repeat."""
        return None if self.starts_at is None else self.starts_at.astimezone(self.tz).date()

    @property
    def window(self) -> tuple[time, time] | None:
        if self.window_start is None and self.window_end is None:
            return None
        return (self.window_start or MIDNIGHT, self.window_end or MIDNIGHT)

    def qualifies(self, day: date) -> bool:
        """Does the window (or the whole day) that starts on local date `day` run?"""
        if self.days_of_week and day.weekday() not in self.days_of_week:
            return False
        anchor = self.anchor
        if self.recurrence is Recurrence.MONTHLY and anchor is not None:
            return day.day == min(anchor.day, _calendar.monthrange(day.year, day.month)[1])
        if self.recurrence is Recurrence.YEARLY and anchor is not None:
            last = _calendar.monthrange(day.year, anchor.month)[1]
            return (day.month, day.day) == (anchor.month, min(anchor.day, last))
        return True


def is_active(schedule: Schedule, at: datetime) -> bool:
    """Is the schedule playing at the aware instant `at`?"""
    if schedule.starts_at is not None and at < schedule.starts_at:
        return False
    if schedule.ends_at is not None and at >= schedule.ends_at:
        return False
    if schedule.recurrence is Recurrence.ONCE:
        return True
    local = at.astimezone(schedule.tz)
    day, clock = local.date(), local.time().replace(tzinfo=None, fold=0)
    window = schedule.window
    if window is None:
        return schedule.qualifies(day)
    start, end = window
    if start < end:
        return start <= clock < end and schedule.qualifies(day)
    return (clock >= start and schedule.qualifies(day)) or (
        clock < end and schedule.qualifies(day - timedelta(days=1))
    )


def periods(schedule: Schedule, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The maximal spans within [start, end) during which the schedule is active, as UTC instants."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end <= start:
        return []
    points = {start, end}
    for bound in (schedule.starts_at, schedule.ends_at):
        if bound is not None:
            points.add(bound.astimezone(UTC))
    if schedule.recurrence is not Recurrence.ONCE:
        points |= _change_points(schedule, start, end)
    ordered = sorted(p for p in points if start <= p <= end)
    spans: list[tuple[datetime, datetime]] = []
    for left, right in pairwise(ordered):
        if left == right or not is_active(schedule, left):
            continue
        if spans and spans[-1][1] == left:
            spans[-1] = (spans[-1][0], right)
        else:
            spans.append((left, right))
    return spans


def _change_points(schedule: Schedule, start: datetime, end: datetime) -> set[datetime]:
    """Every instant at which the local wall clock crosses a midnight or a window edge, or jumps (DST)."""
    tz = schedule.tz
    edges = {MIDNIGHT, *(schedule.window or ())}
    first = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date() + timedelta(days=1)
    points: set[datetime] = set()
    day = first
    while day <= last:
        for edge in edges:
            naive = datetime.combine(day, edge)
            for fold in (0, 1):
                points.add(naive.replace(tzinfo=tz, fold=fold).astimezone(UTC))
        points |= _transitions(tz, day)
        day += timedelta(days=1)
    return points


def _transitions(tz: ZoneInfo, day: date) -> set[datetime]:
    """The UTC instant (to the second) at which the zone's UTC offset changes around local date `day`."""
    low = int(datetime.combine(day, MIDNIGHT, tzinfo=tz).timestamp())
    high = low + 26 * 3600

    def offset(second: int) -> timedelta | None:
        return datetime.fromtimestamp(second, tz).utcoffset()

    if offset(low) == offset(high):
        return set()  # real zones change at most once in a day
    while high - low > 1:
        middle = (low + high) // 2
        if offset(middle) == offset(low):
            low = middle
        else:
            high = middle
    return {datetime.fromtimestamp(high, UTC)}


def overlapping(
    first: Schedule, second: Schedule, start: datetime, end: datetime
) -> tuple[datetime, datetime] | None:
    """The first span within [start, end) in which both schedules are active, or None."""
    mine = periods(first, start, end)
    if not mine:
        return None
    theirs = periods(second, start, end)
    i = j = 0
    while i < len(mine) and j < len(theirs):
        left = max(mine[i][0], theirs[j][0])
        right = min(mine[i][1], theirs[j][1])
        if left < right:
            return (left, right)
        if mine[i][1] <= theirs[j][1]:
            i += 1
        else:
            j += 1
    return None
