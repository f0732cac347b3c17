"""Reads of the callers app for the pages and the management API (the IVR path reads the snapshot)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from callers.engine import ANONYMOUS, NumberError, NumberPattern, normalise_number
from callers.lookups import UNMATCHED, recent_lookups
from callers.models import CallerEntry, CallerList, CallerTransfer
from callers.snapshot import callers_snapshot
from core.selectors import visible_to

SEARCH_LIMIT = 200


def caller_lists(user: Any) -> QuerySet[CallerList]:
    """The lists the user may see, in precedence order, with their entry counts."""
    return visible_to(user, CallerList.objects.select_related("team")).annotate(entry_count=Count("entries"))


def editable_lists(user: Any, kind: str | None = None) -> list[CallerList]:
    lists = CallerList.objects.select_related("team").filter(**({"kind": kind} if kind else {}))
    return [caller_list for caller_list in lists if user.has_perm("callers.change_callerlist", caller_list)]


def _number_filter(query: str) -> Q | None:
    """Entries a typed number finds: the number itself, and the prefixes it falls under."""
    try:
        key = normalise_number(query, settings.CALLERS_DEFAULT_REGION)
    except NumberError:
        return None
    if key == ANONYMOUS or not key.startswith("+"):
        return Q(number=key, prefix=False)
    prefixes = [key[:size] for size in range(2, len(key) + 1)]
    return Q(number=key, prefix=False) | Q(number__in=prefixes, prefix=True)


def entry_search(
    user: Any, *, query: str = "", caller_list: CallerList | None = None
) -> QuerySet[CallerEntry]:
    """Entries by number (normalised; the prefixes it falls under too), by name or reason, in one list or all
    the user may see."""
    entries = CallerEntry.objects.select_related("caller_list").filter(
        caller_list__in=visible_to(user, CallerList.objects.all())
    )
    if caller_list is not None:
        entries = entries.filter(caller_list=caller_list)
    query = query.strip()
    if query:
        by_text = Q(name__icontains=query) | Q(reason__icontains=query)
        if query.endswith("*"):
            by_text |= Q(number__startswith=query.rstrip("*").replace(" ", ""), prefix=True)
        by_number = _number_filter(query)
        entries = entries.filter(by_text | by_number if by_number is not None else by_text)
    return entries.order_by("caller_list__order", "caller_list__name", "prefix", "number")


def effective_profile_of(query: str) -> dict[str, Any] | None:
    """What the IVR answers for a typed number right now (from the same snapshot), None for other text."""
    try:
        normalise_number(query, settings.CALLERS_DEFAULT_REGION)
    except NumberError:
        return None
    return callers_snapshot.read().value.profile(query, at=timezone.now(), record=False)


def entry_pattern_of(entry: CallerEntry) -> NumberPattern:
    return NumberPattern(entry.number, entry.prefix)


@dataclass(frozen=True)
class RecentLookup:
    at: str
    number: str
    dn: str
    found: bool
    lists: list[str]
    vip: bool
    blocked: bool
    blocked_now: bool = False  # on a blocked list now (blocked since the call, maybe)

    @property
    def when(self) -> str:
        """`2026-12-01 13:34:14` (UTC) from the ISO text."""
        return self.at[:19].replace("T", " ")


_RECORD_FIELDS = ("at", "number", "dn", "found", "lists", "vip", "blocked")


def recent_lookups_for(user: Any, caller_list: CallerList | None = None) -> list[RecentLookup]:
    """The newest IVR lookups of one list, or of the callers no list knew plus every list the user sees."""
    logs: list[int | str] = [caller_list.pk] if caller_list else [UNMATCHED]
    if caller_list is None:
        logs += list(visible_to(user, CallerList.objects.all()).values_list("pk", flat=True))
    seen: dict[tuple[str, str], RecentLookup] = {}
    for log in logs:
        for record in recent_lookups(log):
            lookup = RecentLookup(**{field: record.get(field) for field in _RECORD_FIELDS})
            seen[(lookup.at, lookup.number)] = lookup
    newest = sorted(seen.values(), key=lambda lookup: lookup.at, reverse=True)[
        : settings.CALLERS_RECENT_LOOKUPS
    ]
    blocked = set(
        CallerEntry.objects.filter(
            number__in={lookup.number for lookup in newest},
            prefix=False,
            caller_list__kind=CallerList.Kind.BLOCKED,
        ).values_list("number", flat=True)
    )
    return [replace(lookup, blocked_now=lookup.number in blocked) for lookup in newest]


def transfers_of(caller_list: CallerList, limit: int = 5) -> QuerySet[CallerTransfer]:
    return caller_list.transfers.defer("content").select_related("user")[:limit]
