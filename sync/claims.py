"""Claims on outbox objects: one writer per object, the declared order between objects, and the outcome.

A claim locks the object's `SyncObject` row (`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, the write
lock on SQLite) and holds it with a lease; it takes all the object's queued changes, oldest first. An
object whose changes declare others first is not claimed before those reached UCCX. Releasing the claim
records what the replay (sync.object_replay) came to on its changes, with a backoff when it must wait.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from sync.adapters import get_adapter
from sync.models import Drift, OutboxChange, SyncObject

logger = logging.getLogger("sync.replay")  # one logger for the whole replay

State = OutboxChange.State
Operation = OutboxChange.Operation

HOST = socket.gethostname()
_UNCONFIRMED_KEPT = 5  # bodies sent but not confirmed, remembered per object
REACHED_UCCX = (State.APPLIED, State.CANCELLED)


@dataclass
class Claim:
    """The queued changes of one object, taken by one writer until `expires` (monotonic clock)."""

    target: SyncObject
    changes: list[OutboxChange]
    token: str
    expires: float
    earlier_unconfirmed: list[dict[str, Any]]
    found_remote_id: str = ""  # learnt during the replay (a lost create found by name)

    @property
    def latest(self) -> OutboxChange:
        return self.changes[-1]

    def maybe_in_uccx(self) -> list[dict[str, Any]]:
        """Bodies an unconfirmed attempt may have left in UCCX, newest first: every queued change's (each
        was, or is, the latest of an attempt) and the ones recorded as sent (e.g. by a killed worker)."""
        queued = [c.payload for c in self.changes if c.operation == Operation.UPSERT]
        return [*reversed(queued), *reversed(self.earlier_unconfirmed)]


@dataclass
class Outcome:
    state: str  # a State value: applied, cancelled, queued or failed
    detail: str = ""
    remote_id: str = ""
    written: dict[str, Any] | None = None
    drift: tuple[dict[str, Any] | None, dict[str, Any] | None] | None = None
    settle: float = 0.0  # seconds a write that may still be under way in UCCX needs to land
    uccx_away: bool = False  # not about this object: UCCX takes no writes at all


def claim_first(candidates: QuerySet[SyncObject]) -> Claim | None:
    """Take the first pending, unclaimed object among `candidates` with all its queued changes; an object
    waiting for another object's change is skipped (and left to be woken when that change lands)."""
    waiting: list[int] = []
    while True:
        now = timezone.now()
        with transaction.atomic():
            target = (
                candidates.exclude(pk__in=waiting)
                .select_for_update(skip_locked=True)
                .filter(pending_since__isnull=False)
                .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
                .order_by("pending_since", "pk")
                .first()
            )
            if target is None:
                return None
            changes = list(target.changes.filter(state=State.QUEUED).order_by("pk"))
            if not changes:  # the last queued change was discarded meanwhile
                target.pending_since = None
                target.save(update_fields=["pending_since"])
                continue
            blocker = _unmet_dependency(target, changes)
            if blocker is not None:
                _wait_for(target, changes, blocker, now)
                waiting.append(target.pk)
                continue
            earlier = list(target.unconfirmed)
            latest = changes[-1]
            if latest.operation == Operation.UPSERT and latest.payload not in earlier[-1:]:
                # Recorded before the write: a worker killed mid-write leaves the trace its successor needs.
                target.unconfirmed = [*earlier, latest.payload][-_UNCONFIRMED_KEPT:]
            lease = settings.SYNC_CLAIM_SECONDS
            target.claimed_by = f"{os.getpid()}@{HOST}#{uuid.uuid4().hex[:8]}"
            target.claimed_at = now
            target.claimed_until = now + timedelta(seconds=lease)
            target.save(update_fields=["unconfirmed", "claimed_by", "claimed_at", "claimed_until"])
            OutboxChange.objects.filter(pk__in=[c.pk for c in changes]).update(attempts=F("attempts") + 1)
        return Claim(target, changes, target.claimed_by, time.monotonic() + lease, earlier)


def _unmet_dependency(target: SyncObject, changes: list[OutboxChange]) -> OutboxChange | None:
    """The oldest change (of another object) these changes were declared after that has not reached UCCX.

    Payloads are full states, so a dependency has reached UCCX once it, or a later change of its object,
    was applied (or cancelled: the object never needed to exist there)."""
    reached = OutboxChange.objects.filter(
        target=OuterRef("target"), pk__gte=OuterRef("pk"), state__in=REACHED_UCCX
    )
    return (
        OutboxChange.objects.filter(dependents__in=changes)
        .exclude(target=target)
        .exclude(Exists(reached))
        .select_related("target")
        .order_by("pk")
        .first()
    )


def _label(change: OutboxChange) -> str:
    """The object as people know it ("Support Hours"), else its kind and key."""
    try:
        return get_adapter(change.target.kind).label(change.payload) or str(change.target)
    except (LookupError, KeyError, TypeError):
        return str(change.target)


def _wait_for(target: SyncObject, changes: list[OutboxChange], blocker: OutboxChange, now: datetime) -> None:
    """Leave the object queued with the reason; it is woken when the blocker's object is written."""
    reasons: dict[str, str] = {
        State.FAILED: ", which UCCX refused: retry or discard that change first",
        State.DISCARDED: ", which was discarded: save that object again, or discard this change",
    }
    why = reasons.get(blocker.state, " to reach UCCX first")
    OutboxChange.objects.filter(pk__in=[c.pk for c in changes]).update(
        last_error=f"Waiting for change #{blocker.pk} ({_label(blocker)}){why}."
    )
    # Woken by wake_dependents(); the sweep interval is only the safety net.
    target.next_attempt_at = now + timedelta(seconds=settings.SYNC_SWEEP_SECONDS)
    target.save(update_fields=["next_attempt_at"])


