"""Snapshot versions: what every process knows of each snapshot name's latest version, and its publication.

A version lives in the database (`core.SnapshotVersion`) and, once published, in the shared cache. Every
process learns the cache's versions on a timer and the database's from a probe thread (see core/snapshots.py
for how a snapshot uses them). A name may have no snapshot: `bump("accounts")` flushes the IVR credential
cache of every process.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection

from core.cache import cache_unreachable

log = logging.getLogger("core.snapshots")  # one logger for the whole snapshot store
CACHE_PREFIX = "snapshot:"
DATABASE_DOWN = "database unreachable"


def _check_seconds() -> float:
    return float(getattr(settings, "SNAPSHOT_CHECK_SECONDS", 0.25))


def probe_seconds() -> float:
    return float(getattr(settings, "SNAPSHOT_DB_PROBE_SECONDS", 1.0))


def version_key(name: str) -> str:
    return f"{CACHE_PREFIX}{name}:version"


class _Versions:
    """What this process knows of every name's latest version, refreshed on a timer, never per call."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self._names: set[str] = set()
        self._from_cache: dict[str, int] = {}
        self._from_database: dict[str, int] = {}
        self._local_bumps: dict[str, int] = {}
        self._unpublished: set[str] = set()  # changed here, not yet committed and published
        self._next_check = self._checked_at = 0.0
        self._probe_pid: int | None = None
        self.cache_down = False
        self.database_down = False

    def forget(self) -> None:
        """Every version learnt forgotten, the names registered kept (tests start from a cold process)."""
        names = set(self._names)
        self.reset()
        for name in names:
            self.register(name)

    def register(self, name: str) -> None:
        self._names.add(name)

    def token(self, name: str) -> tuple[int, int]:
        """(latest version known, changes made by this process): a consumer reloads when it changes."""
        self._tick()
        return self.peek(name)

    def peek(self, name: str) -> tuple[int, int]:
        """`token()` without looking for news."""
        latest = max(self._from_cache.get(name, 0), self._from_database.get(name, 0))
        return latest, self._local_bumps.get(name, 0)

    def latest(self, name: str) -> int:
        return self.token(name)[0]

    def stale_reason(self) -> str:
        return DATABASE_DOWN if self.database_down else ""

    def bumped_here(self, name: str) -> None:
        self._local_bumps[name] = self._local_bumps.get(name, 0) + 1
        self._unpublished.add(name)

    def unpublished(self, name: str) -> bool:
        """Whether this process changed `name` and has not published it yet (shared copies are behind)."""
        return name in self._unpublished

    def learned(self, name: str, version: int) -> None:
        """A version this process published itself (no need to wait for the timer)."""
        self._from_cache[name] = max(self._from_cache.get(name, 0), version)
        self._unpublished.discard(name)

    def _tick(self) -> None:
        now = time.monotonic()
        if now < self._next_check:
            return
        # While another thread checks, answer with what is known if it is recent; after an idle spell
        # (nothing checked for two intervals) wait for the check, so no answer is older than promised.
        recent = now - self._checked_at < 2 * _check_seconds()
        if not self._lock.acquire(blocking=not recent):
            return
        try:
            if time.monotonic() >= self._next_check:  # not done by the thread this one waited for
                self._read_cache()
                self._checked_at = now  # only now: a thread arriving meanwhile must not skip the check
                self._next_check = now + _check_seconds()
        finally:
            self._lock.release()
        self._start_probe()

    def _start_probe(self) -> None:
        """The database's versions are read by a thread of this process, off the request path: a slow
        or unreachable database never holds up an answer."""
        pid = os.getpid()
        if self._probe_pid == pid or probe_seconds() <= 0:
            return
        with self._lock:
            if self._probe_pid != pid:
                self._probe_pid = pid
                threading.Thread(target=self._probe, args=(pid,), name="snapshot-probe", daemon=True).start()

    def _probe(self, pid: int) -> None:
        try:
            while self._probe_pid == pid:  # a reset (or a fork) ends it
                self._read_database()
                time.sleep(_check_seconds() if self.cache_down else probe_seconds())
        finally:
            connection.close()  # the thread's own connection, kept between probes (a reconnect costs ms)

    def _read_cache(self) -> None:
        names = sorted(self._names)
        try:
            found = cache.get_many([version_key(name) for name in names])
            unreachable = cache_unreachable()  # core.cache answers a miss rather than fail
        except Exception:  # a cache without core.cache's guard
            unreachable = True
        if unreachable:  # Redis down: the database's versions, read by the probe, carry on
            if not self.cache_down:
                log.warning("Snapshot versions: the cache cannot be read; using the database's.")
            self.cache_down = True
            return
        if self.cache_down:
            log.info("Snapshot versions: the cache answers again.")
        self.cache_down = False
        self._from_cache = {name: int(found.get(version_key(name)) or 0) for name in names}

    def _read_database(self) -> None:
        from core.models import SnapshotVersion

        try:
            self._from_database = dict(SnapshotVersion.objects.values_list("name", "version"))
        except DatabaseError as error:
            connection.close()  # reconnect on the next probe
            if not self.database_down:
                log.warning("Snapshots: the database cannot be read (%s); answering from snapshots.", error)
            self.database_down = True
            return
        if self.database_down:
            log.info("Snapshots: the database answers again.")
        self.database_down = False


versions = _Versions()


def database_version(name: str) -> int:
    from core.models import SnapshotVersion

    return SnapshotVersion.objects.filter(name=name).values_list("version", flat=True).first() or 0


def publish_version(name: str) -> None:
    try:
        version = database_version(name)
    except DatabaseError:
        log.exception("Version of %s not published: the database cannot be read.", name)
        return
    versions.learned(name, version)
    try:
        stored = not cache.set_many({version_key(name): version}, None)  # core.cache: the keys not stored
    except Exception:  # a cache without core.cache's guard
        stored = False
    if not stored:  # every process's database probe carries it meanwhile; the beat republishes it
        log.warning("Version %s of %s not published to the cache.", version, name)
