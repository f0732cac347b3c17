"""`{% load calendar_tags %}{% week_view calendar %}`: the week as a picture (see calendars/week_view.py).

`live=True` (the hours forms) redraws the bars from the weekly-hours inputs of the form the picture sits
in as the supervisor types; without a calendar (the create page) the bars start empty.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone

from calendars.engine import DateRange, OnDate, WeeklyHours
from calendars.selectors import calendar_compiled, subdivision_names
from calendars.week_view import DAY_MINUTES, WeekPicture, week_bars, week_picture

register = template.Library()


@register.inclusion_tag("calendars/_week_view.html")
def week_view(calendar: Any = None, live: bool = False) -> dict[str, Any]:
    if calendar is None:
        picture = WeekPicture("Weekly hours", week_bars(WeeklyHours()), ())
    else:
        compiled = calendar_compiled(calendar)
        picture = week_picture(compiled, timezone.now().astimezone(compiled.zone).date())
    return {"picture": picture, "live": live, "day_minutes": DAY_MINUTES, "hours": (0, 6, 12, 18)}


@register.inclusion_tag("calendars/_subdivisions.html")
def subdivision_data() -> dict[str, Any]:
    """The import form's subdivision suggestions (code and name per country) as a JSON script."""
    return {"subdivisions": subdivision_names()}


@register.simple_tag
def past_holidays(rules: Any, calendar: Any) -> set[int]:
    """Indexes of the one-off holidays (a date or a range) that are over in the calendar's time zone:
    the holidays page folds them away."""
    today = timezone.now().astimezone(ZoneInfo(calendar.time_zone)).date()
    return {
        index
        for index, rule in enumerate(rules)
        if (isinstance(rule.when, OnDate) and rule.when.date < today)
        or (isinstance(rule.when, DateRange) and rule.when.end < today)
    }
