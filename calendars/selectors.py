"""Reads of the calendars app: lists scoped by team, the engine spec built from rows, previews
("what will callers get at ...?"), the next transitions and the dashboard with emergency states.

Previews evaluate the same compiled snapshot the IVR API uses, so a preview and the IVR endpoint can
never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from calendars.data import CalendarData
from calendars.engine import (
    REASON_AFTER_HOURS,
    REASON_CLOSED,
    CalendarSpec,
    CalendarStatus,
    CompiledCalendar,
    ConcreteHoliday,
    DateRange,
    EasterOffset,
    Emergency,
    HolidayRule,
    Interval,
    NthWeekday,
    OnDate,
    Prompts,
    RRuleDate,
    ShiftPattern,
    SpecialDay,
    WeeklyHours,
    YearlyDate,
    YearlyRange,
    supported_countries,
)
from calendars.models import Calendar, Holiday, HolidayProfile, WeeklyInterval
from calendars.models import ShiftPattern as ShiftPatternRow
from calendars.snapshot import compiled_calendar
from calendars.uccx_projection import UccxProjection, project_calendar
from core.selectors import visible_to
from sync.selectors import SyncState, sync_state_for

TRANSITION_DAYS = 14
SYNC_KIND = "calendar"
BINDING_KIND = "calendar_application"  # a UCCX application's CCCalendar script parameter


def calendar_list(user: Any) -> QuerySet[Calendar]:
    """The calendars this user may see."""
    return visible_to(user, Calendar.objects.select_related("team"))


def holiday_profile_list(user: Any) -> QuerySet[HolidayProfile]:
    return visible_to(user, HolidayProfile.objects.select_related("team"))


# --- rows -> engine spec --------------------------------------------------------------------------


def _weekly(rows: list[WeeklyInterval]) -> WeeklyHours:
    days: dict[int, list[Interval]] = {}
    for row in rows:
        days.setdefault(row.weekday, []).append(Interval(row.start, row.end))
    return WeeklyHours.from_mapping(days)


def holiday_rule(row: Holiday) -> HolidayRule:
    """The engine rule of a holiday row (missing fields stay None, for the engine to report)."""
    kinds = {
        Holiday.Kind.DATE: lambda: OnDate(row.date),
        Holiday.Kind.RANGE: lambda: DateRange(row.date, row.end_date),
        Holiday.Kind.YEARLY: lambda: YearlyDate(row.month, row.day),
        Holiday.Kind.NTH_WEEKDAY: lambda: NthWeekday(row.month, row.weekday, row.nth),
        Holiday.Kind.EASTER: lambda: EasterOffset(row.offset or 0),
        Holiday.Kind.RRULE: lambda: RRuleDate(row.rule, row.date),
    }
    window = Interval(row.window_start, row.window_end) if row.window_start is not None else None
    return HolidayRule(row.name, kinds[row.kind](), row.prompt, window)


def _period(row: Any) -> DateRange | YearlyRange:
    if row.every_year:
        return YearlyRange(row.start.month, row.start.day, row.end.month, row.end.day)
    return DateRange(row.start, row.end)


def calendar_data(calendar: Calendar) -> CalendarData:
    """What the calendar's rows hold (its emergency switch aside), in a fixed number of queries."""
    calendar = (
        Calendar.objects.filter(pk=calendar.pk)
        .select_related("team")
        .prefetch_related(
            Prefetch("weekly_intervals", queryset=WeeklyInterval.objects.filter(pattern__isnull=True)),
            Prefetch(
                "shift_patterns", queryset=ShiftPatternRow.objects.prefetch_related("intervals", "periods")
            ),
            "holidays",
            "special_days",
            "holiday_profiles",
        )
        .get()
    )
    return CalendarData(
        name=calendar.name,
        time_zone=calendar.time_zone,
        description=calendar.description,
        team=calendar.team,
        prompts=Prompts(
            closed=calendar.prompt_closed,
            after_hours=calendar.prompt_after_hours,
            holiday=calendar.prompt_holiday,
            emergency=calendar.prompt_emergency,
        ),
        uccx_application=calendar.uccx_application,
        weekly=_weekly(list(calendar.weekly_intervals.all())),
        shift_patterns=tuple(
            ShiftPattern(p.name, _weekly(list(p.intervals.all())), tuple(map(_period, p.periods.all())))
            for p in calendar.shift_patterns.all()
        ),
        holidays=tuple(map(holiday_rule, calendar.holidays.all())),
        holiday_profiles=tuple(calendar.holiday_profiles.all()),
        special_days=tuple(
            SpecialDay(row.date, row.name, tuple(map(Interval.parse, row.intervals)), row.prompt)
            for row in calendar.special_days.all()
        ),
    )


def calendar_emergency(calendar: Calendar) -> Emergency | None:
    """The emergency switch as the engine sees it (None: off); an expired one stays until switched off."""
    if not calendar.emergency_mode:
        return None
    return Emergency(
        calendar.emergency_mode,
        calendar.emergency_note,
        calendar.emergency_prompt,
        calendar.emergency_expires_at,
    )


def build_spec(
    data: CalendarData,
    emergency: Emergency | None,
    profile_rules: tuple[HolidayProfile, tuple[HolidayRule, ...]] | None = None,
) -> CalendarSpec:
    """The engine spec of a calendar state: its own holidays first, then each profile's (by profile name).
    `profile_rules` stands in for one profile's rows (a profile being saved or deleted)."""
    profiles = sorted(data.holiday_profiles, key=lambda profile: profile.name)
    rows: dict[int, list[HolidayRule]] = {profile.pk: [] for profile in profiles}
    for row in Holiday.objects.filter(profile__in=list(rows)).order_by("position", "id"):
        rows[row.profile_id].append(holiday_rule(row))
    if profile_rules is not None and profile_rules[0].pk in rows:
        rows[profile_rules[0].pk] = list(profile_rules[1])
    return CalendarSpec(
        name=data.name,
        time_zone=data.time_zone,
        weekly=data.weekly,
        shift_patterns=data.shift_patterns,
        holidays=(*data.holidays, *(rule for profile in profiles for rule in rows[profile.pk])),
        special_days=data.special_days,
        emergency=emergency,
        prompts=data.prompts,
    )


def calendar_spec(calendar: Calendar) -> CalendarSpec:
    return build_spec(calendar_data(calendar), calendar_emergency(calendar))


# --- what callers get -----------------------------------------------------------------------------


def calendar_compiled(calendar: Calendar) -> CompiledCalendar:
    """The compiled snapshot the IVR API answers from."""
    compiled = compiled_calendar(calendar.name)
    if compiled is None:
        raise Calendar.DoesNotExist(f"Calendar {calendar.name!r} has no snapshot.")
    return compiled


def calendar_preview(calendar: Calendar, at: datetime) -> CalendarStatus:
    """What callers get at `at` (the IVR endpoint's answer for that instant)."""
    return calendar_compiled(calendar).evaluate(at)


def calendar_transitions(
    calendar: Calendar, start: datetime | None = None, days: int = TRANSITION_DAYS
) -> list[CalendarStatus]:
    """The state at `start` (default now) and each change in the following `days` days."""
    start = start or timezone.now()
    return [
        status for _, status in calendar_compiled(calendar).transitions(start, start + timedelta(days=days))
    ]


_GENERIC_CLOSED = {REASON_AFTER_HOURS, REASON_CLOSED}


def calendar_schedule(calendar: Calendar, days: int = TRANSITION_DAYS) -> list[CalendarStatus]:
    """The transitions from now for people: a closed spell is one row even where the engine's reason
    turns from "after hours" to "closed" at midnight (same state, same prompt)."""
    rows: list[CalendarStatus] = []
    for status in calendar_transitions(calendar, days=days):
        previous = rows[-1] if rows else None
        if (
            previous is not None
            and (previous.state, previous.is_open, previous.prompt)
            == (status.state, status.is_open, status.prompt)
            and {previous.reason, status.reason} <= _GENERIC_CLOSED
        ):
            continue
        rows.append(status)
    return rows


def upcoming_holidays(calendar: Calendar, days: int = 365) -> list[ConcreteHoliday]:
    compiled = calendar_compiled(calendar)
    today = timezone.now().astimezone(compiled.zone).date()
    return compiled.concrete_holidays(today, today + timedelta(days=days))


def uccx_projection(calendar: Calendar, now: datetime | None = None) -> UccxProjection:
    """What UCCX's copy holds (or will once the queued change is written); never refuses: a day UCCX
    cannot hold exactly is fitted and reported in `warnings`."""
    return project_calendar(
        calendar_compiled(calendar), now=now or timezone.now(), description=calendar.description, strict=False
    )


def emergency_active(calendar: Calendar, now: datetime | None = None) -> bool:
    expires = calendar.emergency_expires_at
    return bool(calendar.emergency_mode) and (expires is None or expires > (now or timezone.now()))


@dataclass(frozen=True)
class DashboardRow:
    calendar: Calendar
    status: CalendarStatus
    emergency_active: bool
    sync: SyncState | None
    can_edit: bool


def calendar_dashboard(user: Any, now: datetime | None = None) -> list[DashboardRow]:
    """Every calendar the user may see with its state now and its emergency switch."""
    now = now or timezone.now()
    return [
        DashboardRow(
            calendar=calendar,
            status=calendar_preview(calendar, now),
            emergency_active=emergency_active(calendar, now),
            sync=sync_state_for(SYNC_KIND, calendar.pk),
            can_edit=user.has_perm("calendars.change_calendar", calendar),
        )
        for calendar in calendar_list(user)
    ]


@cache
def country_names() -> dict[str, str]:
    """English names of the countries holidays can be imported for, by ISO code (for form choices)."""
    try:
        from holidays.registry import COUNTRIES
    except ImportError:  # a private module of the package: codes alone will do
        return {}
    return {entry[1]: re.sub(r"(?<=[a-z])(?=[A-Z])", " ", entry[0]) for entry in COUNTRIES.values()}


@cache
def subdivision_names() -> dict[str, list[tuple[str, str]]]:
    """Per country code, its subdivisions as (code, name) for the import form's suggestions: every entry
    named, not a mix of codes ("BY") and names ("Augsburg", a city the package lists as a subdivision)."""
    import holidays

    named: dict[str, list[tuple[str, str]]] = {}
    for code, subdivisions in supported_countries().items():
        aliases = getattr(holidays.country_holidays(code), "subdivisions_aliases", {}) or {}
        names = {alias_code: name for name, alias_code in aliases.items()}
        named[code] = [(subdivision, names.get(subdivision, subdivision)) for subdivision in subdivisions]
    return named
