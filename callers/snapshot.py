"""The callers snapshot: every list and live entry, compiled into the matching index the IVR answers from.

Through the generic snapshot store (core/snapshots.py): `list_changed()` calls `callers_snapshot.changed()`
in the change's transaction; after the commit the set is rebuilt from the database and published, and
every process compiles its own `CallerSet` (the index) once per version. A lookup is then a few dict
probes in memory: no query, no UCCX, and an answer with PostgreSQL or Redis down.

`CallerSet.profile()` is the one place a caller profile is made, for `/ivr/v1/callers/{number}` and for
the combined `/ivr/v1/call`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from callers.engine import (
    CallerIndex,
    IndexEntry,
    ListInfo,
    NumberPattern,
    Overrides,
    effective_profile,
    lookup_key,
)
from callers.lookups import lookup_record
from callers.models import CallerEntry, CallerList
from core.snapshots import Snapshot

_LIST_FIELDS = (
    "id",
    "name",
    "kind",
    "order",
    "priority",
    "target",
    "prompt",
    "language",
    "vip_beats_blocked",
)
_ENTRY_FIELDS = ("caller_list_id", "number", "prefix", "id", "name", "expires_at")
_OVERRIDE_FIELDS = ("priority", "target", "prompt", "language")


def build_callers() -> dict[str, Any]:
    """Plain, picklable data of every list and every entry not yet expired (columns keep it compact)."""
    now = timezone.now()
    lists = list(CallerList.objects.values_list(*_LIST_FIELDS))
    entries = []
    live = CallerEntry.objects.exclude(expires_at__lte=now).order_by()
    for list_id, number, prefix, entry_id, name, expires, *own in live.values_list(
        *_ENTRY_FIELDS, *_OVERRIDE_FIELDS
    ).iterator(chunk_size=10_000):
        overrides = tuple(own) if own[0] is not None or any(own[1:]) else None
        entries.append(
            (list_id, number, prefix, entry_id, name, int(expires.timestamp()) if expires else 0, overrides)
        )
    return {"region": settings.CALLERS_DEFAULT_REGION, "lists": lists, "entries": entries}


class CallerSet:
    """A compiled snapshot: the lists by id and the index over all their entries."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.region: str = data["region"]
        self.lists = {row[0]: ListInfo(*row) for row in data["lists"]}
        self.index = CallerIndex.build(
            IndexEntry(
                list_id,
                NumberPattern(number, prefix),
                entry_id,
                name,
                expires,
                Overrides(*overrides) if overrides else Overrides(),
            )
            for list_id, number, prefix, entry_id, name, expires, overrides in data["entries"]
        )

    def profile(self, raw: str, *, at: datetime, dn: str = "", record: bool = True) -> dict[str, Any]:
        """The contract's caller profile of a calling number as UCCX passes it (any form, or empty)."""
        key = lookup_key(raw, self.region)
        matches = self.index.match(key, int(at.timestamp()))
        profile = effective_profile(key, matches, self.lists)
        if record:
            lookup_record(profile=profile, raw=raw, dn=dn, list_ids=[m.list_id for m in matches], at=at)
        return profile


callers_snapshot: Snapshot[CallerSet] = Snapshot("callers", build=build_callers, compile=CallerSet)
