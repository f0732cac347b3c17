"""The replay: carry what waits in the outbox to UCCX, one object at a time.

One object at a time: a claim on its `SyncObject` row (`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL,
the write lock on SQLite, plus a lease) means one writer per object. The claim takes all its queued changes,
oldest first, and writes only the latest desired state (coalescing). The object is read before it is written:
a create whose answer was lost is found by name, and a body changed outside the app is recorded as drift.
An object whose changes declare others first (`enqueue_change(..., after=...)`) is not claimed before those
reached UCCX; it is woken when they do.

`write_through()` (sync.outbox) replays one object right after its save; `drain()` (the worker) replays
every due object.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from sync.adapters import Adapter, RetryLater, get_adapter
from sync.cluster import get_uccx_client, note_write_accepted, note_write_refused
from sync.models import Drift, OutboxChange, SyncObject
from uccx_client import UccxAuthError, UccxConflictError, UccxError, UccxReadOnlyError, UccxUnavailableError

if TYPE_CHECKING:
    from uccx_client import UccxClient

logger = logging.getLogger(__name__)

State = OutboxChange.State
Operation = OutboxChange.Operation

HOST = socket.gethostname()
_UNCONFIRMED_KEPT = 5  # bodies sent but not confirmed, remembered per object
REACHED_UCCX = (State.APPLIED, State.CANCELLED)


def replay_object(target_id: int) -> None:
    """Try UCCX now for one object (a write-through after its save); held by another writer: left alone."""
    claim = _claim(SyncObject.objects.filter(pk=target_id))
    if claim is not None:
        _finish(claim, _replay(claim))


def drain(*, budget: float) -> int:
    """Replay due objects one by one until none is due or `budget` seconds are spent; returns how many."""
    release_dead_claims()
    deadline = time.monotonic() + budget
    handled = 0
    while time.monotonic() < deadline:
        claim = _claim(SyncObject.objects.filter(next_attempt_at__lte=timezone.now()))
        if claim is None:
            break
        outcome = _replay(claim)
        retry_at = _finish(claim, outcome)
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


def wake_dependents(target_id: int) -> int:
    """The object's changes reached UCCX (or will never): objects waiting for it are due now."""
    return (
        SyncObject.objects.filter(
            pending_since__isnull=False, changes__state=State.QUEUED, changes__after__target_id=target_id
        )
        .exclude(pk=target_id)
        .update(next_attempt_at=timezone.now())
    )


def wake_pending() -> int:
    """UCCX takes writes again: end every backoff so the queue drains now."""
    return SyncObject.objects.filter(pending_since__isnull=False).update(
        next_attempt_at=timezone.now(), failures=0
    )


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


@dataclass
class _Claim:
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
class _Outcome:
    state: str  # a State value: applied, cancelled, queued or failed
    detail: str = ""
    remote_id: str = ""
    written: dict[str, Any] | None = None
    drift: tuple[dict[str, Any] | None, dict[str, Any] | None] | None = None
    settle: float = 0.0  # seconds a write that may still be under way in UCCX needs to land
    uccx_away: bool = False  # not about this object: UCCX takes no writes at all


class _LeaseRunningOut(Exception):
    """Not enough claim time left to start a write safely."""


def _claim(candidates: QuerySet[SyncObject]) -> _Claim | None:
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
        return _Claim(target, changes, target.claimed_by, time.monotonic() + lease, earlier)


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


def _replay(claim: _Claim) -> _Outcome:
    """Carry the claim's latest desired state to UCCX; UCCX's errors become outcomes."""
    try:
        outcome = _Replay(claim, get_adapter(claim.target.kind), get_uccx_client()).run()
    except UccxUnavailableError as exc:  # includes read-only
        read_only = isinstance(exc, UccxReadOnlyError)
        if read_only:
            note_write_refused(exc.node, exc.message)
        why = "UCCX is read-only" if read_only else "UCCX is unavailable"
        return _Outcome(
            State.QUEUED,
            f"{why}: {exc.message}" if exc.message else f"{why}.",
            settle=2 * settings.UCCX_TIMEOUT if exc.maybe_applied else 0.0,
            uccx_away=True,
        )
    except UccxAuthError as exc:
        return _Outcome(State.QUEUED, f"UCCX refused the app's credentials: {exc.message}", uccx_away=True)
    except RetryLater as exc:
        return _Outcome(State.QUEUED, str(exc) or "Waiting for another change to reach UCCX first.")
    except _LeaseRunningOut:
        return _Outcome(State.QUEUED, "UCCX answered too slowly; the change will be retried.")
    except UccxError as exc:
        return _Outcome(State.FAILED, exc.message or f"UCCX refused the change (HTTP {exc.status}).")
    except Exception:
        logger.exception("Replay of %s failed", claim.target)
        return _Outcome(State.FAILED, "Internal error while writing to UCCX; see the server log.")
    if outcome.state == State.APPLIED:
        note_write_accepted()
    return outcome


