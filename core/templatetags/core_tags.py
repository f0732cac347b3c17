"""`{% load core_tags %}`: small filters every page uses."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone

register = template.Library()

MOMENT = timedelta(seconds=10)


@register.filter
def ago(moment: datetime | None) -> str:
    """Like `naturaltime`, but "a moment ago" for the last few seconds and the near future (clocks of two
    processes differ a little), never "since now"."""
    if moment is None:
        return ""
    if abs(timezone.now() - moment) < MOMENT:
        return "a moment ago"
    return str(naturaltime(moment))


@register.filter
def lookup(mapping: dict[Any, Any] | None, key: Any) -> Any:
    """`{{ labels|lookup:change.target_id }}`: a dict entry by a variable key ("" when absent)."""
    return (mapping or {}).get(key, "")
