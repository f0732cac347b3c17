"""Prometheus metrics (prometheus-client).

Two kinds:
- events counted where they happen (IVR latency and stale answers, UCCX errors): process-local counters
  and histograms. Under gunicorn and Celery several processes count; with `PROMETHEUS_MULTIPROC_DIR` set
  (one directory per app node, shared by its web, worker and monitor processes, emptied at start) each
  process writes its values to a file there and `/metrics` adds them up.
- state read at scrape time from the database and the cache (outbox, drift, UCCX nodes, heartbeats): the
  same answer from any process, never counted twice.

Recording is cheap on purpose (IVR requests are timed on every call): a label lookup in a dict and one
`observe()`, a few microseconds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from uccx_client import (
    UccxAuthError,
    UccxConflictError,
    UccxError,
    UccxNotFoundError,
    UccxReadOnlyError,
    UccxUnavailableError,
    UccxValidationError,
)

PREFIX = "supervisor_tools"
IVR_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 2.5)  # few: observe() scans them
IVR_ENDPOINTS = {"calendars", "announcements", "callers", "switches", "call"}  # anything else: "other"

IVR_LATENCY = Histogram(
    f"{PREFIX}_ivr_request_duration_seconds",
    "Time to answer an IVR request (/ivr/v1/...), by endpoint and HTTP status class.",
    ["endpoint", "status"],
    buckets=IVR_BUCKETS,
)
IVR_STALE = Counter(
    f"{PREFIX}_ivr_stale_answers",
    "IVR answers served from a cached copy because the database could not be read.",
    ["endpoint"],
)
UCCX_ERRORS = Counter(
    f"{PREFIX}_uccx_errors",
    "Failed exchanges with a UCCX node, by kind (before failover to the other node).",
    ["kind", "node"],
)

_latency_children: dict[tuple[str, int], Any] = {}  # (path, status) -> histogram child; bounded below
_CHILDREN_KEPT = 2048


def ivr_endpoint(path: str) -> str:
    """The endpoint's route with its variable parts named, e.g. `calendars/{name}/status` (bounded labels)."""
    parts = path[len("/ivr/v1/") :].split("/") if path.startswith("/ivr/v1/") else []
    if not parts or parts[0] not in IVR_ENDPOINTS:
        return "other"
    route = parts[0]
    if len(parts) > 1 and parts[1]:
        route += "/{number}" if parts[0] == "callers" else "/{name}"
    if len(parts) > 2 and parts[2] == "status":
        route += "/status"
    return route


def observe_ivr_request(path: str, status: int, seconds: float) -> None:
    """Record one IVR answer (called for every /ivr/ request, so kept to a dict lookup and an observe:
    scripts call the same few paths over and over)."""
    child = _latency_children.get((path, status))
    if child is None:
        if len(_latency_children) >= _CHILDREN_KEPT:
            _latency_children.clear()
        child = IVR_LATENCY.labels(ivr_endpoint(path), f"{status // 100}xx")
        _latency_children[(path, status)] = child
    child.observe(seconds)


def count_stale_answer(endpoint: str) -> None:
    """An IVR answer came from a cached copy: the database was unreachable."""
    IVR_STALE.labels(endpoint).inc()


def uccx_error_kind(error: UccxError) -> str:
    """A short, bounded name for the kind of UCCX failure."""
    kinds: tuple[tuple[type[UccxError], str], ...] = (
        (UccxReadOnlyError, "read_only"),
        (UccxAuthError, "auth"),
        (UccxValidationError, "validation"),
        (UccxConflictError, "conflict"),
        (UccxNotFoundError, "not_found"),
    )
    for error_class, kind in kinds:
        if isinstance(error, error_class):
            return kind
    if isinstance(error, UccxUnavailableError):
        return "server_error" if (error.status or 0) >= 500 else "unreachable"
    return "other"


def count_uccx_error(error: UccxError) -> None:
    """`UccxClient(on_error=...)`: one failed exchange with a node."""
    UCCX_ERRORS.labels(uccx_error_kind(error), error.node or "?").inc()


class StateCollector(Collector):
    """Gauges read at scrape time from the database and the cache: outbox, drift, UCCX, heartbeats."""

    def collect(self) -> Iterator[Any]:
        from sync.cluster import get_cluster_state
        from sync.models import Drift
        from sync.selectors import queue_stats, worker_status

        queue = queue_stats()
        yield _gauge("outbox_queued_changes", "Changes waiting to be written to UCCX.", queue["depth"])
        yield _gauge(
            "outbox_objects_waiting",
            "UCCX objects with at least one queued change.",
            queue["objects_waiting"],
        )
        yield _gauge(
            "outbox_oldest_queued_age_seconds",
            "Age of the oldest queued change (0 when nothing waits).",
            queue["oldest_age_seconds"] or 0.0,
        )
        yield _gauge(
            "outbox_failed_changes",
            "Changes UCCX refused for good, not yet retried or discarded.",
            queue["failed"],
        )
        drift = CounterMetricFamily(
            f"{PREFIX}_drift_found", "Objects found changed in UCCX outside the app (drift records)."
        )
        drift.add_metric([], Drift.objects.count())
        yield drift
        yield _gauge(
            "drift_unacknowledged",
            "Drift records no operator acknowledged yet.",
            queue["drift_unacknowledged"],
        )

        cluster = get_cluster_state()
        yield _gauge("uccx_writable", "1 when UCCX takes configuration changes now.", int(cluster.writable))
        yield _gauge(
            "uccx_state_known",
            "1 when the UCCX monitor's last probe is recent (0: the monitor is not running).",
            int(cluster.mode != "unknown"),
        )
        for name, help_text, flag in (
            ("uccx_node_up", "1 when the UCCX node answered the monitor's last probe.", "reachable"),
            ("uccx_node_master", "1 when the UCCX node is the database master.", "master"),
            ("uccx_node_read_only", "1 when the UCCX node refuses configuration changes.", "read_only"),
        ):
            family = GaugeMetricFamily(f"{PREFIX}_{name}", help_text, labels=["node"])
            for node in cluster.nodes:
                family.add_metric([node.name], int(bool(getattr(node, flag))))
            yield family

        worker = worker_status()
        for name, help_text, value in (
            (
                "worker_heartbeat_age_seconds",
                "Seconds since a Celery worker last said it is alive.",
                worker["heartbeat_age_seconds"],
            ),
            (
                "beat_sweep_age_seconds",
                "Seconds since beat's last outbox sweep ran on a worker.",
                _age_of(worker["last_sweep"]),
            ),
        ):
            if value is not None:
                yield _gauge(name, help_text, value)


def _gauge(name: str, help_text: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(f"{PREFIX}_{name}", help_text, value=value)


def _age_of(iso: str | None) -> float | None:
    return None if iso is None else round((timezone.now() - datetime.fromisoformat(iso)).total_seconds(), 1)


def render_metrics() -> bytes:
    """The exposition text: this node's counted events (all processes in multiprocess mode) and the state."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        for metric in (IVR_LATENCY, IVR_STALE, UCCX_ERRORS):
            registry.register(metric)
    registry.register(StateCollector())
    return generate_latest(registry)
