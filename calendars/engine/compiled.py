"""Compile a spec into an evaluator fast enough to run on every IVR call.

A compiled calendar lazily builds one *plan* per local year: the sorted instants (integer microseconds
since the epoch) at which the observable verdict changes, with the verdict from each instant on. An
evaluation is then one ``bisect`` over a year's changes, whatever the number of rules; the next change
is simply the following entry. Holidays are expanded per year into a sorted list as well. Both caches
keep a few recent years and are safe to share between threads.

How local times become instants: a wall-clock time that exists twice (DST fold) names its first
occurrence; one skipped by a DST gap resolves to the moment the clock jumps past it. So an interval
02:00-03:00 on a spring-forward day is empty, and a 01:00-02:30 interval on a fall-back day ends at the
first 02:30.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from operator import attrgetter
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from calendars.engine.hours import DAY_US, Interval, WeeklyHours
from calendars.engine.limits import MAX_YEAR, MIN_YEAR
from calendars.engine.spec import FORCE_OPEN, CalendarSpec, ShiftPattern
from calendars.engine.status import (
    REASON_AFTER_HOURS,
    REASON_BUSINESS_HOURS,
    REASON_CLOSED,
    CalendarStatus,
    CalendarValidationError,
    ConcreteHoliday,
    Verdict,
)
from calendars.engine.timeline import (
    Segments,
    instant_key,
    open_intervals,
    paint,
    resolve_local,
    weekly_layer,
)
from calendars.engine.validation import validate_spec

HORIZON = timedelta(days=366)
"""``next_change`` is None when the verdict does not change within this much time."""
_HORIZON_US = HORIZON // timedelta(microseconds=1)
_CACHED_YEARS = 8
_ONE_DAY = timedelta(days=1)
_is_open = attrgetter("is_open")
_next_state = attrgetter("next_state")
_next_open = attrgetter("next_open")


def _state_differs(verdict: Verdict) -> Callable[[Verdict], bool]:
    """Whether another verdict is a change in the contract's sense: ``state`` or ``is_open`` differ."""
    return lambda other: other.state != verdict.state or other.is_open != verdict.is_open


Y = TypeVar("Y")


class _YearCache(Generic[Y]):
    """Per-year values built on first use; keeps the most recently added ``size`` years."""

    def __init__(self, build: Callable[[int], Y], size: int = _CACHED_YEARS) -> None:
        self._build, self._size = build, size
        self._years: dict[int, Y] = {}
        self._lock = threading.Lock()

    def __call__(self, year: int) -> Y:
        value = self._years.get(year)
        if value is None:
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise ValueError(f"Only dates in the years {MIN_YEAR} to {MAX_YEAR} can be evaluated.")
            value = self._build(year)
            with self._lock:
                self._years[year] = value
                while len(self._years) > self._size:
                    del self._years[next(iter(self._years))]
        return value


@dataclass(frozen=True, slots=True)
class _YearPlan:
    year: int
    start: int
    """Instant key of the year's first local midnight; ``end`` is the next year's."""
    end: int
    keys: list[int]
    moments: list[datetime]
    verdicts: list[Verdict]
    next_state: list[int]
    """For each entry, the index of the next one whose state or is_open differ (``len``: none)."""
    next_open: list[int]
    """For each entry, the index of the next open one (``len``: none this year)."""


_Links = Callable[[_YearPlan], list[int]]


@dataclass(frozen=True, slots=True)
class _YearHolidays:
    dates: list[date]
    """Sorted, parallel to ``entries``, for bisecting a date range."""
    entries: list[ConcreteHoliday]
    by_date: dict[date, list[ConcreteHoliday]]


