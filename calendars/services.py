"""Writes of the calendars app.

Every save goes the same way (`_save`): validate the calendar's complete new state first (UCCX's field
rules, the engine's validation, the UCCX projection's limits), and only then, in ONE transaction, replace
the calendar's rows, rebuild its snapshot (what the IVR API answers from) and record the UCCX change in
the outbox; after the commit the change is written through to UCCX (or stays queued). Bad input raises
`CalendarInvalid` with field-addressed messages before anything is written.

Field paths follow the engine's spec (`weekly.friday[1]`, `holidays[3].when.rule`, `special_days[0].date`),
which the API's document and the pages' forms mirror.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from calendars.data import CalendarData
from calendars.engine import (
    CalendarSpec,
    DateRange,
    EasterOffset,
    Emergency,
    FieldError,
    HolidayRule,
    NthWeekday,
    OnDate,
    RRuleDate,
    ShiftPattern,
    SpecialDay,
    Weekday,
    WeeklyHours,
    YearlyDate,
    YearlyRange,
    compile_calendar,
    import_country_holidays,
    validate_emergency,
    validate_spec,
)
from calendars.engine.validation import control_character_error
from calendars.ics import IcsError, rules_from_ics
from calendars.models import (
    Calendar,
    CalendarSnapshot,
    Holiday,
    HolidayProfile,
    ShiftPeriod,
    WeeklyInterval,
)
from calendars.models import ShiftPattern as ShiftPatternRow
from calendars.models import SpecialDay as SpecialDayRow
from calendars.selectors import (
    BINDING_KIND,
    SYNC_KIND,
    build_spec,
    calendar_compiled,
    calendar_data,
    calendar_emergency,
)
from calendars.snapshot import forget_snapshot, interval_text, publish_snapshot, spec_to_data
from calendars.uccx_projection import ProjectionError, UccxProjection, project_calendar
from calendars.validators import (
    DAY_NAME_MAX,
    DESCRIPTION_MAX,
    MAX_CALENDARS,
    validate_calendar_name,
    validate_prompt_path,
)
from core.errors import InvalidInput
from core.services import team_assignment_errors
from sync.models import OutboxChange
from sync.outbox import SyncResult, commit_and_sync, enqueue_change
from sync.selectors import last_payload

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    Actor = AbstractBaseUser | None

NOTE_MAX = 200
APPLICATION_MAX = 30
RULE_MAX = 500


class CalendarInvalid(InvalidInput):
    """The calendar's new state is refused; `field_errors` address each problem. Nothing was saved."""


@dataclass(frozen=True)
class SaveResult:
    calendar: Calendar
    syncs: tuple[SyncResult, ...]  # the calendar's change, then its application binding's (if any)
    projection: UccxProjection

    @property
    def sync(self) -> SyncResult:
        """The calendar's own change."""
        return self.syncs[0]


# --- checks ---------------------------------------------------------------------------------------


def _django_errors(field: str, validator: Callable[[Any], None], value: Any) -> list[FieldError]:
    try:
        validator(value)
    except ValidationError as error:
        return [FieldError(field, message) for message in error.messages]
    return []


def _too_long(value: str, limit: int, field: str, what: str) -> list[FieldError]:
    if len(value) <= limit:
        return []
    return [FieldError(field, f"{what} may have at most {limit} characters (this one has {len(value)}).")]


def _day_errors(name: str, prompt: str, field: str, what: str) -> list[FieldError]:
    return _too_long(name, DAY_NAME_MAX, f"{field}.name", f"UCCX takes {what} names that") + _django_errors(
        f"{field}.prompt", validate_prompt_path, prompt
    )


def _input_errors(data: CalendarData, calendar: Calendar | None, actor: Actor) -> list[FieldError]:
    """Who may assign the team, UCCX's rules on names and texts, and what the engine does not know about
    (uniqueness, counts)."""
    errors = team_assignment_errors(actor, data.team, existing=calendar, what="calendar")
    errors += _django_errors("name", validate_calendar_name, data.name)
    clash = (
        Calendar.objects.filter(name__iexact=data.name).exclude(pk=calendar.pk if calendar else None).first()
    )
    if clash is not None:
        errors.append(
            FieldError("name", f"Another calendar is already called {clash.name!r} (whatever the case).")
        )
    if calendar is None and Calendar.objects.count() >= MAX_CALENDARS:
        errors.append(
            FieldError(NON_FIELD_ERRORS, f"UCCX holds at most {MAX_CALENDARS} calendars; delete one first.")
        )
    errors += _too_long(data.description, DESCRIPTION_MAX, "description", "The description")
    errors += control_character_error(data.description, "description")
    errors += _too_long(data.uccx_application, APPLICATION_MAX, "uccx_application", "A UCCX application name")
    for situation in ("closed", "after_hours", "holiday", "emergency"):
        errors += _django_errors(
            f"prompts.{situation}", validate_prompt_path, getattr(data.prompts, situation)
        )
    for index, pattern in enumerate(data.shift_patterns):
        errors += _too_long(
            pattern.name, DAY_NAME_MAX, f"shift_patterns[{index}].name", "A shift pattern name"
        )
    errors += _holiday_errors(data.holidays)
    for index, day in enumerate(data.special_days):
        errors += _day_errors(day.name, day.prompt, f"special_days[{index}]", "special-day")
    return errors


