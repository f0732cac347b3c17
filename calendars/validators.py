"""Field rules that UCCX imposes on a calendar, checked here so UCCX never has to refuse a save."""

from __future__ import annotations

import re

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
