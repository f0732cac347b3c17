"""`CalendarData`: the complete state a supervisor edits, in engine terms (services take it, selectors
build it from rows). The emergency switch is not part of it: it has its own services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from calendars.engine import HolidayRule, Prompts, ShiftPattern, SpecialDay, WeeklyHours

if TYPE_CHECKING:
    from calendars.models import HolidayProfile
    from core.models import Team


@dataclass(frozen=True)
class CalendarData:
    name: str
    time_zone: str
    description: str = ""
    team: Team | None = None
    prompts: Prompts = field(default_factory=Prompts)
    uccx_application: str = ""
    weekly: WeeklyHours = field(default_factory=WeeklyHours)
    shift_patterns: tuple[ShiftPattern, ...] = ()
    holidays: tuple[HolidayRule, ...] = ()  # the calendar's own, in precedence order
    holiday_profiles: tuple[HolidayProfile, ...] = ()
    special_days: tuple[SpecialDay, ...] = ()
