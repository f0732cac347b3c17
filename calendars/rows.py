"""How a calendar's rows map to its state and back: the one place that knows both.

rows -> `CalendarData` (what forms and the API edit) -> engine `CalendarSpec` (`calendar_data`,
`calendar_emergency`, `build_spec`, `calendar_spec`); and `CalendarData` -> rows (`set_calendar_fields`,
`replace_rows`, `holiday_row`), used by the services inside a save's transaction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.utils import timezone

from calendars.data import CalendarData
from calendars.engine import (
    CalendarSpec,
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
    Weekday,
    WeeklyHours,
    YearlyDate,
    YearlyRange,
)
from calendars.models import (
    Calendar,
    Holiday,
    HolidayProfile,
    ShiftPeriod,
    WeeklyInterval,
)
from calendars.models import ShiftPattern as ShiftPatternRow
from calendars.models import SpecialDay as SpecialDayRow
from calendars.snapshot import (
    interval_text,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    Actor = AbstractBaseUser | None


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


def set_calendar_fields(row: Calendar, data: CalendarData, emergency: Emergency | None) -> None:
    row.name, row.time_zone, row.description = data.name, data.time_zone, data.description
    row.team, row.uccx_application = data.team, data.uccx_application
    row.prompt_closed, row.prompt_after_hours = data.prompts.closed, data.prompts.after_hours
    row.prompt_holiday, row.prompt_emergency = data.prompts.holiday, data.prompts.emergency
    mode = emergency.mode if emergency else ""
    if mode != row.emergency_mode:
        row.emergency_since = timezone.now() if mode else None
    row.emergency_mode = mode
    row.emergency_note = emergency.note if emergency else ""
    row.emergency_prompt = emergency.prompt if emergency else ""
    row.emergency_expires_at = emergency.expires_at if emergency else None


def replace_rows(row: Calendar, data: CalendarData) -> None:
    row.holiday_profiles.set(data.holiday_profiles)
    row.weekly_intervals.all().delete()
    row.shift_patterns.all().delete()
    row.holidays.all().delete()
    row.special_days.all().delete()
    WeeklyInterval.objects.bulk_create(_interval_rows(row, data.weekly, None))
    for position, pattern in enumerate(data.shift_patterns):
        pattern_row = ShiftPatternRow.objects.create(calendar=row, name=pattern.name, position=position)
        WeeklyInterval.objects.bulk_create(_interval_rows(row, pattern.weekly, pattern_row))
        ShiftPeriod.objects.bulk_create(_period_row(pattern_row, period) for period in pattern.periods)
    Holiday.objects.bulk_create(
        holiday_row(rule, position, calendar=row) for position, rule in enumerate(data.holidays)
    )
    SpecialDayRow.objects.bulk_create(
        SpecialDayRow(
            calendar=row,
            date=day.date,
            name=day.name,
            intervals=[interval_text(i) for i in day.intervals],
            prompt=day.prompt,
        )
        for day in data.special_days
    )


def _interval_rows(
    row: Calendar, weekly: WeeklyHours, pattern: ShiftPatternRow | None
) -> list[WeeklyInterval]:
    return [
        WeeklyInterval(calendar=row, pattern=pattern, weekday=day, start=interval.start, end=interval.end)
        for day in Weekday
        for interval in weekly.for_weekday(day)
    ]


_LEAP_YEAR = 2000  # yearly ranges keep month/day in dates of a leap year, so Feb 29 fits


def _period_row(pattern: ShiftPatternRow, period: DateRange | YearlyRange) -> ShiftPeriod:
    if isinstance(period, YearlyRange):
        return ShiftPeriod(
            pattern=pattern,
            start=date(_LEAP_YEAR, period.start_month, period.start_day),
            end=date(_LEAP_YEAR, period.end_month, period.end_day),
            every_year=True,
        )
    return ShiftPeriod(pattern=pattern, start=period.start, end=period.end)


def holiday_row(rule: HolidayRule, position: int, **owner: Any) -> Holiday:
    """The row of a holiday rule (owner: `calendar=` or `profile=`)."""
    fields: dict[str, Any] = {}
    match rule.when:
        case OnDate(date=day):
            fields = {"kind": Holiday.Kind.DATE, "date": day}
        case DateRange(start=start, end=end):
            fields = {"kind": Holiday.Kind.RANGE, "date": start, "end_date": end}
        case YearlyDate(month=month, day=day):
            fields = {"kind": Holiday.Kind.YEARLY, "month": month, "day": day}
        case NthWeekday(month=month, weekday=weekday, nth=nth):
            fields = {"kind": Holiday.Kind.NTH_WEEKDAY, "month": month, "weekday": weekday, "nth": nth}
        case EasterOffset(days=days):
            fields = {"kind": Holiday.Kind.EASTER, "offset": days}
        case RRuleDate(rule=text, dtstart=start):
            fields = {"kind": Holiday.Kind.RRULE, "rule": text.strip(), "date": start}
    window = rule.window
    return Holiday(
        name=rule.name.strip(),
        prompt=rule.prompt,
        window_start=window.start if window else None,
        window_end=window.end if window else None,
        position=position,
        **fields,
        **owner,
    )
