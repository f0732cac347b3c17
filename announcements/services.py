"""Writes of announcements, services (DNs), caller regions and call switches.

Each write checks the actor's right once (the team rules of core/rules.py), validates the complete new
state, and in one transaction saves the rows (audited: django-simple-history names the actor) and marks
the IVR snapshot changed, so the IVR answers the new state as soon as the transaction commits. Bad input
raises `Invalid` with field-addressed messages before anything is written.

Team scoping goes through the services, as in the leading commercial tool: an announcement may only name
services the actor may see, and a supervisor's announcement belongs to one of their teams.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from announcements import names
from announcements.bindings import binding_sync
from announcements.matching import Overlap, normalise_number, overlaps
from announcements.models import Announcement, CallSwitch, Prompt, Region, Service
from announcements.publish import announcements_changed
from announcements.snapshot import announcement_data, build_data, spec_from_data
from calendars.models import Calendar
from core.errors import FieldError, InvalidInput
from core.models import Team
from core.rules import is_administrator
from core.services import team_assignment_errors
from core.validators import validate_time_zone
from sync.applications import application_problem
from sync.outbox import SyncResult

Actor = Any
_DN = re.compile(r"\+?[0-9*#]{1,50}")
_PREFIX = re.compile(r"\+?[0-9]{1,20}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_PREFIXES = 200


class Invalid(InvalidInput):
    """Field-addressed refusals given as `{"field": ["sentence", ...]}`; nothing was written."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(
            FieldError(field, message) for field, messages in errors.items() for message in messages
        )


def require(actor: Actor, action: str, obj: models.Model | None, model: type[models.Model]) -> None:
    """The one access check of this app's writes: `action` (add/change/delete) on `obj` (or the model)."""
    meta = model._meta
    if not actor.has_perm(f"{meta.app_label}.{action}_{meta.model_name}", obj):
        raise PermissionDenied(
            f"You cannot {action} this {meta.verbose_name}: it belongs to a team you do not supervise, "
            "or your role does not allow it."
        )


def check_team(actor: Actor, team: Team | None, *, existing: Any = None, what: str = "object") -> None:
    """The one team rule (core.services): supervisors assign their own teams, "everyone" is for
    administrators, an unchanged team is kept."""
    errors = team_assignment_errors(actor, team, existing=existing, what=what)
    if errors:
        raise InvalidInput(errors)


def _text(errors: dict[str, list[str]], name: str, value: str, limit: int, *, required: bool = False) -> None:
    if required and not value.strip():
        errors.setdefault(name, []).append("This is required.")
    elif len(value) > limit:
        errors.setdefault(name, []).append(f"At most {limit} characters (this has {len(value)}).")
    elif _CONTROL.search(value):
        errors.setdefault(name, []).append("Control characters are not allowed.")


def _validator(errors: dict[str, list[str]], name: str, check: Callable[[str], None], value: str) -> None:
    try:
        check(value)
    except ValidationError as error:
        errors.setdefault(name, []).extend(error.messages)


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise Invalid(errors)


def _others(queryset: QuerySet[Any], row: models.Model | None) -> QuerySet[Any]:
    """The queryset without `row` (the object being changed, if any)."""
    return queryset if row is None else queryset.exclude(pk=row.pk)


def _refuse_if_used(what: str, users: Iterable[str]) -> None:
    used = sorted(users)
    if used:
        raise Invalid(
            {"__all__": [f"{what} is used by the announcement(s) {', '.join(used)}; remove it there first."]}
        )


def _audited_save(row: models.Model, actor: Actor) -> None:
    row._history_user = actor  # type: ignore[attr-defined]  # the audit names the actor on API saves too
    row.save()


# --- services (DNs) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceData:
    dn: str
    name: str
    team: Team | None = None
    calendar: Calendar | None = None
    default_target: str = ""