def _holiday_errors(rules: Iterable[HolidayRule], field: str = "holidays") -> list[FieldError]:
    errors = []
    for index, rule in enumerate(rules):
        errors += _day_errors(rule.name, rule.prompt, f"{field}[{index}]", "holiday")
        if isinstance(rule.when, RRuleDate):
            errors += _too_long(str(rule.when.rule), RULE_MAX, f"{field}[{index}].when.rule", "An RRULE")
    return errors


def _raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise CalendarInvalid(errors)


def _validated(
    data: CalendarData,
    emergency: Emergency | None,
    calendar: Calendar | None,
    *,
    strict: bool = True,
    profile_rules: tuple[HolidayProfile, tuple[HolidayRule, ...]] | None = None,
    actor: Actor = None,
) -> tuple[CalendarSpec, UccxProjection]:
    """Every check on the complete new state: fields, engine, UCCX projection; raises `CalendarInvalid`."""
    errors = _input_errors(data, calendar, actor)
    spec = build_spec(data, emergency, profile_rules)
    reported = {error.field for error in errors}
    _raise_if(errors + [error for error in validate_spec(spec) if error.field not in reported])
    return spec, _projection(spec, data.description, strict=strict)


def _projection(spec: CalendarSpec, description: str, *, strict: bool) -> UccxProjection:
    try:
        return project_calendar(
            compile_calendar(spec), now=timezone.now(), description=description, strict=strict
        )
    except ProjectionError as error:
        raise CalendarInvalid(error.errors) from error


# --- the one way to save --------------------------------------------------------------------------


def _save(
    calendar: Calendar | None,
    data: CalendarData | None,
    emergency: Emergency | None,
    *,
    actor: Actor,
    summary: str,
    strict: bool = True,
) -> SaveResult:
    """Validate, then write rows (`data` None: they stay), snapshot and outbox in one transaction."""
    current = data or calendar_data(calendar)
    spec, projection = _validated(current, emergency, calendar, strict=strict, actor=actor)
    previous_name = calendar.name if calendar else ""
    bind = bool(current.uccx_application) and (
        calendar is None
        or current.uccx_application != calendar.uccx_application
        or current.name != previous_name
    )

    def write() -> Calendar:
        row = calendar or Calendar()
        _set_fields(row, current, emergency)
        _bump(row, summary, actor)
        if data is not None:
            _replace_rows(row, data)
        change = _store(row, spec, projection, actor=actor, summary=summary, previous_name=previous_name)
        if bind:
            enqueue_change(
                kind=BINDING_KIND,
                key=row.pk,
                operation="upsert",
                payload={"application": row.uccx_application, "calendar": row.name},
                actor=actor,
                summary=f"Bind {row.uccx_application}'s CCCalendar parameter to {row.name}",
                after=change,  # UCCX refuses a parameter naming a calendar it does not have
            )
        return row

    try:
        saved = commit_and_sync(write)
    except IntegrityError as error:  # a concurrent save took the name between the check and the write
        if calendar is not None:
            calendar.refresh_from_db()
        raise CalendarInvalid(
            [FieldError("name", "Another calendar was just saved with this name.")]
        ) from error
    return SaveResult(saved.value, saved.results, projection)


def _set_fields(row: Calendar, data: CalendarData, emergency: Emergency | None) -> None:
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


def _bump(row: Calendar, summary: str, actor: Actor) -> None:
    """A new version of the calendar: saved with what changed and by whom (the audit record)."""
    row.version += 1
    row.last_change = summary[:200]
    if getattr(actor, "is_authenticated", False):
        row._history_user = actor  # the audit names the actor on API and task saves too
    row.save()


