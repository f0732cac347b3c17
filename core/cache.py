"""Django's Redis cache, made to degrade instead of fail (issue 9: with Redis stopped every page and
`/api/v1/uccx/status` answered 500, and saves answered 500 after their commit).

Everything this app keeps in the cache can be rebuilt or done without: the cluster state (pages then say
"UCCX status unknown"), nudge de-duplication, heartbeats, snapshots (the database has them; the beat
republishes them once Redis is back). So a read while Redis is unreachable is a miss and a write is
dropped with one warning per ``WARN_EVERY`` seconds; ``set`` answers False when it did not store, so a
caller that must know (the snapshot publisher) can tell. Short socket timeouts keep a hung Redis from
stalling a request (settings.py sets them).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
WARN_EVERY = 30.0
T = TypeVar("T")

_state = {"failed_at": 0.0, "warned_at": 0.0}
_lock = threading.Lock()


def cache_unreachable() -> bool:
    """True while the last cache operation of this process failed (within ``WARN_EVERY`` seconds)."""
    return time.monotonic() - _state["failed_at"] < WARN_EVERY and _state["failed_at"] > 0


def _failed(operation: str, error: Exception) -> None:
    now = time.monotonic()
    with _lock:
        _state["failed_at"] = now
        if now - _state["warned_at"] < WARN_EVERY:
            return
        _state["warned_at"] = now
    logger.warning("Redis cache unreachable (%s: %s); answering without it.", operation, type(error).__name__)


def _succeeded() -> None:
    _state["failed_at"] = 0.0


class ResilientRedisCache(RedisCache):
    """A RedisCache whose reads miss and whose writes are dropped while Redis is unreachable."""

    def _guard(self, operation: str, call: Callable[[], T], fallback: T) -> T:
        try:
            result = call()
        except RedisError as error:
            _failed(operation, error)
            return fallback
        _succeeded()
        return result

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._guard(
            "get", lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return self._guard("get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._guard("has_key", lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def set(self, key: Any, value: Any, timeout: Any = None, version: Any = None) -> bool:  # type: ignore[override]
        def store() -> bool:
            super(ResilientRedisCache, self).set(key, value, timeout, version)
            return True

        return self._guard("set", store, False)

    def add(self, key: Any, value: Any, timeout: Any = None, version: Any = None) -> bool:
        return self._guard(
            "add", lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False
        )

    def set_many(self, data: dict[Any, Any], timeout: Any = None, version: Any = None) -> list[Any]:
        return self._guard(
            "set_many", lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._guard("delete", lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._guard("delete_many", lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def touch(self, key: Any, timeout: Any = None, version: Any = None) -> bool:
        return self._guard(
            "touch", lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )
