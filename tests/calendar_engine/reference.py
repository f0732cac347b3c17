"""A brute-force reading of the IVR contract's calendar rules (second edition), independent of the engine.

The engine paints per-date segments into per-year plans and follows precomputed links to the next
change; this reference does none of that. It reads the rules off the spec for one instant, and finds
``next_change`` and ``next_open`` by evaluating every candidate instant in turn: every quarter hour of
local wall time (the tests draw every interval edge on quarter hours) and an emergency's expiry. Between
two candidates nothing can change, so the first candidate that differs is the change.

Only for zones without DST (their wall clock is the instant plus a fixed offset); the engine's DST rules
(a time in a fold names its first occurrence) have their own example tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from calendars.engine import FORCE_OPEN, CalendarSpec, HolidayRule, Interval, Verdict
from calendars.engine.hours import DAY_US

ONE_US = timedelta(microseconds=1)
QUARTER = timedelta(minutes=15)


@dataclass(frozen=True)
class ReferenceStatus:
    verdict: Verdict
    next_change: datetime | None
    """None: no change found among the candidates scanned (see ``scanned_until``)."""
    next_open: datetime | None
    scanned_until: datetime


@lru_cache(maxsize=4096)
def _holiday_dates(rule: HolidayRule, year: int) -> frozenset[date]:
    return frozenset(rule.when.dates_in_year(year))


def _holidays_on(spec: CalendarSpec, day: date) -> list[HolidayRule]:
    return [rule for rule in spec.holidays if day in _holiday_dates(rule, day.year)]


def _special_on(spec: CalendarSpec, day: date):
    return next((special for special in spec.special_days if special.date == day), None)


def _weekly_on(spec: CalendarSpec, day: date) -> tuple[tuple[Interval, ...], str]:
    """The weekly intervals starting on ``day`` (shift pattern in force that day) and their reason."""
    pattern = next((pattern for pattern in spec.shift_patterns if pattern.applies_on(day)), None)
    weekly = pattern.weekly if pattern else spec.weekly
    return weekly.for_weekday(day.weekday()), pattern.name if pattern else "business hours"


def _inside(offset: int, interval: Interval) -> bool:
    start, end = interval.span_us()
    return start <= offset < end


def verdict_at(spec: CalendarSpec, at: datetime) -> Verdict:
    """What callers get at ``at``: the documented rules, first match wins."""
    prompts, after_hours = spec.prompts, spec.prompts.after_hours or spec.prompts.closed
    emergency = spec.emergency
    expires = emergency.expires_at if emergency else None
    if emergency and (expires is None or at.astimezone(UTC) < expires.astimezone(UTC)):
        forced_open = emergency.mode == FORCE_OPEN
        prompt = emergency.prompt or ("" if forced_open else prompts.emergency)
        return Verdict("emergency", forced_open, emergency.note, prompt)
    local = at.astimezone(ZoneInfo(spec.time_zone))
    day = local.date()
    offset = (local.replace(tzinfo=None) - datetime(day.year, day.month, day.day)) // ONE_US
    for rule in _holidays_on(spec, day):
        if rule.window is None or _inside(offset, rule.window):
            return Verdict("holiday", False, rule.name, rule.prompt or prompts.holiday)
    special = _special_on(spec, day)
    if special:
        if any(_inside(offset, interval) for interval in special.intervals):
            return Verdict("open", True, special.name, "")
        closed_prompt = prompts.closed if not special.intervals else after_hours
        return Verdict("closed", False, special.name, special.prompt or closed_prompt)
    own, own_reason = _weekly_on(spec, day)
    if any(_inside(offset, interval) for interval in own):
        return Verdict("open", True, own_reason, "")
    # The previous date's overnight interval runs on after midnight, unless that date's hours were
    # replaced (a special day or an all-day holiday): hours belong to the day they start on.
    previous_day = day - timedelta(days=1)
    replaced = _special_on(spec, previous_day) is not None or any(
        rule.window is None for rule in _holidays_on(spec, previous_day)
    )
    if not replaced:
        previous, previous_reason = _weekly_on(spec, previous_day)
        if any(offset < interval.span_us()[1] - DAY_US for interval in previous):
            return Verdict("open", True, previous_reason, "")
    if own:
        return Verdict("closed", False, "after hours", after_hours)
    return Verdict("closed", False, "closed", prompts.closed)


def _candidates(spec: CalendarSpec, at: datetime, until: datetime) -> list[datetime]:
    """Every instant after ``at`` up to ``until`` at which the verdict may change."""
    at, until = at.astimezone(UTC), until.astimezone(UTC)
    # Fixed-offset zones whose offset is whole quarter hours: local quarter hours are UTC quarter hours.
    first = at.replace(minute=at.minute - at.minute % 15, second=0, microsecond=0) + QUARTER
    moments = []
    moment = first
    while moment <= until:
        moments.append(moment)
        moment += QUARTER
    expires = spec.emergency.expires_at if spec.emergency else None
    if expires is not None and at < expires.astimezone(UTC) <= until:
        moments.append(expires.astimezone(UTC))
    return sorted(set(moments))


def reference_status(spec: CalendarSpec, at: datetime, scan: timedelta) -> ReferenceStatus:
    """The verdict at ``at`` and, among the instants up to ``at + scan``, the first at which state or
    is_open differ (``next_change``) and the first at which callers are routed (``next_open``, None
    while open)."""
    now = verdict_at(spec, at)
    next_change = next_open = None
    until = at + scan
    for moment in _candidates(spec, at, until):
        later = verdict_at(spec, moment)
        if next_change is None and (later.state, later.is_open) != (now.state, now.is_open):
            next_change = moment
        if next_open is None and not now.is_open and later.is_open:
            next_open = moment
        if next_change is not None and (now.is_open or next_open is not None):
            break
    return ReferenceStatus(now, next_change, next_open, until)