class CompiledCalendar:
    """A validated spec ready to evaluate. Build once per spec version and reuse (thread-safe)."""

    def __init__(self, spec: CalendarSpec, *, validated: bool = False) -> None:
        errors = [] if validated else validate_spec(spec)
        if errors:
            raise CalendarValidationError(errors)
        self.spec = spec
        self.zone = ZoneInfo(spec.time_zone)
        prompts = spec.prompts
        after_hours_prompt = prompts.after_hours or prompts.closed
        self._after_hours = Verdict("closed", False, REASON_AFTER_HOURS, after_hours_prompt)
        self._closed_day = Verdict("closed", False, REASON_CLOSED, prompts.closed)
        self._business_hours = Verdict("open", True, REASON_BUSINESS_HOURS, "")
        self._pattern_open = [Verdict("open", True, pattern.name, "") for pattern in spec.shift_patterns]
        self._holiday_verdicts = [
            Verdict("holiday", False, rule.name, rule.prompt or prompts.holiday) for rule in spec.holidays
        ]
        self._special_days = {
            day.date: (
                day,
                Verdict("open", True, day.name, ""),
                Verdict(
                    "closed",
                    False,
                    day.name,
                    day.prompt or (prompts.closed if day.is_closure else after_hours_prompt),
                ),
            )
            for day in spec.special_days
        }
        # (verdict, instant key of its expiry, expiry in the calendar's zone) of an emergency, if any.
        self._emergency: tuple[Verdict, float, datetime | None] | None = None
        emergency = spec.emergency
        if emergency is not None:
            forced_open = emergency.mode == FORCE_OPEN
            prompt = emergency.prompt or ("" if forced_open else prompts.emergency)
            verdict = Verdict("emergency", forced_open, emergency.note, prompt)
            expires = emergency.expires_at
            if expires is None:
                self._emergency = (verdict, math.inf, None)
            else:
                self._emergency = (
                    verdict,
                    instant_key(expires),
                    expires.astimezone(UTC).astimezone(self.zone),
                )
        self._plans = _YearCache(self._build_plan)
        self._holidays = _YearCache(self._expand_holidays)
        self._patterns = _YearCache(self._pattern_days)

    # -- evaluation -------------------------------------------------------------------------------

    def evaluate(self, at: datetime) -> CalendarStatus:
        """The status at the aware instant ``at`` (precedence: emergency, holiday, special day, weekly
        hours, closed), when ``state`` or ``is_open`` next changes and when callers are next routed."""
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError("at must be a timezone-aware datetime")
        local = at.astimezone(UTC).astimezone(self.zone)  # via UTC: normalises a wall time in a DST gap
        key = instant_key(at)
        limit = key + _HORIZON_US
        emergency = self._emergency
        if emergency is not None and key < emergency[1]:
            verdict, change_key, change_moment = emergency  # its expiry always changes the state
            if verdict.is_open or change_moment is None:
                open_key, open_moment = math.inf, None
            else:
                open_key, open_moment = self._open_from(int(change_key), change_moment, limit)
        else:
            plan = self._plan_at(key, local.year)
            index = bisect_right(plan.keys, key) - 1
            verdict = plan.verdicts[index]
            change_key, change_moment = self._first(
                plan, plan.next_state[index], _state_differs(verdict), _next_state, limit
            )
            if verdict.is_open:
                open_key, open_moment = math.inf, None
            else:
                open_key, open_moment = self._first(plan, plan.next_open[index], _is_open, _next_open, limit)
        return CalendarStatus(
            self.spec.name,
            *verdict,
            change_moment if change_key <= limit else None,
            open_moment if open_key <= limit else None,
            self.spec.time_zone,
            local,
        )

    def transitions(self, start: datetime, end: datetime) -> list[tuple[datetime, CalendarStatus]]:
        """The status at ``start`` and at every later instant before ``end`` at which what callers get
        (state, is_open, reason or prompt) changes, each equal to ``evaluate`` at that instant (a
        preview such as "the next 14 days"; finer than ``next_change``, which skips reason changes)."""
        # Compare in UTC: Python compares two datetimes of one zone by wall time, ignoring DST folds.
        end_key = instant_key(end)
        if end_key <= instant_key(start):
            raise ValueError("end must be after start")
        status = self.evaluate(start)
        result = [(status.evaluated_at, status)]
        for moment in self._verdict_changes(instant_key(start), status.evaluated_at.year):
            if instant_key(moment) >= end_key:
                break
            following = self.evaluate(moment)
            if following.verdict != status.verdict:
                status = following
                result.append((status.evaluated_at, status))
        return result

    def _plan_at(self, key: int, year: int) -> _YearPlan:
        """The plan of the local year holding the instant ``key`` (``year`` a guess to start from)."""
        plan = self._plans(year)
        while key >= plan.end:
            plan = self._plans(plan.year + 1)
        while key < plan.start:
            plan = self._plans(plan.year - 1)
        return plan

    def _first(
        self, plan: _YearPlan, index: int, wanted: Callable[[Verdict], bool], links: _Links, limit: int
    ) -> tuple[float, datetime | None]:
        """The entry at ``index`` of ``plan`` or, past its end, the first entry of a later year whose
        verdict is ``wanted`` (found through that year's ``links``); ``(inf, None)`` when none starts
        by ``limit``."""
        while index >= len(plan.keys):
            if plan.year >= MAX_YEAR:  # an evaluation late in 9000 answers without a next change
                return math.inf, None
            plan = self._plans(plan.year + 1)
            if plan.start > limit:
                return math.inf, None
            # Entry 0 is either wanted or like the verdict the search started from: the links go on.
            index = 0 if wanted(plan.verdicts[0]) else links(plan)[0]
        return plan.keys[index], plan.moments[index]

    def _open_from(self, key: int, moment: datetime, limit: int) -> tuple[float, datetime | None]:
        """The first instant at or after ``key`` (an emergency's expiry) at which callers are routed."""
        plan = self._plan_at(key, moment.year)
        index = bisect_right(plan.keys, key) - 1
        if plan.verdicts[index].is_open:
            return key, moment
        return self._first(plan, plan.next_open[index], _is_open, _next_open, limit)

    def _verdict_changes(self, key: int, year: int) -> Iterator[datetime]:
        """Every instant after ``key`` (in local ``year``) at which the verdict may change: an active
        emergency's expiry, then each entry of the year plans (an entry 0 may repeat the previous
        year's last verdict)."""
        emergency = self._emergency
        if emergency is not None and key < emergency[1]:
            if emergency[2] is None:
                return
            yield emergency[2]
            key, year = int(emergency[1]), emergency[2].year
        plan = self._plan_at(key, year)
        index = bisect_right(plan.keys, key)
        while True:
            yield from plan.moments[index:]
            if plan.year >= MAX_YEAR:
                return
            plan, index = self._plans(plan.year + 1), 0

    # -- per-date schedules -----------------------------------------------------------------------

    def shift_pattern_for(self, day: date) -> ShiftPattern | None:
        """The shift pattern in force on a local date (the first listed that covers it), if any."""
        index = self._pattern_index(day)
        return None if index is None else self.spec.shift_patterns[index]

    def weekly_hours_for(self, day: date) -> WeeklyHours:
        return self._weekly_on(day)[0]

    def weekly_intervals_for(self, day: date) -> tuple[Interval, ...]:
        """The weekly hours' open time on a local date, split at midnight: the date's own intervals
        plus the previous day's overnight spill, under the shift patterns in force on each day."""
        return open_intervals(self._weekly_segments(day), _is_open)

    def open_intervals_for(self, day: date) -> tuple[Interval, ...]:
        """The effective open time on a local date after holidays and special days (emergencies
        aside), split at midnight; an interval reaching midnight ends at 00:00."""
        return open_intervals(
            self._day_segments(day, self._holidays(day.year).by_date.get(day, [])), _is_open
        )

    def concrete_holidays(self, start: date, end: date) -> list[ConcreteHoliday]:
        """Holiday dates from ``start`` to ``end`` (both included), by date then rule order; the
        prompt is the rule's, else the calendar's default holiday prompt."""
        if end < start:
            raise ValueError("end must not be before start")
        found: list[ConcreteHoliday] = []
        for year in range(start.year, end.year + 1):
            holidays = self._holidays(year)
            found += holidays.entries[bisect_left(holidays.dates, start) : bisect_right(holidays.dates, end)]
        return found

    def _pattern_index(self, day: date) -> int | None:
        if not self.spec.shift_patterns:
            return None
        if not MIN_YEAR <= day.year <= MAX_YEAR:  # the day before 1900-01-01: no yearly table
            return next(
                (i for i, pattern in enumerate(self.spec.shift_patterns) if pattern.applies_on(day)), None
            )
        return self._patterns(day.year)[day.timetuple().tm_yday - 1]

    def _pattern_days(self, year: int) -> list[int | None]:
        """The pattern in force on each day of ``year`` (first listed wins): one slice per period,
        instead of testing every period of every pattern for each day (20 x 20 x 365 tests)."""
        first = date(year, 1, 1)
        days: list[int | None] = [None] * ((date(year + 1, 1, 1) - first).days)
        for index in reversed(range(len(self.spec.shift_patterns))):  # earlier patterns overwrite
            for period in self.spec.shift_patterns[index].periods:
                for start, end in period.spans_in_year(year):
                    a, b = (start - first).days, (end - first).days + 1
                    days[a:b] = [index] * (b - a)
        return days

    def _weekly_on(self, day: date) -> tuple[WeeklyHours, Verdict]:
        """The weekly hours in force on a date and the verdict while they keep it open."""
        index = self._pattern_index(day)
        if index is None:
            return self.spec.weekly, self._business_hours
        return self.spec.shift_patterns[index].weekly, self._pattern_open[index]

    def _weekly_segments(self, day: date, *, spill: bool = True) -> Segments[Verdict]:
        """A date under the weekly hours in force, with the previous date's overnight spill unless
        ``spill`` is false (hours belong to the day they start on: a replaced date has no spill)."""
        previous_day = day - _ONE_DAY
        previous, previous_open = self._weekly_on(previous_day)
        weekly, own_open = self._weekly_on(day)
        own = weekly.for_weekday(day.weekday())
        closed = self._after_hours if own else self._closed_day
        spilled = previous.for_weekday(previous_day.weekday()) if spill else ()
        return weekly_layer(spilled, previous_open, own, own_open, closed)

    def _hours_replaced(self, day: date) -> bool:
        """Whether a special day or an all-day holiday replaces the date's weekly hours, overnight
        interval included (the contract's "hours belong to the day they start on")."""
        if day in self._special_days:
            return True
        return any(holiday.window is None for holiday in self._holidays(day.year).by_date.get(day, ()))

    def _day_segments(self, day: date, holidays: list[ConcreteHoliday]) -> Segments[Verdict]:
        special = self._special_days.get(day)
        if special is None:
            segments = self._weekly_segments(day, spill=not self._hours_replaced(day - _ONE_DAY))
        else:
            special_day, open_verdict, closed_verdict = special
            segments = [(0, DAY_US, closed_verdict)]
            for interval in special_day.intervals:
                segments = paint(segments, *interval.span_us(), open_verdict)
        for holiday in reversed(holidays):  # painted last to first, so the first listed rule wins
            start, end = holiday.window.span_us() if holiday.window else (0, DAY_US)
            segments = paint(segments, start, end, self._holiday_verdicts[holiday.rule_index])
        return segments

    # -- per-year caches --------------------------------------------------------------------------

    def _expand_holidays(self, year: int) -> _YearHolidays:
        entries = sorted(
            (
                ConcreteHoliday(day, rule.name, self._holiday_verdicts[index].prompt, rule.window, index)
                for index, rule in enumerate(self.spec.holidays)
                for day in rule.when.dates_in_year(year)
            ),
            key=attrgetter("date", "rule_index"),
        )
        by_date: dict[date, list[ConcreteHoliday]] = {}
        for entry in entries:
            by_date.setdefault(entry.date, []).append(entry)
        return _YearHolidays([entry.date for entry in entries], entries, by_date)

    def _build_plan(self, year: int) -> _YearPlan:
        by_date = self._holidays(year).by_date
        keys: list[int] = []
        moments: list[datetime] = []
        verdicts: list[Verdict] = []
        day = date(year, 1, 1)
        while day.year == year:
            for start, _end, verdict in self._day_segments(day, by_date.get(day, [])):
                if verdicts and verdicts[-1] == verdict:
                    continue
                moment = resolve_local(self.zone, day, start)
                key = instant_key(moment)
                if keys and key <= keys[-1]:  # the previous segment is empty (skipped by a DST gap)
                    del keys[-1], moments[-1], verdicts[-1]
                    if verdicts and verdicts[-1] == verdict:
                        continue
                keys.append(key)
                moments.append(moment)
                verdicts.append(verdict)
            day += _ONE_DAY
        end = instant_key(resolve_local(self.zone, date(year + 1, 1, 1), 0))
        count = len(verdicts)
        next_state, next_open = [count] * count, [count] * count
        for index in range(count - 2, -1, -1):
            following = verdicts[index + 1]
            changes = _state_differs(verdicts[index])(following)
            next_state[index] = index + 1 if changes else next_state[index + 1]
            next_open[index] = index + 1 if following.is_open else next_open[index + 1]
        return _YearPlan(year, keys[0], end, keys, moments, verdicts, next_state, next_open)


