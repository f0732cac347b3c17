"""`{% load sync_tags %}{% sync_badge kind key %}`: where an object's latest save stands in UCCX."""

from typing import Any

from django import template

from sync.selectors import sync_state_for

register = template.Library()


@register.inclusion_tag("sync/badge.html")
def sync_badge(kind: str, key: Any) -> dict[str, Any]:
    """A queued badge polls (htmx) until UCCX has the change, so applied shows without a reload."""
    return {"sync": sync_state_for(kind, key), "kind": kind, "key": key}
