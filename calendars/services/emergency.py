"""The emergency switch: force a calendar closed or open now, and switch it off again."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils import timezone

from calendars.engine import (
    Emergency,
    FieldError,
    validate_emergency,
)
from calendars.models import (
    Calendar,
)
from core.validators import validate_prompt_path

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    Actor = AbstractBaseUser | None
from calendars.services.checks import NOTE_MAX, django_errors, raise_if, too_long
from calendars.services.saving import SaveResult, save_calendar


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
    errors += too_long(emergency.note, NOTE_MAX, "emergency.note", "The note")
    errors += django_errors("emergency.prompt", validate_prompt_path, emergency.prompt)
    if expires_at is not None and expires_at.utcoffset() is not None and expires_at <= timezone.now():
        errors.append(FieldError("emergency.expires_at", "The end must be in the future."))
    raise_if(errors)
    label = "force closed" if mode == "force_closed" else "force open"
    until = (
        f" until {expires_at.astimezone(ZoneInfo(calendar.time_zone)):%Y-%m-%d %H:%M}" if expires_at else ""
    )
    summary = f"Emergency switch ON ({label}{until}): {emergency.note}"
    return save_calendar(calendar, None, emergency, actor=actor, summary=summary, strict=False)


def emergency_switch_off(*, calendar: Calendar, actor: Actor) -> SaveResult:
    return save_calendar(calendar, None, None, actor=actor, summary="Emergency switch OFF", strict=False)