def _store(
    row: Calendar,
    spec: CalendarSpec,
    projection: UccxProjection,
    *,
    actor: Actor,
    summary: str,
    previous_name: str = "",
) -> OutboxChange:
    """Inside the save's transaction: the snapshot of this version and the UCCX change."""
    snapshot = spec_to_data(spec)
    CalendarSnapshot.objects.update_or_create(
        calendar=row,
        defaults={"name": row.name, "version": row.version, "spec": snapshot, "built_at": timezone.now()},
    )
    version, name = row.version, row.name
    transaction.on_commit(lambda: publish_snapshot(name, version, snapshot))
    if previous_name and previous_name != name:
        transaction.on_commit(lambda: forget_snapshot(previous_name))
    return enqueue_change(
        kind=SYNC_KIND, key=row.pk, operation="upsert", payload=projection.body, actor=actor, summary=summary
    )


def _replace_rows(row: Calendar, data: CalendarData) -> None:
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


# --- calendars ------------------------------------------------------------------------------------


def calendar_create(*, actor: Actor, data: CalendarData) -> SaveResult:
    return _save(None, data, None, actor=actor, summary=f"Created calendar {data.name}")


def calendar_update(*, calendar: Calendar, actor: Actor, data: CalendarData, summary: str = "") -> SaveResult:
    """Replace the calendar's state with `data` (its emergency switch stays as it is)."""
    return _save(
        calendar, data, calendar_emergency(calendar), actor=actor, summary=summary or "Changed the calendar"
    )


def calendar_delete(*, calendar: Calendar, actor: Actor) -> SyncResult:
    """Delete here and in UCCX (UCCX refuses while an application still uses the calendar)."""
    name = calendar.name

    def write() -> None:
        enqueue_change(
            kind=SYNC_KIND,
            key=calendar.pk,
            operation="delete",
            payload={"name": name},
            actor=actor,
            summary=f"Deleted calendar {name}",
        )
        if getattr(actor, "is_authenticated", False):
            calendar._history_user = actor
        calendar.delete()
        transaction.on_commit(lambda: forget_snapshot(name))

    return commit_and_sync(write).result


def _change(calendar: Calendar, actor: Actor, summary: str, **changes: Any) -> SaveResult:
    """A partial edit: the current state with some parts replaced."""
    return calendar_update(
        calendar=calendar, actor=actor, data=replace(calendar_data(calendar), **changes), summary=summary
    )


# --- weekly hours and shift patterns --------------------------------------------------------------


def weekly_hours_set(*, calendar: Calendar, actor: Actor, weekly: WeeklyHours) -> SaveResult:
    return _change(calendar, actor, "Changed the weekly hours", weekly=weekly)


def weekly_hours_copy(
    *, calendar: Calendar, actor: Actor, from_day: int, to_days: Iterable[int], pattern: int | None = None
) -> SaveResult:
    """Copy one weekday's intervals over other weekdays (weekly hours, or shift pattern `pattern`)."""
    data = calendar_data(calendar)
    targets = sorted({Weekday(day) for day in to_days} - {Weekday(from_day)})
    if not targets:
        raise CalendarInvalid([FieldError("to_days", "Choose at least one other day to copy to.")])
    source = data.weekly if pattern is None else data.shift_patterns[pattern].weekly
    copied = WeeklyHours.from_mapping(
        {day: source.for_weekday(from_day) if day in targets else source.for_weekday(day) for day in Weekday}
    )
    summary = f"Copied {Weekday(from_day).label}'s hours to {', '.join(day.label for day in targets)}"
    if pattern is None:
        return _change(calendar, actor, summary, weekly=copied)
    patterns = list(data.shift_patterns)
    patterns[pattern] = replace(patterns[pattern], weekly=copied)
    return _change(calendar, actor, f"{summary} ({patterns[pattern].name})", shift_patterns=tuple(patterns))


def shift_pattern_save(
    *, calendar: Calendar, actor: Actor, pattern: ShiftPattern, index: int | None = None
) -> SaveResult:
    """Add a shift pattern (`index` None) or replace the one at `index`."""
    patterns = list(calendar_data(calendar).shift_patterns)
    if index is None:
        patterns.append(pattern)
    else:
        patterns[index] = pattern
    return _change(calendar, actor, f"Saved shift pattern {pattern.name}", shift_patterns=tuple(patterns))


def shift_pattern_delete(*, calendar: Calendar, actor: Actor, index: int) -> SaveResult:
    patterns = list(calendar_data(calendar).shift_patterns)
    removed = patterns.pop(index)
    return _change(calendar, actor, f"Removed shift pattern {removed.name}", shift_patterns=tuple(patterns))


