"""Health checks (django-health-check) for what the app needs besides its database and cache.

Readiness asks: can this deployment do its whole job? Database, cache and Redis answer, a Celery worker
said it is alive lately, and beat's outbox sweep ran lately. The UCCX nodes have their own endpoint: a
UCCX outage is something to page about, but the app keeps working through it (saves queue, the IVR API
answers), so it must not take an app node out of a load balancer.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from sync.cluster import get_cluster_state
from sync.selectors import worker_status


def _age(iso: str | None) -> float | None:
    return None if iso is None else (timezone.now() - datetime.fromisoformat(iso)).total_seconds()


@dataclasses.dataclass
class WorkerHeartbeat(HealthCheck):
    """A Celery worker wrote its heartbeat within WORKER_HEARTBEAT_STALE seconds."""

    def run(self) -> None:
        age = worker_status()["heartbeat_age_seconds"]
        if age is None:
            raise ServiceUnavailable("No Celery worker has ever reported (is the worker running?).")
        if age > settings.WORKER_HEARTBEAT_STALE:
            raise ServiceUnavailable(f"The last worker heartbeat is {age:.0f} s old.")


@dataclasses.dataclass
class BeatSweep(HealthCheck):
    """Beat's outbox sweep ran (on a worker) within two sweep intervals."""

    def run(self) -> None:
        age = _age(worker_status()["last_sweep"])
        every = settings.SYNC_SWEEP_SECONDS
        limit = 2 * every + 5
        if age is None:
            raise ServiceUnavailable("Beat's outbox sweep never ran (is celery beat running?).")
        if age > limit:
            raise ServiceUnavailable(
                f"Beat's last outbox sweep is {age:.0f} s old (expected every {every:g} s)."
            )


@dataclasses.dataclass
class UccxNode(HealthCheck):
    """One UCCX node answered the monitor's last probe (read from the cache: no request to UCCX here)."""

    node: str = "A"

    def run(self) -> None:
        cluster = get_cluster_state()
        if cluster.mode == "unknown":
            raise ServiceUnavailable(
                "The UCCX monitor has not probed lately (is `manage.py uccx_monitor` running?)."
            )
        state = next((n for n in cluster.nodes if n.name == self.node), None)
        if state is None:
            raise ServiceUnavailable(f"UCCX node {self.node} is not in the monitor's last probe.")
        if not state.reachable:
            raise ServiceUnavailable(f"UCCX node {self.node} is unreachable: {state.error or 'no answer'}")
        if state.credentials_refused:
            raise ServiceUnavailable(
                f"UCCX node {self.node} refuses the app's credentials: {state.error or 'HTTP 401'}"
            )
        if state.read_only:
            raise ServiceUnavailable(
                f"UCCX node {self.node} is read-only: saves are queued until it takes writes."
            )


def readiness_checks() -> list[object]:
    checks: list[object] = ["health_check.checks.Database", "health_check.checks.Cache"]
    if settings.REDIS_URL:
        checks.append(("health_check.contrib.redis.Redis", {"client_factory": _redis_client}))
    return [*checks, WorkerHeartbeat, BeatSweep]


def uccx_checks() -> list[object]:
    nodes = ["A", "B"] if settings.UCCX_SECONDARY_URL.strip() else ["A"]
    return [(UccxNode, {"node": name}) for name in nodes]


def _redis_client() -> object:
    from redis.asyncio import Redis

    return Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
