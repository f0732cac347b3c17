"""The callers snapshot: every list and live entry, compiled into the matching index the IVR answers from.

Through the generic snapshot store (core/snapshots.py): `list_changed()` calls `callers_snapshot.changed()`
in the change's transaction. A change of entries only (add, change, remove one entry) passes its delta
(`entry_delta`): after the commit the delta is published, and every process whose index is a few versions
behind applies it in place (`apply_delta`, microseconds). Any other change (a list's settings, an import,
an expiry purge), or a process that misses a delta, rebuilds the set from the database and compiles its
own `CallerSet` (the index) once per version. A lookup is then a few dict probes in memory: no query, no
UCCX, and an answer with PostgreSQL or Redis down.

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
    live = CallerEntry.objects.exclude(expires_at__lte=now).order_by()
    entries = [
        _entry_data(*row)
        for row in live.values_list(*_ENTRY_FIELDS, *_OVERRIDE_FIELDS).iterator(chunk_size=10_000)
    ]
    return {"region": settings.CALLERS_DEFAULT_REGION, "lists": lists, "entries": entries}


def _entry_data(
    list_id: int, number: str, prefix: bool, entry_id: int, name: str, expires: datetime | None, *own: Any
) -> tuple[Any, ...]:
    """One entry as the snapshot carries it (plain data: in the cache and in deltas)."""
    overrides = tuple(own) if own[0] is not None or any(own[1:]) else None
    return (list_id, number, prefix, entry_id, name, int(expires.timestamp()) if expires else 0, overrides)


def entry_delta(
    entry: CallerEntry | None, *, list_id: int, removed: tuple[str, bool] | None = None
) -> list[tuple[Any, ...]]:
    """What one entry's change did, for `callers_snapshot.changed(delta)`: its old pattern (number,
    prefix) dropped if it moved or went, its new state put. Each step sets a state, so applying a delta
    to an index that already has it changes nothing."""
    delta: list[tuple[Any, ...]] = []
    if removed is not None and (entry is None or (entry.number, entry.prefix) != removed):
        delta.append(("drop", list_id, *removed))
    if entry is not None:
        fields = (*_ENTRY_FIELDS[1:], *_OVERRIDE_FIELDS)
        delta.append(("put", _entry_data(list_id, *(getattr(entry, field) for field in fields))))
    return delta


def _index_entry(
    list_id: int, number: str, prefix: bool, entry_id: int, name: str, expires: int, overrides: Any
) -> IndexEntry:
    return IndexEntry(
        list_id,
        NumberPattern(number, prefix),
        entry_id,
        name,
        expires,
        Overrides(*overrides) if overrides else Overrides(),
    )


class CallerSet:
    """A compiled snapshot: the lists by id and the index over all their entries."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.region: str = data["region"]
        self.lists = {row[0]: ListInfo(*row) for row in data["lists"]}
        self.index = CallerIndex.build(_index_entry(*entry) for entry in data["entries"])

    def apply_delta(self, delta: list[tuple[Any, ...]]) -> None:
        """Bring the index one change on, in place (`entry_delta`); lookups meanwhile stay consistent."""
        for step in delta:
            if step[0] == "drop":
                self.index.remove(step[1], NumberPattern(step[2], step[3]))
            else:
                self.index.add(_index_entry(*step[1]))

    def profile(self, raw: str, *, at: datetime, dn: str = "", record: bool = True) -> dict[str, Any]:
        """The contract's caller profile of a calling number as UCCX passes it (any form, or empty)."""
        key = lookup_key(raw, self.region)
        matches = self.index.match(key, int(at.timestamp()))
        profile = effective_profile(key, matches, self.lists)
        if record:
            lookup_record(profile=profile, raw=raw, dn=dn, list_ids=[m.list_id for m in matches], at=at)
        return profile


callers_snapshot: Snapshot[CallerSet] = Snapshot(
    "callers", build=build_callers, compile=CallerSet, apply=CallerSet.apply_delta
)
