"""Failed sign-ins cannot be turned into a CPU burner: a limit per client address, checked before any
password hash, shared by the IVR API, the management API's Basic authentication and the sign-in page.

Only failures that cost something count (a password check or a lookup); a credential already known to
be wrong is refused from memory (core/credentials.py) and costs nothing. Past `AUTH_FAILURES_PER_ADDRESS`
failures within `AUTH_FAILURE_WINDOW` seconds, that address gets 429 with `Retry-After` for unverified
credentials until the window ends; credentials already verified keep working (the failures of a
mistyped script step do not stop the others). Counts live in the cache (shared by every process and
node), with a per-process count in front for when Redis is down.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)
_PREFIX = "authfail:"


def client_address(request: Any) -> str:
    """The caller's address: REMOTE_ADDR, or behind the reverse proxy (`BEHIND_PROXY`) the address it
    saw, from its X-Real-IP header (docs/deployment.md)."""
    meta = request.META
    if getattr(settings, "BEHIND_PROXY", False) and meta.get("HTTP_X_REAL_IP"):
        return meta["HTTP_X_REAL_IP"]
    return meta.get("REMOTE_ADDR", "") or "unknown"


class FailureThrottle:
    def __init__(self) -> None:
        self._local: dict[str, tuple[int, int]] = {}  # address -> (window number, failures)
        self._lock = threading.Lock()

    @property
    def limit(self) -> int:
        return int(getattr(settings, "AUTH_FAILURES_PER_ADDRESS", 10))

    @property
    def window(self) -> int:
        return int(getattr(settings, "AUTH_FAILURE_WINDOW", 300))

    def retry_after(self, address: str) -> int:
        """0 when `address` may try a credential; else the seconds until it may."""
        now = time.time()
        window = int(now // self.window)
        if self._failures(address, window) < self.limit:
            return 0
        return max(1, int((window + 1) * self.window - now + 0.999))

    def failed(self, address: str) -> None:
        window = int(time.time() // self.window)
        with self._lock:
            seen, count = self._local.get(address, (window, 0))
            self._local[address] = (window, count + 1 if seen == window else 1)
            if len(self._local) > 10_000:  # addresses of past windows
                self._local = {a: v for a, v in self._local.items() if v[0] == window}
        key = f"{_PREFIX}{address}:{window}"
        try:
            cache.add(key, 0, timeout=self.window + 5)
            cache.incr(key)
        except Exception as error:  # Redis down: this process's count still limits
            log.warning("Failed sign-in from %s not counted in the cache (%s).", address, error)

    def _failures(self, address: str, window: int) -> int:
        seen, local = self._local.get(address, (window, 0))
        local = local if seen == window else 0
        try:
            shared = int(cache.get(f"{_PREFIX}{address}:{window}") or 0)
        except Exception:
            shared = 0
        return max(local, shared)

    def clear(self) -> None:
        with self._lock:
            self._local.clear()


throttle = FailureThrottle()


def throttled_detail(wait: int) -> str:
    return f"Too many failed sign-ins from this address. Try again in {wait} seconds."
