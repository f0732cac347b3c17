"""The one way a calendar is saved, and the saves of a whole calendar (create, update, delete, re-project).

Every save goes the same way (`save_calendar`): validate the calendar's complete new state first
(calendars.services.checks), and only then, in ONE transaction (`commit_and_sync`), replace the calendar's
rows, rebuild its snapshot (what the IVR API answers from) and record the UCCX changes in the outbox (the
calendar, then its application binding declared after it); after the commit they are written through to
UCCX (or stay queued).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError
from django.utils import timezone

from calendars.data import CalendarData
from calendars.engine import (
    CalendarSpec,
    Emergency,
    FieldError,
)
from calendars.models import (
    Calendar,
    CalendarSnapshot,
)
from calendars.rows import calendar_data, calendar_emergency
from calendars.selectors import BINDING_KIND, SYNC_KIND, calendar_compiled
from calendars.snapshot import calendar_snapshots, spec_to_data
from calendars.uccx_projection import UccxProjection, project_calendar
from sync.models import OutboxChange
from sync.outbox import SyncResult, commit_and_sync, enqueue_change
from sync.selectors import last_payload

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    Actor = AbstractBaseUser | None
from calendars.rows import replace_rows, set_calendar_fields
from calendars.services.checks import CalendarInvalid, binding_errors, raise_if, validated


@dataclass(frozen=True)
class SaveResult:
    calendar: Calendar
    syncs: tuple[SyncResult, ...]  # the calendar's change, then its application binding's (if any)
    projection: UccxProjection

    @property
    def sync(self) -> SyncResult:
        """The calendar's own change."""
        return self.syncs[0]


def save_calendar(
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
    raise_if(binding_errors(current.uccx_application, calendar, actor))
    spec, projection = validated(current, emergency, calendar, strict=strict, actor=actor)
    previous_name = calendar.name if calendar else ""
    bind = bool(current.uccx_application) and (
        calendar is None
        or current.uccx_application != calendar.uccx_application
        or current.name != previous_name
    )

    def write() -> Calendar:
        row = calendar or Calendar()
        set_calendar_fields(row, current, emergency)
        bump_version(row, summary, actor)
        if data is not None:
            replace_rows(row, data)
        change = store_version(row, spec, projection, actor=actor, summary=summary)
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


def bump_version(row: Calendar, summary: str, actor: Actor) -> None:
    """A new version of the calendar: saved with what changed and by whom (the audit record)."""
    row.version += 1
    row.last_change = summary[:200]
    if getattr(actor, "is_authenticated", False):
        row._history_user = actor  # the audit names the actor on API and task saves too
    row.save()


def store_version(
    row: Calendar,
    spec: CalendarSpec,
    projection: UccxProjection,
    *,
    actor: Actor,
    summary: str,
) -> OutboxChange:
    """Inside the save's transaction: the snapshot of this version and the UCCX change."""
    snapshot = spec_to_data(spec)
    CalendarSnapshot.objects.update_or_create(
        calendar=row,
        defaults={"name": row.name, "version": row.version, "spec": snapshot, "built_at": timezone.now()},
    )
    calendar_snapshots.changed()
    return enqueue_change(
        kind=SYNC_KIND, key=row.pk, operation="upsert", payload=projection.body, actor=actor, summary=summary
    )


def calendar_create(*, actor: Actor, data: CalendarData) -> SaveResult:
    return save_calendar(None, data, None, actor=actor, summary=f"Created calendar {data.name}")


def calendar_update(*, calendar: Calendar, actor: Actor, data: CalendarData, summary: str = "") -> SaveResult:
    """Replace the calendar's state with `data` (its emergency switch stays as it is)."""
    return save_calendar(
        calendar, data, calendar_emergency(calendar), actor=actor, summary=summary or "Changed the calendar"
    )


def calendar_delete(*, calendar: Calendar, actor: Actor) -> SyncResult:
    """Delete here and in UCCX. A calendar bound to a UCCX application is refused before anything is
    deleted: UCCX would keep routing with it while the IVR answers 404."""
    name = calendar.name
    if calendar.uccx_application:
        message = (
            f"UCCX application {calendar.uccx_application} still uses calendar {name}: an administrator "
            "binds that application to another calendar (or unbinds it) first."
        )
        raise CalendarInvalid([FieldError(NON_FIELD_ERRORS, message)])

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
        calendar_snapshots.changed()

    return commit_and_sync(write).result


def change_calendar(calendar: Calendar, actor: Actor, summary: str, **changes: Any) -> SaveResult:
    """A partial edit: the current state with some parts replaced."""
    return calendar_update(
        calendar=calendar, actor=actor, data=replace(calendar_data(calendar), **changes), summary=summary
    )


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
