"""Holidays: a calendar's own, imported ones (public holidays, iCalendar files), shared holiday profiles."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from calendars.engine import (
    CalendarSpec,
    FieldError,
    HolidayRule,
    import_country_holidays,
    validate_spec,
)
from calendars.engine.field_checks import control_character_error
from calendars.ics import IcsError, rules_from_ics
from calendars.models import (
    Calendar,
    Holiday,
    HolidayProfile,
)
from calendars.rows import calendar_data, calendar_emergency
from calendars.validators import DAY_NAME_MAX
from core.services import team_assignment_errors
from sync.outbox import SyncResult, commit_and_sync

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    Actor = AbstractBaseUser | None
from calendars.rows import holiday_row
from calendars.services.checks import CalendarInvalid, holiday_errors, raise_if, too_long, validated
from calendars.services.saving import SaveResult, bump_version, change_calendar, store_version


def holiday_add(*, calendar: Calendar, actor: Actor, rule: HolidayRule) -> SaveResult:
    holidays = calendar_data(calendar).holidays
    return change_calendar(calendar, actor, f"Added holiday {rule.name}", holidays=(*holidays, rule))


def holiday_delete(*, calendar: Calendar, actor: Actor, index: int) -> SaveResult:
    holidays = list(calendar_data(calendar).holidays)
    removed = holidays.pop(index)
    return change_calendar(calendar, actor, f"Removed holiday {removed.name}", holidays=tuple(holidays))


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
    saved = change_calendar(calendar, actor, f"{summary}: {len(new)} holidays", holidays=(*holidays, *new))
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
    errors = too_long(name, 100, "name", "A profile name") + too_long(description, 200, "description", "It")
    errors += control_character_error(name, "name") + control_character_error(description, "description")
    errors += holiday_errors(holidays)
    errors += team_assignment_errors(actor, team, existing=profile, what="holiday profile")
    if not name:
        errors.append(FieldError("name", "Enter the profile's name."))
    if HolidayProfile.objects.filter(name__iexact=name).exclude(pk=profile.pk if profile else None).exists():
        errors.append(FieldError("name", f"Another holiday profile is already called {name!r}."))
    probe = CalendarSpec(name="profile", time_zone="UTC", holidays=holidays)
    errors += [error for error in validate_spec(probe) if error.field.startswith("holidays")]
    raise_if(errors)

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
            spec, projection = validated(
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
            bump_version(calendar, summary, actor)
            store_version(calendar, spec, projection, actor=actor, summary=summary)

    return list(commit_and_sync(write_all).results)