def wake_dependents(target_id: int) -> int:
    """The object's changes reached UCCX (or will never): objects waiting for it are due now."""
    return (
        SyncObject.objects.filter(
            pending_since__isnull=False, changes__state=State.QUEUED, changes__after__target_id=target_id
        )
        .exclude(pk=target_id)
        .update(next_attempt_at=timezone.now())
    )


def finish_claim(claim: Claim, outcome: Outcome) -> datetime | None:
    """Record the outcome on the claimed changes and release the object; returns its next attempt time."""
    now = timezone.now()
    latest = claim.latest
    earlier_ids = [c.pk for c in claim.changes[:-1]]
    with transaction.atomic():
        target = SyncObject.objects.select_for_update().get(pk=claim.target.pk)
        if target.claimed_by != claim.token:
            logger.warning(
                "The claim on %s expired before its outcome came back; it will be replayed.", target
            )
            return None
        queued = OutboxChange.objects.filter(state=State.QUEUED)
        if outcome.state in (State.APPLIED, State.CANCELLED):
            queued.filter(pk=latest.pk).update(state=outcome.state, applied_at=now, last_error="")
            queued.filter(pk__in=earlier_ids).update(
                state=outcome.state, applied_at=now, last_error="", coalesced_into=latest
            )
            target.remote_id = outcome.remote_id
            target.last_written = outcome.written
            target.unconfirmed = []
            target.failures = 0
            target.synced_at = now
            target.seen_at = now if outcome.state == State.APPLIED else target.seen_at
        elif outcome.state == State.FAILED:
            queued.filter(pk=latest.pk).update(state=State.FAILED, last_error=outcome.detail)
            queued.filter(pk__in=earlier_ids).update(state=State.SUPERSEDED, coalesced_into=latest)
            target.unconfirmed = claim.earlier_unconfirmed  # UCCX answered: nothing of this attempt landed
            target.failures = 0
        else:
            queued.filter(pk__in=[*earlier_ids, latest.pk]).update(last_error=outcome.detail)
            # The body sent stays among the unconfirmed ones: even a "read-only" answer may follow a first
            # node that took the write and lost its answer, so only a definite refusal rules it out.
            target.failures += 1
            target.next_attempt_at = now + _backoff(target.failures, outcome.settle)
        if outcome.state != State.QUEUED:
            # Older failures of this object are moot now: a newer state was written (or refused).
            target.changes.filter(state=State.FAILED, pk__lt=latest.pk).update(
                state=State.SUPERSEDED, coalesced_into=latest
            )
        if claim.found_remote_id and outcome.state not in (State.APPLIED, State.CANCELLED):
            target.remote_id = claim.found_remote_id
        target.pending_since = target.changes.filter(state=State.QUEUED).aggregate(at=Min("created_at"))["at"]
        if target.pending_since and outcome.state != State.QUEUED:
            target.next_attempt_at = now  # changes made while this one was in flight
        target.claimed_by = ""
        target.claimed_at = None
        # A write UCCX may still be working on (its answer timed out) keeps everyone off the object until
        # it must have landed, so that no later write overtakes it and no read mistakes it for drift.
        target.claimed_until = now + timedelta(seconds=outcome.settle) if outcome.settle else None
        target.save()
        claimed_ids = [c.pk for c in claim.changes]
        if outcome.drift is not None and not Drift.objects.filter(change__in=claimed_ids).exists():
            # (a re-write queued by the reconcile sweep already carries its Drift row)
            expected, found = outcome.drift
            Drift.objects.create(target=target, expected=expected, found=found, change=latest)
            logger.warning(
                "Drift on %s: UCCX held something the app did not write; app state applied.", target
            )
    if outcome.state != State.QUEUED:
        wake_dependents(target.pk)
    return target.next_attempt_at if target.pending_since else None


def _backoff(failures: int, at_least: float) -> timedelta:
    """Exponential with jitter, capped (far below the broker's visibility timeout)."""
    ceiling = min(settings.SYNC_BACKOFF_CAP, settings.SYNC_BACKOFF_BASE * 2 ** min(failures - 1, 20))
    return timedelta(seconds=max(at_least, random.uniform(ceiling / 2, ceiling)))


def release_dead_claims() -> int:
    """Free claims whose worker process on this host is gone (SIGKILL, OOM) instead of waiting the lease.

    Only once the dead worker's last request must be over (two UCCX timeouts), so an answer still on the
    way cannot land after the next writer's.
    """
    now = timezone.now()
    settled = now - timedelta(seconds=2 * settings.UCCX_TIMEOUT)
    released = 0
    for pk, owner in SyncObject.objects.filter(
        claimed_until__gt=now, claimed_at__lt=settled, claimed_by__contains=f"@{HOST}#"
    ).values_list("pk", "claimed_by"):
        if not _process_alive(int(owner.split("@", 1)[0])):
            released += SyncObject.objects.filter(pk=pk, claimed_by=owner).update(claimed_until=now)
    return released


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        pass
    return True