# --- holidays -------------------------------------------------------------------------------------


def holiday_add(*, calendar: Calendar, actor: Actor, rule: HolidayRule) -> SaveResult:
    holidays = calendar_data(calendar).holidays
    return _change(calendar, actor, f"Added holiday {rule.name}", holidays=(*holidays, rule))


def holiday_delete(*, calendar: Calendar, actor: Actor, index: int) -> SaveResult:
    holidays = list(calendar_data(calendar).holidays)
    removed = holidays.pop(index)
    return _change(calendar, actor, f"Removed holiday {removed.name}", holidays=tuple(holidays))


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int
    saved: SaveResult | None  # None: nothing new, nothing saved


def _add_rules(calendar: Calendar, actor: Actor, rules: list[HolidayRule], summary: str) -> ImportResult:
    """Append the rules the calendar does not have yet (same name and date rule)."""
    holidays = calendar_data(calendar).holidays
    known = {(rule.name, rule.when, rule.window) for rule in holidays}
    new = []
    for rule in rules:
        rule = replace(rule, name=rule.name[:DAY_NAME_MAX])
        if (rule.name, rule.when, rule.window) not in known:
            known.add((rule.name, rule.when, rule.window))
            new.append(rule)
    if not new:
        return ImportResult(0, len(rules), None)
    saved = _change(calendar, actor, f"{summary}: {len(new)} holidays", holidays=(*holidays, *new))
    return ImportResult(len(new), len(rules) - len(new), saved)


def holidays_import(
    *, calendar: Calendar, actor: Actor, country: str, subdivision: str = "", years: Iterable[int]
) -> ImportResult:
    """National (and regional) public holidays of `years` from the `holidays` package, as one-off dates."""
    years = sorted(set(years))
    try:
        rules = import_country_holidays(country, subdivision or None, years=years)
    except ValueError as error:
        message = str(error)
        field = "subdivision" if "subdivision" in message else "years" if "years" in message else "country"
        raise CalendarInvalid([FieldError(field, message)]) from error
    where = f"{country.upper()}-{subdivision.upper()}" if subdivision else country.upper()
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]} to {years[-1]}"
    return _add_rules(calendar, actor, rules, f"Imported the public holidays of {where} for {span}")


def ics_import(*, calendar: Calendar, actor: Actor, data: bytes) -> ImportResult:
    try:
        rules = rules_from_ics(data, ZoneInfo(calendar.time_zone))
    except IcsError as error:
        raise CalendarInvalid([FieldError("file", str(error))]) from error
    return _add_rules(calendar, actor, rules, "Imported an iCalendar file")


# --- special days ---------------------------------------------------------------------------------


def special_day_set(*, calendar: Calendar, actor: Actor, day: SpecialDay) -> SaveResult:
    """Add the special day, or replace the one on the same date."""
    days = [existing for existing in calendar_data(calendar).special_days if existing.date != day.date]
    days = sorted([*days, day], key=lambda d: d.date)
    return _change(
        calendar, actor, f"Set special day {day.date.isoformat()} {day.name}", special_days=tuple(days)
    )


def special_day_delete(*, calendar: Calendar, actor: Actor, day: date) -> SaveResult:
    days = tuple(existing for existing in calendar_data(calendar).special_days if existing.date != day)
    return _change(calendar, actor, f"Removed special day {day.isoformat()}", special_days=days)


# --- the emergency switch -------------------------------------------------------------------------


def emergency_switch_on(
    *,
    calendar: Calendar,
    actor: Actor,
    mode: str,
    note: str,
    prompt: str = "",
    expires_at: datetime | None = None,
) -> SaveResult:
    """Force the calendar closed or open now, until `expires_at` or until switched off. Never refused for
    what UCCX cannot express: its copy gets the closest fit (see uccx_projection)."""
    emergency = Emergency(mode, note.strip(), prompt.strip(), expires_at)
    errors = validate_emergency(emergency)
    errors += _too_long(emergency.note, NOTE_MAX, "emergency.note", "The note")
    errors += _django_errors("emergency.prompt", validate_prompt_path, emergency.prompt)
    if expires_at is not None and expires_at.utcoffset() is not None and expires_at <= timezone.now():
        errors.append(FieldError("emergency.expires_at", "The end must be in the future."))
    _raise_if(errors)
    label = "force closed" if mode == "force_closed" else "force open"
    until = (
        f" until {expires_at.astimezone(ZoneInfo(calendar.time_zone)):%Y-%m-%d %H:%M}" if expires_at else ""
    )
    summary = f"Emergency switch ON ({label}{until}): {emergency.note}"
    return _save(calendar, None, emergency, actor=actor, summary=summary, strict=False)


