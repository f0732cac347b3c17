"""Celery tasks of the outbox replay. Both are idempotent: the outbox rows are the truth and a claim keeps
one writer per object, so a message delivered twice (late ack, lost worker) only drains an empty queue."""

from typing import Any

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from sync import services
from sync.selectors import seconds_until_due


@shared_task(name="sync.drain_outbox", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def drain_outbox(wake: bool = False) -> int:
    """Replay due changes; `wake` (UCCX takes writes again) first ends every backoff."""
    services.record_heartbeat()
    if wake:
        services.wake_pending()
    handled = services.drain(budget=settings.SYNC_DRAIN_BUDGET)
    wait = seconds_until_due()
    if wait is not None:
        services.schedule_retry(wait)
    return handled


@shared_task(name="sync.sweep_outbox", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def sweep_outbox() -> None:
    """Beat's safety net: whatever a lost nudge left behind is replayed within a sweep interval."""
    services.record_heartbeat(sweep=True)
    services.repair_pending()
    if seconds_until_due() == 0:
        services.nudge_drain(fanout=settings.SYNC_DRAIN_CONCURRENCY)


@worker_ready.connect
def _announce_worker(**_kwargs: Any) -> None:
    services.record_heartbeat()
