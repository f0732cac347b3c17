"""Field rules shared by every app: what UCCX accepts as a prompt path, IANA time zones."""

from __future__ import annotations

import re
import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError

_PROMPT = re.compile(r"[A-Za-z0-9_.\- /]+\.wav", re.IGNORECASE)
PROMPT_HELP = "A UCCX prompt path such as en_US/holidays/christmas.wav; empty for none."


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