def emergency_switch_off(*, calendar: Calendar, actor: Actor) -> SaveResult:
    return _save(calendar, None, None, actor=actor, summary="Emergency switch OFF", strict=False)


# --- holiday profiles -----------------------------------------------------------------------------


def holiday_profile_save(
    *,
    profile: HolidayProfile | None,
    actor: Actor,
    name: str,
    description: str = "",
    team: Any = None,
    holidays: tuple[HolidayRule, ...] = (),
) -> tuple[HolidayProfile, list[SyncResult]]:
    """Create or replace a shared holiday profile. Every calendar using it is re-checked first (one that
    cannot take the new holidays refuses the save, named), then re-snapshotted and re-queued for UCCX in
    the same transaction."""
    name = name.strip()
    errors = _too_long(name, 100, "name", "A profile name") + _too_long(description, 200, "description", "It")
    errors += control_character_error(name, "name") + control_character_error(description, "description")
    errors += _holiday_errors(holidays)
    errors += team_assignment_errors(actor, team, existing=profile, what="holiday profile")
    if not name:
        errors.append(FieldError("name", "Enter the profile's name."))
    if HolidayProfile.objects.filter(name__iexact=name).exclude(pk=profile.pk if profile else None).exists():
        errors.append(FieldError("name", f"Another holiday profile is already called {name!r}."))
    probe = CalendarSpec(name="profile", time_zone="UTC", holidays=holidays)
    errors += [error for error in validate_spec(probe) if error.field.startswith("holidays")]
    _raise_if(errors)

    def write(row: HolidayProfile) -> None:
        row.name, row.description, row.team = name, description, team
        if getattr(actor, "is_authenticated", False):
            row._history_user = actor
        row.save()
        row.holidays.all().delete()
        Holiday.objects.bulk_create(
            holiday_row(rule, position, profile=row) for position, rule in enumerate(holidays)
        )

    row = profile or HolidayProfile()
    return row, _profile_change(row, holidays, write, actor, f"Holiday profile {name} changed")


def holiday_profile_delete(*, profile: HolidayProfile, actor: Actor) -> list[SyncResult]:
    """Delete a profile; the calendars using it lose its holidays (here and in UCCX)."""
    return _profile_change(
        profile, (), lambda row: row.delete(), actor, f"Holiday profile {profile.name} deleted"
    )


def _profile_change(
    profile: HolidayProfile,
    holidays: tuple[HolidayRule, ...],
    write: Callable[[HolidayProfile], None],
    actor: Actor,
    summary: str,
) -> list[SyncResult]:
    prepared = []
    for calendar in profile.calendars.all() if profile.pk else []:
        try:
            spec, projection = _validated(
                calendar_data(calendar),
                calendar_emergency(calendar),
                calendar,
                profile_rules=(profile, holidays),
            )
        except CalendarInvalid as error:
            raise CalendarInvalid(
                [FieldError("holidays", f"Calendar {calendar.name}: {e.message}") for e in error.field_errors]
            ) from error
        prepared.append((calendar, spec, projection))

    def write_all() -> None:
        write(profile)
        for calendar, spec, projection in prepared:
            _bump(calendar, summary, actor)
            _store(calendar, spec, projection, actor=actor, summary=summary)

    return list(commit_and_sync(write_all).results)


# --- the daily re-projection ----------------------------------------------------------------------


def calendar_reproject(*, calendar: Calendar) -> SyncResult | None:
    """Queue UCCX's copy again when today's projection differs from the last one queued (the holiday
    horizon moved, a shift pattern began, an emergency expired); None when nothing changed."""
    projection = project_calendar(
        calendar_compiled(calendar), now=timezone.now(), description=calendar.description, strict=False
    )
    if last_payload(SYNC_KIND, calendar.pk) == projection.body:
        return None

    def write() -> None:
        summary = f"Daily re-projection: UCCX's copy now covers up to {projection.horizon_end.isoformat()}"
        enqueue_change(
            kind=SYNC_KIND, key=calendar.pk, operation="upsert", payload=projection.body, summary=summary
        )

    return commit_and_sync(write).result


def calendars_reproject_all() -> int:
    """Re-project every calendar (the beat task); returns how many changes were queued."""
    return sum(calendar_reproject(calendar=calendar) is not None for calendar in Calendar.objects.all())
