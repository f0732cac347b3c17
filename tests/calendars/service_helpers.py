"""What the calendar service tests share: a calendar to save, its UCCX copy, and the rows a save may write."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from calendars.data import CalendarData
from calendars.engine import HolidayRule, Interval, WeeklyHours, YearlyDate
from calendars.models import Calendar, CalendarSnapshot, Holiday, WeeklyInterval
from calendars.models import SpecialDay as SpecialDayRow
from sync.models import OutboxChange
from uccx_simulator import Simulator

ZURICH = ZoneInfo("Europe/Zurich")


def iv(text: str) -> Interval:
    return Interval.parse(text)


def support_data(**changes: Any) -> CalendarData:
    data = CalendarData(
        name="Support",
        time_zone="Europe/Zurich",
        description="Hotline",
        weekly=WeeklyHours(
            monday=(iv("08:00-12:00"), iv("13:00-17:00")),
            friday=(iv("08:00-12:00"), iv("22:00-02:00")),
            saturday=(iv("09:00-12:00"),),
        ),
        holidays=(HolidayRule("Christmas", YearlyDate(12, 25)),),
    )
    return replace(data, **changes)


def uccx_copy(sim: Simulator, name: str = "Support") -> dict[str, Any]:
    return next(cal for cal in sim.calendars.values() if cal["name"] == name)


def footprint() -> tuple[int, ...]:
    """Everything a save may write: if this is unchanged, nothing was half-saved."""
    return (
        Calendar.objects.count(),
        WeeklyInterval.objects.count(),
        Holiday.objects.count(),
        SpecialDayRow.objects.count(),
        CalendarSnapshot.objects.count(),
        OutboxChange.objects.count(),
        Calendar.history.count(),
    )