def service_save(*, actor: Actor, data: ServiceData, service: Service | None = None) -> Service:
    require(actor, "change" if service else "add", service, Service)
    check_team(actor, data.team, existing=service, what="service")
    errors: dict[str, list[str]] = {}
    dn = data.dn.strip().replace(" ", "")
    if not _DN.fullmatch(dn):
        errors["dn"] = ["A directory number has digits (and *, #, a leading +), at most 50."]
    elif _others(Service.objects.filter(dn=dn), service).exists():
        errors["dn"] = [f"Another service already has the number {dn}."]
    _text(errors, "name", data.name, 100, required=True)
    _text(errors, "default_target", data.default_target, 50)
    if data.calendar is not None and not actor.has_perm("calendars.view_calendar", data.calendar):
        errors["calendar"] = ["You cannot use that calendar."]
    _raise_if(errors)
    row = service or Service()
    row.dn, row.name, row.team = dn, data.name.strip(), data.team
    row.calendar, row.default_target = data.calendar, data.default_target.strip()
    with transaction.atomic():
        _audited_save(row, actor)
        announcements_changed()
    return row


def service_delete(*, actor: Actor, service: Service) -> None:
    require(actor, "delete", service, Service)
    _refuse_if_used(str(service), service.announcements.values_list("name", flat=True))
    with transaction.atomic():
        service._history_user = actor  # type: ignore[attr-defined]
        service.delete()
        announcements_changed()


# --- regions ----------------------------------------------------------------------------------------


def parse_prefixes(text: str | Iterable[str]) -> list[str]:
    """Prefixes from a list or from text (commas, semicolons or new lines between them), trimmed."""
    items = re.split(r"[,;\n]+", text) if isinstance(text, str) else list(text)
    return [item.strip().replace(" ", "").replace("-", "") for item in items if item and item.strip()]


def region_save(
    *,
    actor: Actor,
    name: str,
    prefixes: Iterable[str],
    team: Team | None = None,
    region: Region | None = None,
) -> Region:
    require(actor, "change" if region else "add", region, Region)
    check_team(actor, team, existing=region, what="region")
    errors: dict[str, list[str]] = {}
    _text(errors, "name", name, 100, required=True)
    cleaned = parse_prefixes(prefixes)
    bad = [prefix for prefix in cleaned if not _PREFIX.fullmatch(prefix)]
    if bad:
        errors["prefixes"] = [f"Not a number prefix: {', '.join(bad[:5])} (digits, an optional leading +)."]
    elif not cleaned:
        errors["prefixes"] = ["Give at least one prefix, e.g. +41 44."]
    elif len(cleaned) > MAX_PREFIXES:
        errors["prefixes"] = [f"At most {MAX_PREFIXES} prefixes per region."]
    _raise_if(errors)
    row = region or Region()
    row.name, row.prefixes, row.team = name.strip(), sorted(set(cleaned)), team
    try:
        with transaction.atomic():
            _audited_save(row, actor)
            announcements_changed()
    except IntegrityError:
        raise Invalid({"name": [f"There is already a region called {name.strip()}."]}) from None
    return row


def region_delete(*, actor: Actor, region: Region) -> None:
    require(actor, "delete", region, Region)
    _refuse_if_used(f"Region {region}", region.announcements.values_list("name", flat=True))
    with transaction.atomic():
        region._history_user = actor  # type: ignore[attr-defined]
        region.delete()
        announcements_changed()


# --- announcements ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnnouncementData:
    name: str
    kind: str = Announcement.Kind.GENERAL
    description: str = ""
    enabled: bool = True
    prompt: Prompt | None = None
    team: Team | None = None
    services: tuple[Service, ...] = ()
    regions: tuple[Region, ...] = ()
    order: int = 1
    then: str = Announcement.Then.CONTINUE
    time_zone: str = "UTC"
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    recurrence: str = Announcement.Recurrence.DAILY
    days_of_week: tuple[int, ...] = ()
    window_start: time | None = None
    window_end: time | None = None
    uccx_application: str = ""
    uccx_parameter: str = ""


@dataclass
class AnnouncementResult:
    announcement: Announcement
    overlaps: list[Overlap] = field(default_factory=list)
    binding: SyncResult | None = None  # what became of the Playable binding in UCCX, if it has one


