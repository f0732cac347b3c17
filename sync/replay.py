"""The replay: carry what waits in the outbox to UCCX, one object at a time.

One object at a time: a claim on its `SyncObject` row (`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL,
the write lock on SQLite, plus a lease) means one writer per object. The claim takes all its queued changes,
oldest first, and writes only the latest desired state (coalescing). The object is read before it is written:
a create whose answer was lost is found by name, and a body changed outside the app is recorded as drift.
An object whose changes declare others first (`enqueue_change(..., after=...)`) is not claimed before those
reached UCCX; it is woken when they do.

`write_through()` (sync.outbox) replays one object right after its save; `drain()` (the worker) replays
every due object. The claims, the declared order and the recorded outcome are in sync.claims, the
replay of one object in sync.object_replay.
"""

import logging
import time

from django.db.models import Min
from django.utils import timezone

from sync.claims import claim_first, finish_claim, release_dead_claims
from sync.models import OutboxChange, SyncObject
from sync.object_replay import replay_claim

logger = logging.getLogger(__name__)

State = OutboxChange.State


def replay_object(target_id: int) -> None:
    """Try UCCX now for one object (a write-through after its save); held by another writer: left alone."""
    claim = claim_first(SyncObject.objects.filter(pk=target_id))
    if claim is not None:
        finish_claim(claim, replay_claim(claim))


def drain(*, budget: float) -> int:
    """Replay due objects one by one until none is due or `budget` seconds are spent; returns how many."""
    release_dead_claims()
    deadline = time.monotonic() + budget
    handled = 0
    while time.monotonic() < deadline:
        claim = claim_first(SyncObject.objects.filter(next_attempt_at__lte=timezone.now()))
        if claim is None:
            break
        outcome = replay_claim(claim)
        retry_at = finish_claim(claim, outcome)
        handled += 1
        if outcome.uccx_away and retry_at is not None:
            # Every other object would fail the same way: they all wait for the same retry.
            SyncObject.objects.filter(pending_since__isnull=False, next_attempt_at__lt=retry_at).update(
                next_attempt_at=retry_at
            )
            break
    return handled


def repair_pending() -> int:
    """Safety net (beat sweep): an object with queued changes must be marked pending, or no drain sees it."""
    lost = list(
        SyncObject.objects.filter(pending_since__isnull=True, changes__state=State.QUEUED)
        .values_list("pk", flat=True)
        .distinct()
    )
    for pk in lost:
        logger.warning("Object %s had queued changes but was not marked pending; repaired.", pk)
        refresh_pending(pk)
    return len(lost)


def refresh_pending(target_id: int) -> None:
    """Re-derive the object's pending mark from its queued changes (after an operator's retry or discard)."""
    first = OutboxChange.objects.filter(target_id=target_id, state=State.QUEUED).aggregate(
        at=Min("created_at")
    )
    SyncObject.objects.filter(pk=target_id).update(pending_since=first["at"])


def wake_pending() -> int:
    """UCCX takes writes again: end every backoff so the queue drains now."""
    return SyncObject.objects.filter(pending_since__isnull=False).update(
        next_attempt_at=timezone.now(), failures=0
    )
