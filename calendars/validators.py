"""Field rules that UCCX imposes on a calendar, checked here so UCCX never has to refuse a save."""

from __future__ import annotations

import re
import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError

NAME_MAX = 30  # UCCX: calendar names are 1-30 characters and unique
DESCRIPTION_MAX = 70
DAY_NAME_MAX = 50  # UCCX: holiday and special-day names
MAX_CALENDARS = 50  # UCCX: at most 50 calendars

NAME_HELP = (
    "1 to 30 characters: letters, digits, spaces, hyphens (-), underscores (_) and dots (.); it must start "
    "with a letter or digit. Unique, whatever the case. IVR scripts use it: /ivr/v1/calendars/<name>/status."
)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,29}")
_PROMPT = re.compile(r"[A-Za-z0-9_.\- /]+\.wav", re.IGNORECASE)
PROMPT_HELP = "A UCCX prompt path such as en_US/holidays/christmas.wav; empty for none."


def validate_calendar_name(value: str) -> None:
    if not value or len(value) > NAME_MAX:
        raise ValidationError(
            f"A calendar name must be 1 to {NAME_MAX} characters long (this one has {len(value)}).",
            code="name_length",
        )
    if not _NAME.fullmatch(value) or value != value.strip():
        raise ValidationError(
            f"UCCX would refuse the name {value!r}: use letters, digits, spaces, hyphens, underscores and "
            "dots only, starting with a letter or digit and not ending with a space.",
            code="name_characters",
        )


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in _zones():
        raise ValidationError(
            f"{value!r} is not a known IANA time zone; use a name such as Europe/Zurich or America/New_York.",
            code="time_zone",
        )


def time_zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone) for zone in sorted(_zones())]


def validate_prompt_path(value: str) -> None:
    if value and (not _PROMPT.fullmatch(value) or value.startswith("/") or ".." in value):
        raise ValidationError(
            f"{value!r} is not a UCCX prompt path: use folder/file.wav, e.g. en_US/holidays/christmas.wav.",
            code="prompt",
        )
