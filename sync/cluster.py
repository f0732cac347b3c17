"""The UCCX cluster as the app sees it: one client per process, the last probe kept in the cache.

Only `refresh_cluster_state()` (run by `manage.py uccx_monitor`) touches the network; pages and APIs
read the cached state, so a slow or dead UCCX never slows them down.
"""

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache

from ops.metrics import count_uccx_error
from uccx_client import NodeState, UccxClient

log = logging.getLogger(__name__)

CACHE_KEY = "uccx:cluster-state"
# UCCX reports read-only nowhere but in its answer to a write; a refusal seen by any process (web, worker)
# is kept here until a write succeeds, so every page and the monitor's next probe know it.
WRITE_REFUSED_KEY = "uccx:write-refused"
WRITE_REFUSED_FOR = 300.0  # seconds a refusal counts when no write has been tried since
# A state older than this many monitor intervals reads as "unknown": the monitor is not running.
STALE_AFTER_INTERVALS = 10

_client_lock = threading.Lock()
_client: dict[tuple, UccxClient] = {}
_writable_hooks: list[Callable[[], None]] = []


@dataclass(frozen=True)
class ClusterState:
    """The whole cluster: its nodes, and whether UCCX takes configuration changes now."""

    nodes: list[NodeState]
    writable: bool
    mode: str  # "ok" | "read_only" | "credentials_refused" | "down" | "unknown"
    checked_at: datetime | None

    @classmethod
    def from_nodes(cls, nodes: list[NodeState]) -> "ClusterState":
        reachable = [node for node in nodes if node.reachable]
        if not reachable:
            mode = "down"
        elif any(node.credentials_refused for node in reachable):
            # UCCX answers, but not to us (HTTP 401/403): nothing reaches it until an administrator fixes
            # UCCX_USERNAME / UCCX_PASSWORD or the account's role; waiting will not help.
            mode = "credentials_refused"
        elif len(reachable) < len(nodes) or any(node.read_only for node in reachable):
            # UCCX commits configuration to both nodes' datastores: with a peer down, the survivor
            # refuses changes (configuration-and-sync.md: "read-only (a node of the cluster is down...)").
            mode = "read_only"
        else:
            mode = "ok"
        return cls(nodes, mode == "ok", mode, max(node.checked_at for node in nodes))

    @classmethod
    def unknown(cls) -> "ClusterState":
        return cls([], False, "unknown", None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "writable": self.writable,
            "checked_at": self.checked_at.isoformat() if self.checked_at else None,
            "nodes": [{**asdict(node), "checked_at": node.checked_at.isoformat()} for node in self.nodes],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ClusterState":
        nodes = [
            NodeState(**{**node, "checked_at": datetime.fromisoformat(node["checked_at"])})
            for node in data["nodes"]
        ]
        checked_at = datetime.fromisoformat(data["checked_at"]) if data["checked_at"] else None
        return cls(nodes, data["writable"], data["mode"], checked_at)


def get_uccx_client() -> UccxClient:
    """The process's client, built from settings (built again if they change, or after a fork)."""
    config = (
        os.getpid(),
        settings.UCCX_PRIMARY_URL,
        settings.UCCX_SECONDARY_URL,
        settings.UCCX_USERNAME,
        settings.UCCX_PASSWORD,
        settings.UCCX_VERIFY_TLS,
        settings.UCCX_TIMEOUT,
    )
    with _client_lock:
        if config not in _client:
            for old in _client.values():
                old.close()
            _client.clear()
            _client[config] = UccxClient(
                settings.UCCX_PRIMARY_URL,
                settings.UCCX_SECONDARY_URL,
                username=settings.UCCX_USERNAME,
                password=settings.UCCX_PASSWORD,
                verify=settings.UCCX_VERIFY_TLS,
                timeout=settings.UCCX_TIMEOUT,
                on_error=count_uccx_error,
            )
        return _client[config]


def reset_uccx_client() -> None:
    """Forget this process's client and what it learned (tests: each starts from a UCCX it never saw)."""
    with _client_lock:
        for old in _client.values():
            old.close()
        _client.clear()


def get_cluster_state() -> ClusterState:
    """The last stored probe, from the cache only; "unknown" when there is none (monitor not running)."""
    data = cache.get(CACHE_KEY)
    state = ClusterState.from_dict(data) if data else ClusterState.unknown()
    return _with_write_refusal(state)


def note_write_refused(node: str | None, message: str) -> None:
    """A write was refused as read-only (any process): the cluster reads as read-only until one succeeds."""
    cache.set(WRITE_REFUSED_KEY, {"node": node, "message": message}, timeout=WRITE_REFUSED_FOR)


def note_write_accepted() -> None:
    """A write went through: UCCX takes changes, whatever an earlier refusal said."""
    cache.delete(WRITE_REFUSED_KEY)


def _with_write_refusal(state: ClusterState) -> ClusterState:
    refusal = cache.get(WRITE_REFUSED_KEY)
    if refusal is None or state.mode not in ("ok", "read_only"):
        return state
    nodes = [replace(node, read_only=True) if node.name == refusal["node"] else node for node in state.nodes]
    return replace(state, nodes=nodes, writable=False, mode="read_only")


def refresh_cluster_state() -> ClusterState:
    """Probe the nodes, store the result, and run the on_writable hooks when UCCX became writable."""
    previous = get_cluster_state()
    probed = ClusterState.from_nodes(get_uccx_client().probe_nodes())
    timeout = max(30.0, STALE_AFTER_INTERVALS * settings.UCCX_MONITOR_INTERVAL)
    cache.set(CACHE_KEY, probed.as_dict(), timeout=timeout)  # the probe only: a refusal is merged on read
    state = _with_write_refusal(probed)
    if state.writable and not previous.writable:
        log.info("UCCX takes configuration changes again (was %s)", previous.mode)
        _run_writable_hooks()
    elif probed.writable and not state.writable:
        # Read-only is known only from a refused write, and reads cannot tell when it ends: let the
        # worker try one write now (a canary; the others wait for its answer) instead of its backoff.
        _run_writable_hooks()
    return state


def on_writable(callback: Callable[[], None]) -> Callable[[], None]:
    """Register `callback()` (no arguments) to run when UCCX goes from not writable to writable.

    Usable as a decorator; registering the same callback twice has no effect.
    """
    if callback not in _writable_hooks:
        _writable_hooks.append(callback)
    return callback


def _run_writable_hooks() -> None:
    for callback in list(_writable_hooks):
        try:
            callback()
        except Exception:  # one broken hook must not stop the others or the monitor
            log.exception("UCCX on_writable hook %r failed", callback)