def _announcement_errors(
    actor: Actor, data: AnnouncementData, row: Announcement | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    _validator(errors, "name", names.validate_slot_name, data.name)
    if _others(Announcement.objects.filter(name__iexact=data.name), row).exists():
        errors.setdefault("name", []).append(f"There is already an announcement called {data.name}.")
    _text(errors, "description", data.description, 200)
    if data.kind not in Announcement.Kind.values:
        errors["kind"] = [f"Choose one of {', '.join(Announcement.Kind.values)}."]
    if data.then not in Announcement.Then.values:
        errors["then"] = [f"Choose one of {', '.join(Announcement.Then.values)}."]
    if data.recurrence not in Announcement.Recurrence.values:
        errors["recurrence"] = [f"Choose one of {', '.join(Announcement.Recurrence.values)}."]
    if not 0 <= data.order <= 999:
        errors["order"] = ["The order is a number from 0 to 999."]
    _validator(errors, "time_zone", validate_time_zone, data.time_zone)
    if data.starts_at and data.ends_at and data.ends_at <= data.starts_at:
        errors["ends_at"] = ["The end must come after the start."]
    if data.recurrence in ("monthly", "yearly") and data.starts_at is None:
        errors["starts_at"] = [f"A {data.recurrence} announcement repeats its start's date: give a start."]
    if data.recurrence == "weekly" and not data.days_of_week:
        errors["days_of_week"] = ["Choose the days of the week it plays on."]
    if any(day not in range(7) for day in data.days_of_week):
        errors["days_of_week"] = ["Days of the week are 0 (Monday) to 6 (Sunday)."]
    if (data.window_start is None) != (data.window_end is None):
        errors["window_end"] = ["Give both ends of the time window, or neither (the whole day)."]
    if data.prompt is None and data.enabled:
        errors["prompt"] = ["Choose the prompt it plays (or leave it disabled)."]
    elif data.prompt is not None and not actor.has_perm("announcements.view_prompt", data.prompt):
        errors["prompt"] = ["You cannot use that prompt."]
    hidden = [str(s) for s in data.services if not actor.has_perm("announcements.view_service", s)]
    if hidden:
        errors["services"] = [f"You cannot use the service(s) {', '.join(hidden)}."]
    if not is_administrator(actor) and not data.services:
        errors.setdefault("services", []).append("Choose the services (numbers) of your teams it plays on.")
    if bool(data.uccx_application) != bool(data.uccx_parameter):
        errors["uccx_parameter"] = ["Give both the UCCX application and its Playable parameter, or neither."]
    _text(errors, "uccx_application", data.uccx_application, 30)
    _text(errors, "uccx_parameter", data.uccx_parameter, 50)
    for problem in _binding_errors(actor, data, row):
        errors.setdefault("uccx_application", []).append(problem)
    return errors


def _binding_errors(actor: Actor, data: AnnouncementData, row: Announcement | None) -> list[str]:
    """What reaches UCCX belongs to its owner (as for calendars): only administrators bind or re-bind an
    announcement to an application's parameter, which UCCX must have, and one parameter plays one slot."""
    wanted = (data.uccx_application.strip(), data.uccx_parameter.strip())
    if wanted == ((row.uccx_application, row.uccx_parameter) if row else ("", "")):
        return []
    if actor is not None and not is_administrator(actor):
        return ["Only administrators bind an announcement to a UCCX application."]
    if not wanted[0]:
        return []
    problem = application_problem(wanted[0])
    if problem:
        return [problem]
    other = _others(
        Announcement.objects.filter(uccx_application=wanted[0], uccx_parameter=wanted[1]), row
    ).first()
    if other is not None:
        return [f"{wanted[0]} {wanted[1]} already plays announcement {other.name}; unbind that one first."]
    return []


def _overlaps_of(row: Announcement, data: AnnouncementData) -> list[Overlap]:
    """Overlaps of the saved state with the others (warnings: the order no longer decides)."""
    services = sorted(normalise_number(service.dn) for service in data.services)
    prefixes = sorted({normalise_number(p) for region in data.regions for p in region.prefixes})
    mine = spec_from_data(announcement_data(row, services, prefixes))
    others = [spec_from_data(item) for item in build_data()["announcements"] if item["name"] != row.name]
    return overlaps(mine, others, now=timezone.now())


def announcement_save(
    *, actor: Actor, data: AnnouncementData, announcement: Announcement | None = None
) -> AnnouncementResult:
    """Create or replace an announcement; the result lists overlaps to warn about."""
    require(actor, "change" if announcement else "add", announcement, Announcement)
    check_team(actor, data.team, existing=announcement, what="announcement")
    _raise_if(_announcement_errors(actor, data, announcement))
    row = announcement or Announcement()
    for name in (
        "kind", "enabled", "prompt", "team", "order", "then", "time_zone", "starts_at", "ends_at",
        "recurrence", "window_start", "window_end",
    ):  # fmt: skip
        setattr(row, name, getattr(data, name))
    row.name, row.description = data.name.strip(), data.description.strip()
    row.days_of_week = sorted(set(data.days_of_week))
    row.uccx_application, row.uccx_parameter = data.uccx_application.strip(), data.uccx_parameter.strip()
    with transaction.atomic():
        _audited_save(row, actor)
        row.services.set(data.services)
        row.regions.set(data.regions)
        announcements_changed()
    binding = binding_sync(actor=actor, announcement=row)  # after the commit, as its own change
    return AnnouncementResult(row, _overlaps_of(row, data), binding)


def announcement_enable(*, actor: Actor, announcement: Announcement, enabled: bool) -> Announcement:
    require(actor, "change", announcement, Announcement)
    if enabled and announcement.prompt is None:
        raise Invalid({"enabled": ["Choose a prompt before enabling it."]})
    announcement.enabled = enabled
    with transaction.atomic():
        _audited_save(announcement, actor)
        announcements_changed()
    return announcement


def announcement_delete(*, actor: Actor, announcement: Announcement) -> None:
    require(actor, "delete", announcement, Announcement)
    with transaction.atomic():
        announcement._history_user = actor  # type: ignore[attr-defined]
        announcement.delete()
        announcements_changed()


# --- call switches ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SwitchData:
    name: str
    on: bool = False
    value: str = ""
    note: str = ""
    expires_at: datetime | None = None
    team: Team | None = None


def switch_save(*, actor: Actor, data: SwitchData, switch: CallSwitch | None = None) -> CallSwitch:
    require(actor, "change" if switch else "add", switch, CallSwitch)
    check_team(actor, data.team, existing=switch, what="switch")
    errors: dict[str, list[str]] = {}
    _validator(errors, "name", names.validate_slot_name, data.name)
    if _others(CallSwitch.objects.filter(name__iexact=data.name), switch).exists():
        errors.setdefault("name", []).append(f"There is already a switch called {data.name}.")
    _text(errors, "value", data.value, 100)
    _text(errors, "note", data.note, 200)
    if data.on and data.expires_at is not None and data.expires_at <= timezone.now():
        errors["expires_at"] = ["The expiry must be in the future."]
    _raise_if(errors)
    row = switch or CallSwitch()
    row.name, row.on, row.value, row.note = data.name.strip(), data.on, data.value.strip(), data.note.strip()
    row.expires_at, row.team = data.expires_at, data.team
    with transaction.atomic():
        _audited_save(row, actor)
        announcements_changed()
    return row


def switch_flip(
    *, actor: Actor, switch: CallSwitch, on: bool, note: str | None = None, expires_at: datetime | None = None
) -> CallSwitch:
    """Turn a switch on (optionally with a note and an expiry) or off; the note stays unless given."""
    data = SwitchData(
        name=switch.name,
        on=on,
        value=switch.value,
        note=switch.note if note is None else note,
        expires_at=expires_at if on else None,
        team=switch.team,
    )
    return switch_save(actor=actor, data=data, switch=switch)


def switch_delete(*, actor: Actor, switch: CallSwitch) -> None:
    require(actor, "delete", switch, CallSwitch)
    with transaction.atomic():
        switch._history_user = actor  # type: ignore[attr-defined]
        switch.delete()
        announcements_changed()