@dataclass
class _Replay:
    """Read the object in UCCX, then make it hold the latest desired state (or be gone)."""

    claim: _Claim
    adapter: Adapter
    client: UccxClient
    drift: tuple[dict[str, Any] | None, dict[str, Any] | None] | None = field(default=None, init=False)

    def run(self) -> _Outcome:
        remote_id, current = self._locate()
        if self.claim.latest.operation == Operation.DELETE:
            return self._delete(remote_id, current)
        return self._upsert(remote_id, current)

    def _locate(self) -> tuple[str, dict[str, Any] | None]:
        """UCCX's id and current body; a create whose answer never came is looked up by name."""
        target = self.claim.target
        if target.remote_id:
            return target.remote_id, self.adapter.get(self.client, target.remote_id)
        if not self.claim.earlier_unconfirmed:
            return "", None  # no create was ever sent
        names = [self.adapter.name_of(body) for body in self.claim.maybe_in_uccx()]
        for name in dict.fromkeys(names):  # newest first, each name once
            found = self.adapter.find(self.client, name)
            if found is not None and not _mapped_elsewhere(target, found[0]):
                self.claim.found_remote_id = found[0]
                return found
        return "", None

    def _check_drift(self, current: dict[str, Any]) -> None:
        known = [self.claim.target.last_written, *self.claim.maybe_in_uccx()]
        if not any(body and self.adapter.same(current, body) for body in known):
            self.drift = (self.claim.target.last_written, current)

    def _delete(self, remote_id: str, current: dict[str, Any] | None) -> _Outcome:
        if current is None:
            if remote_id:
                return self._done(State.APPLIED, "")  # already gone from UCCX
            return self._done(State.CANCELLED, "")  # never reached UCCX: the create and delete cancel
        self._check_drift(current)
        self._guard()
        self.adapter.delete(self.client, remote_id)
        return self._done(State.APPLIED, "")

    def _upsert(self, remote_id: str, current: dict[str, Any] | None) -> _Outcome:
        payload = self.claim.latest.payload
        if current is None:
            if remote_id:
                self.drift = (self.claim.target.last_written, None)  # deleted outside the app
            return self._create(payload)
        self._check_drift(current)
        if not self.adapter.same(current, payload):
            self._guard()
            remote_id = self.adapter.update(self.client, remote_id, payload) or remote_id
        return self._done(State.APPLIED, remote_id, payload)

    def _create(self, payload: dict[str, Any]) -> _Outcome:
        self._guard()
        try:
            return self._done(State.APPLIED, self.adapter.create(self.client, payload), payload)
        except UccxConflictError as exc:
            found = self.adapter.find(self.client, self.adapter.name_of(payload))
            if found is None:
                raise
            other = _mapped_elsewhere(self.claim.target, found[0])
            if other is not None:
                if other.pending_since is not None:  # e.g. its delete is queued: wait for it
                    raise RetryLater(f"Waiting for {other} to release the name in UCCX.") from exc
                raise
            remote_id, current = found  # it was there already (created outside the app): adopt it
            self.claim.found_remote_id = remote_id
            self.drift = (None, current)
            if not self.adapter.same(current, payload):
                self._guard()
                remote_id = self.adapter.update(self.client, remote_id, payload) or remote_id
            logger.info("Adopted %s id %s after %s", self.claim.target, remote_id, exc.message)
            return self._done(State.APPLIED, remote_id, payload)

    def _guard(self) -> None:
        """Start a write only with time to finish it inside the claim, so no later writer overtakes it."""
        if self.claim.expires - time.monotonic() < settings.SYNC_CLAIM_SECONDS / 2:
            raise _LeaseRunningOut

    def _done(self, state: str, remote_id: str, written: dict[str, Any] | None = None) -> _Outcome:
        return _Outcome(state, remote_id=remote_id, written=written, drift=self.drift)


def _mapped_elsewhere(target: SyncObject, remote_id: str) -> SyncObject | None:
    """Another app object of the same kind already stands for this UCCX object."""
    return SyncObject.objects.filter(kind=target.kind, remote_id=remote_id).exclude(pk=target.pk).first()


def _finish(claim: _Claim, outcome: _Outcome) -> datetime | None:
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
