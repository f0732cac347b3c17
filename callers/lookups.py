"""A short log of recent IVR lookups per caller list (and of callers no list knew), for "block this caller".

The IVR path must not wait on anything, so `lookup_record()` only appends to an in-process buffer; a
daemon thread moves the buffer to the shared cache (Redis in production) about once a second, where the
pages read it. Each log keeps the newest `CALLERS_RECENT_LOOKUPS` lookups. It is a convenience, not an
audit: with the cache down, or two processes writing the file cache at once, a few lookups may be missing.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

UNMATCHED = "unmatched"
_KEY = "callers:recent:{}"
_BUFFER_MAX = 1000
_FLUSH_SECONDS = 1.0

_buffer: deque[tuple[list[str], dict[str, Any]]] = deque(maxlen=_BUFFER_MAX)
_wake = threading.Event()
_lock = threading.Lock()
_flusher: threading.Thread | None = None


def lookup_record(*, profile: dict[str, Any], raw: str, dn: str, list_ids: list[int], at: datetime) -> None:
    """Remember one IVR lookup (the IVR path: no I/O here)."""
    record = {
        "at": at.isoformat(timespec="seconds"),
        "number": profile["number"],
        "raw": raw[:40],
        "dn": dn[:40],
        "found": profile["found"],
        "lists": profile["lists"],
        "vip": profile["vip"],
        "blocked": profile["blocked"],
    }
    logs = [str(list_id) for list_id in list_ids] or [UNMATCHED]
    _buffer.append((logs, record))
    _ensure_flusher()


def _ensure_flusher() -> None:
    global _flusher
    if _flusher is not None and _flusher.is_alive():
        return
    with _lock:
        if _flusher is None or not _flusher.is_alive():
            _flusher = threading.Thread(target=_flush_forever, name="callers-lookups", daemon=True)
            _flusher.start()


def _flush_forever() -> None:
    while True:
        _wake.wait(_FLUSH_SECONDS)
        _wake.clear()
        try:
            flush_lookups()
        except Exception:  # the log is a convenience: never let it take anything down
            logger.warning("could not write the recent caller lookups", exc_info=True)


def flush_lookups() -> None:
    """Move the buffered lookups to the shared cache, newest first, each log cut to its limit."""
    batches: dict[str, list[dict[str, Any]]] = {}
    while _buffer:
        logs, record = _buffer.popleft()
        for log in logs:
            batches.setdefault(log, []).append(record)
    keep = settings.CALLERS_RECENT_LOOKUPS
    for log, records in batches.items():
        key = _KEY.format(log)
        newest_first = list(reversed(records))
        cache.set(key, (newest_first + (cache.get(key) or []))[:keep], timeout=None)


def recent_lookups(log: int | str) -> list[dict[str, Any]]:
    """The newest lookups of a list (by id) or of `UNMATCHED` callers, newest first."""
    try:
        return list(cache.get(_KEY.format(log)) or [])
    except Exception:
        logger.warning("could not read the recent caller lookups", exc_info=True)
        return []
