"""Reads of the calendars app: lists scoped by team, previews ("what will callers get at ...?"), the next
transitions and the dashboard with emergency states (the engine spec built from rows: calendars.rows).

Previews evaluate the same compiled snapshot the IVR API uses, so a preview and the IVR endpoint can
never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from calendars.engine import (
    REASON_AFTER_HOURS,
    REASON_CLOSED,
    CalendarStatus,
    CompiledCalendar,
    ConcreteHoliday,
    supported_countries,
)
from calendars.models import Calendar, HolidayProfile
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
