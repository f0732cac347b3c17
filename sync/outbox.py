"""Recording changes for UCCX: what a domain app calls to save something that lives in UCCX.

How a change travels:
1. `commit_and_sync(write)`: `write()` does the domain writes and calls `enqueue_change()` for each UCCX
   object it changes, all in ONE durable transaction (domain rows, audit and outbox rows commit together).
2. Right after the commit every change enqueued in it is written through to UCCX, in the order enqueued,
   and the answers come back: applied / queued / failed.
3. Whatever waits is replayed by the worker (sync.tasks): nudged on commit, woken when the cluster monitor
   sees UCCX take writes again, retried with backoff, and swept by beat.
A change declared `after=` other changes is never written before they reached UCCX (sync.replay).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from sync.adapters import get_adapter
from sync.models import OutboxChange, SyncObject
from sync.replay import replay_object
from sync.tasks import nudge_drain

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

State = OutboxChange.State
Operation = OutboxChange.Operation
T = TypeVar("T")


@dataclass(frozen=True)
class SyncResult:
    """What became of one change in UCCX; an API answers `sync_response()` (sync.api) with it."""

    state: str  # "applied" | "queued" | "failed"
    change: int
    detail: str
    http_status: int  # 201 applied create, 200 applied, 202 queued, 400 refused by UCCX

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state, "change": self.change, "detail": self.detail}


@dataclass(frozen=True)
class Synced(Generic[T]):
    """What `commit_and_sync()` returns: `write()`'s value and one result per change, in enqueue order."""

    value: T
    results: tuple[SyncResult, ...]

    @property
    def result(self) -> SyncResult:
        """The first change's result: the object the save is about (e.g. the calendar, not its binding)."""
        if not self.results:
            raise LookupError("The save enqueued no change for UCCX.")
        return self.results[0]


_in_commit = threading.local()  # the changes enqueued in the running commit_and_sync() transaction


def enqueue_change(
    *,
    kind: str,
    key: str | int,
    operation: str,
    payload: dict[str, Any],
    actor: AbstractBaseUser | None = None,
    summary: str = "",
    after: OutboxChange | Iterable[OutboxChange] = (),
) -> OutboxChange:
    """Record the object's full desired UCCX state; must run in the domain save's transaction.

    `after`: changes of other objects that must reach UCCX first (a calendar before the application
    parameter that names it, a prompt before the announcement that plays it).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "enqueue_change() must run inside the domain save's transaction.atomic() block, "
            "so that the save and its outbox record commit together (use commit_and_sync())."
        )
    get_adapter(kind)  # an unknown kind fails the save now, not later in the worker
    if operation not in Operation.values:
        raise ValueError(f"operation must be one of {', '.join(Operation.values)}, not {operation!r}.")
    before = [after] if isinstance(after, OutboxChange) else list(after)
    if any(change.pk is None for change in before):
        raise ValueError("after= takes changes returned by enqueue_change().")
    target, _ = SyncObject.objects.get_or_create(kind=kind, key=str(key))
    now = timezone.now()
    # The object's row is locked first, so concurrent saves of one object get their ids in the order they
    # commit, which is the order they are replayed in. One statement: if a replay of the object is finishing
    # meanwhile, PostgreSQL waits for it and applies this to the row as the replay left it (pending_since
    # maybe just cleared). A fresh edit also deserves a prompt attempt, whatever backoff the object was in.
    SyncObject.objects.filter(pk=target.pk).update(
        pending_since=Coalesce(F("pending_since"), Value(now)), next_attempt_at=now
    )
    change = OutboxChange(
        target=target,
        operation=operation,
        payload=payload,
        actor=actor if isinstance(actor, get_user_model()) and actor.is_authenticated else None,
        summary=summary[:200],
        created_at=now,
    )
    change.save_audited(actor, summary[:100] or "saved")
    change.after.set([c for c in before if c.target_id != target.pk])  # one object keeps its own order
    collected = getattr(_in_commit, "changes", None)
    if collected is not None:
        collected.append(change)
    transaction.on_commit(lambda: nudge_drain(delay=settings.SYNC_NUDGE_DELAY, dedupe="commit"), robust=True)
    return change


def commit_and_sync(write: Callable[[], T]) -> Synced[T]:
    """The one way domain services save something that lives in UCCX.

    `write()` does the domain writes and calls `enqueue_change()`; it runs in one durable transaction (it
    can never be part of a caller's transaction, so the commit really happened before UCCX is written).
    Then every change enqueued in it is written through, in the order enqueued.
    """
    outer = getattr(_in_commit, "changes", None)
    changes: list[OutboxChange] = []
    _in_commit.changes = changes
    try:
        with transaction.atomic(durable=True):
            value = write()
    finally:
        _in_commit.changes = outer
    return Synced(value, tuple(write_through(change) for change in changes))


def write_through(change: OutboxChange) -> SyncResult:
    """Try UCCX now for the object of `change` (after the commit); UCCX absent or busy: it stays queued."""
    replay_object(change.target_id)
    change.refresh_from_db()
    return result_for(change)


def result_for(change: OutboxChange) -> SyncResult:
    """The change's sync answer as the API gives it."""
    if change.state in (State.APPLIED, State.CANCELLED):
        created = (
            change.operation == Operation.UPSERT
            and not OutboxChange.objects.filter(target_id=change.target_id, pk__lt=change.pk).exists()
        )
        detail = (
            "Nothing to write: the object never reached UCCX before it was deleted."
            if change.state == State.CANCELLED
            else "UCCX took the change."
        )
        return SyncResult("applied", change.pk, detail, 201 if created else 200)
    if change.state == State.QUEUED:
        detail = change.last_error or "Waiting for the worker to write it to UCCX."
        return SyncResult("queued", change.pk, detail, 202)
    if change.state == State.SUPERSEDED and change.coalesced_into is not None:
        return replace(result_for(change.coalesced_into), change=change.pk)
    detail = change.last_error or f"The change was {change.get_state_display()}."
    return SyncResult("failed", change.pk, detail, 400)
