"""Verified and refused credentials, remembered so that a known one costs no query and no password hash.

Entries are keyed by an HMAC of the credential (key derived from SECRET_KEY; the password itself is never
stored): verified ones per process and in the shared cache (so a restarted worker needs neither the
database nor a hash for a credential in use), refused ones per process. All are forgotten when any
account changes: `core.signals` bumps the published `accounts` version on every change of a user, its
groups or its token, which reaches every process within `SNAPSHOT_CHECK_SECONDS` (core/snapshots.py).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

from core.snapshot_versions import versions

log = logging.getLogger(__name__)
ACCOUNTS = "accounts"  # the published version of every account, its groups and its token
versions.register(ACCOUNTS)
_CACHE_PREFIX = "ivrcred:"


@dataclass(frozen=True)
class Grant:
    """Who a verified credential belongs to, and whether that account may use the IVR API."""

    user_id: int
    username: str
    may_use_ivr: bool


class CredentialMemory:
    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._key = b""
        self._token: tuple[int, int] | None = None
        self._granted: OrderedDict[str, tuple[Grant, float]] = OrderedDict()
        self._refused: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def ttl(self) -> float:
        return float(getattr(settings, "CREDENTIAL_CACHE_SECONDS", 600))

    def digest(self, scheme: str, secret: str) -> str:
        if not self._key:
            self._key = hashlib.sha256(f"ivr-credentials\0{settings.SECRET_KEY}".encode()).digest()
        return hmac.new(self._key, f"{scheme}\0{secret}".encode(), hashlib.sha256).hexdigest()

    def token(self) -> tuple[int, int]:
        """The accounts version now: take it before verifying, give it back when remembering."""
        token = versions.token(ACCOUNTS)
        if token != self._token:
            with self._lock:
                self._granted.clear()
                self._refused.clear()
                self._token = token
        return token

    def grant(self, digest: str) -> Grant | None:
        token = self.token()
        entry = self._granted.get(digest)
        if entry is not None and entry[1] > time.monotonic():
            return entry[0]
        if versions.unpublished(ACCOUNTS):  # an account changed here: the shared entries may be outdated
            return None
        try:
            shared = cache.get(f"{_CACHE_PREFIX}{token[0]}:{digest}")
        except Exception:  # Redis down: verify (the database is there) rather than fail
            return None
        if isinstance(shared, Grant):
            self._put(self._granted, digest, (shared, time.monotonic() + self.ttl), token)
            return shared
        return None

    def remember_grant(self, digest: str, grant: Grant, token: tuple[int, int]) -> None:
        stored = self._put(self._granted, digest, (grant, time.monotonic() + self.ttl), token)
        if stored and not versions.unpublished(ACCOUNTS):
            try:
                cache.set(f"{_CACHE_PREFIX}{token[0]}:{digest}", grant, timeout=self.ttl)
            except Exception as error:
                log.warning("Verified credential not shared through the cache (%s).", error)

    def refused(self, digest: str) -> bool:
        self.token()
        expires = self._refused.get(digest)
        return expires is not None and expires > time.monotonic()

    def remember_refusal(self, digest: str, token: tuple[int, int]) -> None:
        self._put(self._refused, digest, time.monotonic() + self.ttl, token)

    def _put(self, entries: OrderedDict[str, Any], digest: str, value: Any, token: tuple[int, int]) -> bool:
        """Keep an entry learned under `token`, unless an account changed meanwhile (then it may be wrong)."""
        with self._lock:
            if token != self._token:
                return False
            entries[digest] = value
            entries.move_to_end(digest)
            while len(entries) > self._size:
                entries.popitem(last=False)
        return True

    def clear(self) -> None:
        with self._lock:
            self._granted.clear()
            self._refused.clear()
            self._token = None


credential_memory = CredentialMemory()
