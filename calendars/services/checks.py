"""Checks of a calendar's complete new state before anything is written: UCCX's field rules, the team
rule, the engine's validation and the UCCX projection's limits. A refusal is `CalendarInvalid` with
field-addressed messages; paths follow the engine's spec (`weekly.friday[1]`, `holidays[3].when.rule`,
`special_days[0].date`), which the API's document and the pages' forms mirror.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from calendars.data import CalendarData
from calendars.engine import (
    CalendarSpec,
    Emergency,
    FieldError,
    HolidayRule,
    RRuleDate,
    compile_calendar,
    validate_spec,
)
from calendars.engine.field_checks import control_character_error
from calendars.models import (
    Calendar,
    HolidayProfile,
)
from calendars.rows import build_spec
from calendars.uccx_projection import ProjectionError, UccxProjection, project_calendar
from calendars.validators import DAY_NAME_MAX, DESCRIPTION_MAX, MAX_CALENDARS, validate_calendar_name
from core.errors import InvalidInput
from core.rules import is_administrator
from core.services import team_assignment_errors
from core.validators import validate_prompt_path
from sync.applications import application_problem

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    Actor = AbstractBaseUser | None


NOTE_MAX = 200


APPLICATION_MAX = 30


RULE_MAX = 500


class CalendarInvalid(InvalidInput):
    """The calendar's new state is refused; `field_errors` address each problem. Nothing was saved."""


def django_errors(field: str, validator: Callable[[Any], None], value: Any) -> list[FieldError]:
    try:
        validator(value)
    except ValidationError as error:
        return [FieldError(field, message) for message in error.messages]
    return []


def too_long(value: str, limit: int, field: str, what: str) -> list[FieldError]:
    if len(value) <= limit:
        return []
    return [FieldError(field, f"{what} may have at most {limit} characters (this one has {len(value)}).")]


def _day_errors(name: str, prompt: str, field: str, what: str) -> list[FieldError]:
    return too_long(name, DAY_NAME_MAX, f"{field}.name", f"UCCX takes {what} names that") + django_errors(
        f"{field}.prompt", validate_prompt_path, prompt
    )


def _input_errors(data: CalendarData, calendar: Calendar | None, actor: Actor) -> list[FieldError]:
    """Who may assign the team, UCCX's rules on names and texts, and what the engine does not know about
    (uniqueness, counts)."""
    errors = team_assignment_errors(actor, data.team, existing=calendar, what="calendar")
    errors += django_errors("name", validate_calendar_name, data.name)
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
    errors += too_long(data.description, DESCRIPTION_MAX, "description", "The description")
    errors += control_character_error(data.description, "description")
    errors += too_long(data.uccx_application, APPLICATION_MAX, "uccx_application", "A UCCX application name")
    for situation in ("closed", "after_hours", "holiday", "emergency"):
        errors += django_errors(
            f"prompts.{situation}", validate_prompt_path, getattr(data.prompts, situation)
        )
    for index, pattern in enumerate(data.shift_patterns):
        errors += too_long(
            pattern.name, DAY_NAME_MAX, f"shift_patterns[{index}].name", "A shift pattern name"
        )
    errors += holiday_errors(data.holidays)
    for index, day in enumerate(data.special_days):
        errors += _day_errors(day.name, day.prompt, f"special_days[{index}]", "special-day")
    return errors


def holiday_errors(rules: Iterable[HolidayRule], field: str = "holidays") -> list[FieldError]:
    errors = []
    for index, rule in enumerate(rules):
        errors += _day_errors(rule.name, rule.prompt, f"{field}[{index}]", "holiday")
        if isinstance(rule.when, RRuleDate):
            errors += too_long(str(rule.when.rule), RULE_MAX, f"{field}[{index}].when.rule", "An RRULE")
    return errors


def binding_errors(application: str, calendar: Calendar | None, actor: Actor) -> list[FieldError]:
    """What reaches UCCX belongs to its owner: only administrators bind or re-bind a calendar to an
    application, which UCCX must have, and one application's calendar parameter names one calendar."""
    if application == (calendar.uccx_application if calendar else ""):
        return []
    if actor is not None and not is_administrator(actor):
        return [FieldError("uccx_application", "Only administrators bind a calendar to a UCCX application.")]
    if not application:
        return []
    problem = application_problem(application)
    if problem:
        return [FieldError("uccx_application", problem)]
    others = Calendar.objects.filter(uccx_application=application)
    other = others.exclude(pk=calendar.pk if calendar else None).first()
    if other is not None:
        message = f"Application {application} already uses calendar {other.name}; unbind that one first."
        return [FieldError("uccx_application", message)]
    return []


def raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise CalendarInvalid(errors)


def validated(
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
    raise_if(errors + [error for error in validate_spec(spec) if error.field not in reported])
    return spec, _projection(spec, data.description, strict=strict)


def _projection(spec: CalendarSpec, description: str, *, strict: bool) -> UccxProjection:
    try:
        return project_calendar(
            compile_calendar(spec), now=timezone.now(), description=description, strict=strict
        )
    except ProjectionError as error:
        raise CalendarInvalid(error.errors) from error
