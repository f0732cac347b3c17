"""Demo calendars (run by `manage.py seed_demo`): a support line with an overnight Friday shift, Swiss
public holidays imported, summer hours and an early close on Christmas Eve, bound to the simulator's
SupportApp; and a New York sales desk with US holidays and a shared "Company days" profile. Every
emergency switch is off. Idempotent: existing calendars are left as they are."""

from __future__ import annotations

from datetime import date, time

from django.utils import timezone

from calendars.data import CalendarData
from calendars.engine import (
    HolidayRule,
    Interval,
    Prompts,
    ShiftPattern,
    SpecialDay,
    WeeklyHours,
    YearlyDate,
    YearlyRange,
)
from calendars.models import Calendar, HolidayProfile
from calendars.parsing import parse_intervals
from calendars.services import calendar_create, holiday_profile_save, holidays_import
from core.models import Team
from sync.models import UccxApplication


def _week(**days: str) -> WeeklyHours:
    return WeeklyHours(**{day: tuple(parse_intervals(text)) for day, text in days.items()})


def seed() -> None:
    year = timezone.now().year
    support = Team.objects.filter(name="Support").first()
    sales = Team.objects.filter(name="Sales").first()
    if not Calendar.objects.filter(name="Support Hours").exists():
        # The demo UCCX (the simulator's --seed-demo) has this application: known here even with UCCX away.
        UccxApplication.objects.get_or_create(name="SupportApp")
        office = "08:00-12:00, 13:00-17:30"
        created = calendar_create(
            actor=None,
            data=CalendarData(
                name="Support Hours",
                time_zone="Europe/Zurich",
                description="Support hotline; on-call Friday night",
                team=support,
                prompts=Prompts(
                    closed="en_US/closed.wav",
                    holiday="en_US/holidays/xmas.wav",
                    emergency="en_US/closed.wav",
                ),
                uccx_application="SupportApp",
                weekly=_week(
                    monday=office,
                    tuesday=office,
                    wednesday=office,
                    thursday=office,
                    friday="08:00-12:00, 13:00-17:00, 22:00-02:00",
                    saturday="09:00-12:00",
                ),
                shift_patterns=(
                    ShiftPattern(
                        "Summer hours",
                        _week(
                            monday="08:00-16:00",
                            tuesday="08:00-16:00",
                            wednesday="08:00-16:00",
                            thursday="08:00-16:00",
                            friday="08:00-16:00",
                        ),
                        (YearlyRange(7, 15, 8, 15),),
                    ),
                ),
                special_days=(
                    SpecialDay(
                        date(year, 12, 24), "Christmas Eve: short day", (Interval(time(8), time(12)),)
                    ),
                ),
            ),
        )
        holidays_import(
            calendar=created.calendar, actor=None, country="CH", subdivision="ZH", years=[year, year + 1]
        )
    if not Calendar.objects.filter(name="Sales Desk").exists():
        profile = HolidayProfile.objects.filter(name="Company days").first()
        if profile is None:
            profile, _ = holiday_profile_save(
                profile=None,
                actor=None,
                name="Company days",
                description="Days the whole company is off",
                holidays=(
                    HolidayRule("Company anniversary", YearlyDate(6, 12)),
                    HolidayRule("Staff party", YearlyDate(9, 18), window=Interval(time(14), time(0))),
                ),
            )
        created = calendar_create(
            actor=None,
            data=CalendarData(
                name="Sales Desk",
                time_zone="America/New_York",
                description="Inside sales, New York office",
                team=sales,
                weekly=_week(
                    monday="09:00-18:00",
                    tuesday="09:00-18:00",
                    wednesday="09:00-18:00",
                    thursday="09:00-18:00",
                    friday="09:00-17:00",
                ),
                holiday_profiles=(profile,),
            ),
        )
        holidays_import(calendar=created.calendar, actor=None, country="US", years=[year, year + 1])
    _adoption_expected()


def _adoption_expected() -> None:
    """The simulator's demo already holds "Support Hours", as a customer's UCCX would, and the app adopted
    it on its first write. That is what the demo means to show, not news: a fresh demo greets nobody with
    a drift record to look at (later drift is recorded and shown as always)."""
    from sync.models import Drift
    from sync.operators import acknowledge_drift

    adopted = Drift.objects.filter(
        acknowledged_at__isnull=True, expected__isnull=True, target__kind="calendar"
    )
    for drift in adopted:
        acknowledge_drift(drift=drift, actor=None)  # type: ignore[arg-type]  # the setup, not a person
