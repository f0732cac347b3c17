"""The worker: the Celery tasks of the outbox replay (and the team sync) and the nudges that wake them.

Both tasks are idempotent: the outbox rows are the truth and a claim keeps one writer per object, so a
message delivered twice (late ack, lost worker) only drains an empty queue. Nudges are best effort: an
absent broker must never fail a supervisor's save, and beat's sweep replays whatever a lost nudge left.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Task, shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from sync import claims, replay
from sync.applications import applications_sync
from sync.blobs import blobs_collect
from sync.selectors import HEARTBEAT_KEY, SWEEP_KEY, seconds_until_due
from sync.teams import teams_sync
from uccx_client import UccxError

logger = logging.getLogger(__name__)


@shared_task(name="sync.drain_outbox", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def drain_outbox(wake: bool = False) -> int:
    """Replay due changes; `wake` (UCCX takes writes again) first ends every backoff."""
    record_heartbeat()
    if wake:
        replay.wake_pending()
    handled = replay.drain(budget=settings.SYNC_DRAIN_BUDGET)
    wait = seconds_until_due()
    if wait is not None:
        schedule_retry(wait)
    return handled


@shared_task(name="sync.sweep_outbox", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def sweep_outbox() -> None:
    """Beat's safety net: whatever a lost nudge left behind is replayed within a sweep interval."""
    record_heartbeat(sweep=True)
    replay.repair_pending()
    # A SIGKILLed worker's claim keeps its objects from being due until the lease ends (~80 s): free
    # the claims of dead local processes first, so they are replayed within one sweep interval.
    claims.release_dead_claims()
    if seconds_until_due() == 0:
        nudge_drain(fanout=settings.SYNC_DRAIN_CONCURRENCY)


@shared_task(name="sync.collect_blobs", ignore_result=True)
def collect_blobs() -> int:
    """Beat: delete file content no change can write any more (sync.blobs)."""
    return blobs_collect()


@shared_task(name="sync.sync_teams", ignore_result=True)
def sync_teams() -> None:
    """Read UCCX's teams; when UCCX cannot be read, the next run tries again (teams stay as they were)."""
    try:
        teams_sync()
        applications_sync()  # the applications objects may be bound to, refreshed with the teams
    except UccxError as error:
        logger.warning("Team sync skipped, UCCX could not be read: %s", error.message)


@shared_task(name="sync.reconcile", ignore_result=True)
def reconcile_uccx(reason: str = "schedule") -> None:
    """The reconcile sweep (sync.reconcile): beat's schedule, UCCX back after an outage, or a click."""
    from sync.reconcile import reconcile

    reconcile(reason=reason)


def request_reconcile(reason: str, *, delay: float = 0.0) -> bool:
    """Ask the worker for a reconcile sweep (deduplicated for a minute); False when it cannot be asked."""
    try:
        if not cache.add("sync:reconcile-requested", 1, timeout=60):
            return True  # one was asked for moments ago
        reconcile_uccx.apply_async(kwargs={"reason": reason}, countdown=delay or None, retry=False)
    except Exception as exc:
        logger.warning(
            "Could not ask for a reconcile sweep (%s); beat's schedule will run one.", type(exc).__name__
        )
        return False
    return True


def reconcile_after_outage(*_args: Any, **_kwargs: Any) -> None:
    """`sync.cluster.on_writable` hook: UCCX takes writes again, so check what it lost meanwhile (after the
    drain has had a moment to write what waited)."""
    request_reconcile("UCCX back", delay=settings.SYNC_NUDGE_DELAY * 5)


@worker_ready.connect
def _announce_worker(**_kwargs: Any) -> None:
    record_heartbeat()


def nudge_drain(*, wake: bool = False, fanout: int = 1, delay: float = 0.0, dedupe: str = "") -> None:
    """Ask the worker to drain soon. Best effort: the outbox rows are the truth and beat sweeps them, so
    an absent broker must never fail a supervisor's save (hence no bare `delay_on_commit()`)."""
    try:
        if dedupe and not cache.add(f"sync:nudge:{dedupe}", 1, timeout=max(1, round(delay))):
            return
        for _ in range(fanout):
            drain_outbox.apply_async(kwargs={"wake": wake}, countdown=delay or None, retry=False)
    except Exception as exc:
        logger.warning(
            "Could not nudge the outbox worker (%s); the beat sweep will replay.", type(exc).__name__
        )


def send_on_commit(task: Task, *args: Any, countdown: float = 0.0) -> None:
    """Send a domain app's own worker task (an import, a conversion) once the current transaction
    commits, to run `countdown` seconds later (a debounce). Best effort, like the outbox's nudges: an
    absent or stopped broker is logged, never an error of the save that asked for it; the saved row stays
    waiting, and the app's own beat sweep must pick it up."""

    def send() -> None:
        try:
            task.apply_async(args=args, countdown=countdown or None, retry=False)
        except Exception as exc:
            logger.warning("Could not send %s to the worker (%s).", task.name, type(exc).__name__)

    transaction.on_commit(send)


def drain_now(*_args: Any, **_kwargs: Any) -> None:
    """`sync.cluster.on_writable` hook: UCCX takes writes again, replay everything now on all processes."""
    nudge_drain(wake=True, fanout=settings.SYNC_DRAIN_CONCURRENCY)


def schedule_retry(seconds: float) -> None:
    """Come back when the earliest backoff ends (one pending retry at a time)."""
    delay = min(max(seconds, 0.5), settings.SYNC_BACKOFF_CAP)
    # All worker processes: if UCCX is back, they replay in parallel; if not, one attempt defers the rest.
    nudge_drain(delay=delay, dedupe="retry", fanout=settings.SYNC_DRAIN_CONCURRENCY)


def record_heartbeat(*, sweep: bool = False) -> None:
    """The worker is alive (and, for the sweep, beat too); shown in /api/v1/uccx/status."""
    beat = {"at": timezone.now().isoformat(), "worker": f"{os.getpid()}@{claims.HOST}"}
    try:
        cache.set_many({HEARTBEAT_KEY: beat, **({SWEEP_KEY: beat} if sweep else {})}, timeout=None)
    except Exception as exc:
        logger.warning("Could not record the worker heartbeat (%s).", type(exc).__name__)
