"""Snapshots: a versioned, precompiled copy of a set of objects, which the IVR API answers from.

The IVR API must answer every call in milliseconds, with PostgreSQL or Redis down, and without a
database query per call. So each app describes a set of its objects once:

    calendars = Snapshot("calendars", build=build_calendars, compile=CalendarSet)

- `build()` reads the set from the database as plain, picklable data (run after a commit, or when no
  shared copy exists);
- `compile(data)` turns that data into what the IVR view reads (an index, compiled calendars...),
  once per process and version;
- `calendars.changed()`, called inside the transaction that changed the set, bumps the set's version in
  the database (`core.SnapshotVersion`) and, once committed, rebuilds the set and publishes it (data and
  version) in the shared cache (Redis in production);
- `calendars.read()` answers from this process's copy: no I/O per call. Every process learns the
  published versions on a short timer (`SNAPSHOT_CHECK_SECONDS`: one cache read for all names), and
  probes the database's versions every `SNAPSHOT_DB_PROBE_SECONDS` (one small query; both in
  core/snapshot_versions.py); a newer version is loaded from the shared cache, or built from the database
  when the cache has nothing as new.

Outages: Redis unreachable -> versions and data come from the database; PostgreSQL unreachable -> the
shared or per-process copy, with `Reading.stale` saying so (the IVR answer carries it as a header);
both -> the per-process copy. Only a process that never loaded the set raises `SnapshotUnavailable`.
The same published versions carry names without data (`bump("accounts")`): the IVR credential cache
is flushed in every process when an account changes.

Deltas (optional, for large sets): a snapshot made with `apply=` may be told what one change did,
`changed(delta)`. On commit that version is then not rebuilt: its delta is put in the cache beside the
version (`DELTA_SECONDS`), and a process whose copy is at most `DELTA_MAX_STEPS` versions behind applies
the deltas to its copy instead of building it again. Any gap (a change without a delta, a delta evicted,
Redis down, a copy too far behind) falls back to the full load above: correctness never rests on a delta.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import F

from core.cache import cache_unreachable
from core.snapshot_versions import (
    CACHE_PREFIX,
    database_version,
    probe_seconds,
    publish_version,
    version_key,
    versions,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
DELTA_MAX_STEPS = 32  # a copy further behind is loaded whole
DELTA_SECONDS = 3600  # how long a delta stays in the cache


class SnapshotUnavailable(Exception):
    """Nothing to answer from: this process never loaded the set, and neither store can be read."""


def _data_key(name: str) -> str:
    return f"{CACHE_PREFIX}{name}:data"


def _delta_key(name: str, version: int) -> str:
    return f"{CACHE_PREFIX}{name}:delta:{version}"


_snapshots: dict[str, Snapshot[Any]] = {}


def bump(name: str, *, on_commit: Callable[[int], None] | None = None) -> None:
    """Inside the transaction that changed `name`: a new version, published to every process on commit.

    Outside a transaction it is committed at once. This process's consumers reload at once.
    `on_commit(version)` replaces the default publication (the snapshot's deltas).
    """
    from core.models import SnapshotVersion

    with transaction.atomic():
        SnapshotVersion.objects.get_or_create(name=name)
        SnapshotVersion.objects.filter(name=name).update(version=F("version") + 1)
        version = database_version(name) if on_commit else 0  # the row is locked: this change's number
    versions.bumped_here(name)
    if on_commit is not None:
        transaction.on_commit(lambda: on_commit(version))
        return
    snapshot = _snapshots.get(name)
    transaction.on_commit(snapshot.publish if snapshot else lambda: publish_version(name))


@dataclass(frozen=True)
class Reading(Generic[T]):
    """A snapshot as read: `stale` is empty, or why it may lag the database (e.g. it is unreachable)."""

    value: T
    version: int
    stale: str


@dataclass
class _Copy(Generic[T]):
    value: T
    version: int
    token: tuple[int, int]
    retry_at: float = 0.0  # set when it could not be brought up to `token`: try again then, not per call


class Snapshot(Generic[T]):
    """One named set: see the module's docstring. Create it once, at import time of the app's module."""

    def __init__(
        self,
        name: str,
        *,
        build: Callable[[], Any],
        compile: Callable[[Any], T],
        apply: Callable[[T, Any], None] | None = None,
    ) -> None:
        """`apply(value, delta)`, if given, brings a compiled copy one version on, in place (and safely
        for threads reading it meanwhile); `delta` is what was passed to `changed()`."""
        if name in _snapshots:
            raise ValueError(f"A snapshot named {name!r} is already registered.")
        self.name = name
        self._build, self._compile, self._apply = build, compile, apply
        self._copy: _Copy[T] | None = None
        self._published = 0  # the latest version this process put in the cache itself
        self._lock = threading.Lock()
        versions.register(name)
        _snapshots[name] = self

    def changed(self, delta: Any = None) -> None:
        """Call inside the transaction that changed the set (see `bump`). `delta`: plain, picklable data
        saying what changed, for `apply` (None: rebuild the set)."""
        if delta is None or self._apply is None:
            bump(self.name)
        else:
            bump(self.name, on_commit=lambda version: self._publish_delta(version, delta))

    def _publish_delta(self, version: int, delta: Any) -> None:
        """On commit of a change with a delta: the delta and the version to the cache, no rebuild."""
        try:
            stored = not cache.set_many({_delta_key(self.name, version): delta}, DELTA_SECONDS)
        except Exception:  # a cache without core.cache's guard
            stored = False
        if not stored:  # processes that cannot find it load the set whole
            log.warning("Delta %s of %s not published to the cache.", version, self.name)
        with self._lock:
            copy = self._copy
            if copy is not None and copy.version == version - 1 and not copy.retry_at:
                self._apply_deltas(copy, [delta], version)
        publish_version(self.name)

    def read(self) -> Reading[T]:
        """This process's copy, brought up to the latest published version first if needed."""
        token = versions.token(self.name)
        copy = self._copy
        if copy is None or (copy.token != token or (copy.retry_at and time.monotonic() >= copy.retry_at)):
            copy = self._refresh(token)
        return Reading(copy.value, copy.version, versions.stale_reason())

    def publish(self) -> None:
        """Rebuild from the database and publish (run on commit; also heals a cache that fell behind)."""
        try:
            if self._published_here(database_version(self.name)):
                return  # several changes in one transaction: the first callback published them all
            version, data = self._from_database()
        except DatabaseError:
            log.exception("Snapshot %s not rebuilt: the database cannot be read.", self.name)
            return
        self._install(data, version)
        self._to_cache(version, data)

    def reset(self) -> None:
        """Forget this process's copy (tests)."""
        self._copy = None
        self._published = 0

    def _refresh(self, token: tuple[int, int]) -> _Copy[T]:
        self._lock.acquire()  # a thread loading the new version: wait for it, never answer what is known old
        try:
            if self._copy is not None and self._copy.token == token and not self._copy.retry_at:
                return self._copy  # loaded by another thread while this one waited
            return self._load(token)
        finally:
            self._lock.release()

    def _load(self, token: tuple[int, int]) -> _Copy[T]:
        latest, bumps = token
        changed_here = self._copy is not None and bumps != self._copy.token[1]
        if not changed_here and self._copy is not None:
            deltas = self._deltas(self._copy.version, latest)
            if deltas is not None:
                return self._apply_deltas(self._copy, deltas, latest)
        shared = None if changed_here else self._from_cache()  # a change made here may not be published
        if shared is not None and shared[0] >= latest:
            return self._install(shared[1], shared[0], loaded=True)
        deltas = None if shared is None else self._deltas(shared[0], latest)
        if shared is not None and deltas is not None:  # the shared copy is not refreshed by deltas
            return self._apply_deltas(self._install(shared[1], shared[0], loaded=True), deltas, latest)
        try:
            version, data = self._from_database()
        except DatabaseError as error:
            return self._fallback(token, shared, error)
        if not connection.in_atomic_block and (shared is None or shared[0] < version):
            self._to_cache(version, data)
        return self._install(data, version, loaded=True)

    def _fallback(self, token: tuple[int, int], shared: tuple[int, Any] | None, error: Exception) -> _Copy[T]:
        versions.database_down = True
        if shared is not None and (self._copy is None or shared[0] > self._copy.version):
            copy = self._install(shared[1], shared[0])
        elif self._copy is not None:
            copy = self._copy
            copy.token = token
        else:
            raise SnapshotUnavailable(f"The {self.name} snapshot cannot be loaded: {error}") from error
        copy.retry_at = time.monotonic() + probe_seconds()
        return copy

    def _deltas(self, version: int, latest: int) -> list[Any] | None:
        """The deltas from `version` to `latest` in order; None when one is missing (load it whole)."""
        if self._apply is None or not 0 < latest - version <= DELTA_MAX_STEPS:
            return None
        keys = [_delta_key(self.name, step) for step in range(version + 1, latest + 1)]
        try:
            found = cache.get_many(keys)
        except Exception:  # a cache without core.cache's guard
            return None
        if len(found) != len(keys) or cache_unreachable():
            return None
        return [found[key] for key in keys]

    def _apply_deltas(self, copy: _Copy[T], deltas: list[Any], version: int) -> _Copy[T]:
        assert self._apply is not None
        for delta in deltas:
            self._apply(copy.value, delta)
        versions.learned(self.name, version)
        self._copy = _Copy(copy.value, version, versions.peek(self.name))
        return self._copy

    def _install(self, data: Any, version: int, *, loaded: bool = False) -> _Copy[T]:
        """`loaded`: by a reading thread, whose load may have begun before a commit that this process's
        publish() (which waits for no reader) has installed since: then the newer copy stays. publish()
        itself is the database's word and always installs (after a restore, a lower version)."""
        current = self._copy
        if loaded and current is not None and current.version > version and not current.retry_at:
            return current
        versions.learned(self.name, version)
        self._copy = _Copy(self._compile(data), version, versions.peek(self.name))
        return self._copy

    def _from_database(self) -> tuple[int, Any]:
        version = database_version(self.name)  # first: the data read next is at least this new
        return version, self._build()

    def _from_cache(self) -> tuple[int, Any] | None:
        try:
            found = cache.get(_data_key(self.name))
        except Exception:  # a cache without core.cache's guard
            return None
        return found if isinstance(found, tuple) else None

    def _published_here(self, version: int) -> bool:
        return self._published >= version and self._copy is not None and self._copy.version >= version

    def _to_cache(self, version: int, data: Any) -> None:
        try:
            failed = cache.set_many(
                {_data_key(self.name): (version, data), version_key(self.name): version}, None
            )
        except Exception:  # a cache without core.cache's guard
            failed = [True]
        if failed:  # every process's database probe finds the version meanwhile; the beat republishes it
            log.warning("Snapshot %s v%s not published to the cache.", self.name, version)
        else:
            self._published = version


def republish_all(*, force: bool = False) -> int:
    """Every name whose published version is not the database's is published again (beat, every minute:
    after Redis was down or restarted; `force` after a database restore, when the cache may be ahead of
    the database); how many were."""
    from core.models import SnapshotVersion

    in_database = dict(SnapshotVersion.objects.values_list("name", "version"))
    published = cache.get_many([version_key(name) for name in in_database])
    count = 0
    for name, version in in_database.items():
        if not force and published.get(version_key(name)) == version:
            continue
        snapshot = _snapshots.get(name)
        if snapshot is None:
            publish_version(name)
        else:
            snapshot._published = 0
            snapshot.publish()
        count += 1
    return count


def reset_for_tests() -> None:
    """Every process-wide copy and version forgotten (tests start from a cold process)."""
    versions.forget()
    for snapshot in _snapshots.values():
        snapshot.reset()