def _compiled(calendar: CalendarSpec | CompiledCalendar) -> CompiledCalendar:
    return calendar if isinstance(calendar, CompiledCalendar) else CompiledCalendar(calendar)


def compile_calendar(spec: CalendarSpec, *, validated: bool = False) -> CompiledCalendar:
    """Validate and compile; raises ``CalendarValidationError`` listing every problem. ``validated``: the
    spec passed ``validate_spec`` when it was saved (a snapshot), so the IVR's first answer of a new
    version does not repeat the checks (up to a few hundred ms for a calendar at its limits)."""
    return CompiledCalendar(spec, validated=validated)


def evaluate(calendar: CalendarSpec | CompiledCalendar, at: datetime) -> CalendarStatus:
    """``CompiledCalendar.evaluate``; compiling a spec per call is fine for one-offs, not hot paths."""
    return _compiled(calendar).evaluate(at)


def transitions(
    calendar: CalendarSpec | CompiledCalendar, start: datetime, end: datetime
) -> list[tuple[datetime, CalendarStatus]]:
    return _compiled(calendar).transitions(start, end)


def concrete_holidays(
    calendar: CalendarSpec | CompiledCalendar, start: date, end: date
) -> list[ConcreteHoliday]:
    return _compiled(calendar).concrete_holidays(start, end)
