"""The replay of one claimed object: read it in UCCX, then make it hold the latest desired state.

The object is read before it is written: a create whose answer was lost is found by name, and a body
changed outside the app is recorded as drift. UCCX's errors become outcomes (sync.claims records them).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings

from sync.adapters import Adapter, RetryLater, get_adapter
from sync.claims import Claim, Outcome
from sync.cluster import get_uccx_client, note_write_accepted, note_write_refused
from sync.models import OutboxChange, SyncObject
from uccx_client import UccxAuthError, UccxConflictError, UccxError, UccxReadOnlyError, UccxUnavailableError

if TYPE_CHECKING:
    from uccx_client import UccxClient

logger = logging.getLogger("sync.replay")  # one logger for the whole replay

State = OutboxChange.State
Operation = OutboxChange.Operation


class _LeaseRunningOut(Exception):
    """Not enough claim time left to start a write safely."""


def replay_claim(claim: Claim) -> Outcome:
    """Carry the claim's latest desired state to UCCX; UCCX's errors become outcomes."""
    try:
        outcome = _Replay(claim, get_adapter(claim.target.kind), get_uccx_client()).run()
    except UccxUnavailableError as exc:  # includes read-only
        read_only = isinstance(exc, UccxReadOnlyError)
        if read_only:
            note_write_refused(exc.node, exc.message)
        why = "UCCX is read-only" if read_only else "UCCX is unavailable"
        return Outcome(
            State.QUEUED,
            f"{why}: {exc.message}" if exc.message else f"{why}.",
            settle=2 * settings.UCCX_TIMEOUT if exc.maybe_applied else 0.0,
            uccx_away=True,
        )
    except UccxAuthError as exc:
        return Outcome(State.QUEUED, f"UCCX refused the app's credentials: {exc.message}", uccx_away=True)
    except RetryLater as exc:
        return Outcome(State.QUEUED, str(exc) or "Waiting for another change to reach UCCX first.")
    except _LeaseRunningOut:
        return Outcome(State.QUEUED, "UCCX answered too slowly; the change will be retried.")
    except UccxError as exc:
        return Outcome(State.FAILED, exc.message or f"UCCX refused the change (HTTP {exc.status}).")
    except Exception:
        logger.exception("Replay of %s failed", claim.target)
        return Outcome(State.FAILED, "Internal error while writing to UCCX; see the server log.")
    if outcome.state == State.APPLIED:
        note_write_accepted()
    return outcome


@dataclass
class _Replay:
    """Read the object in UCCX, then make it hold the latest desired state (or be gone)."""

    claim: Claim
    adapter: Adapter
    client: UccxClient
    drift: tuple[dict[str, Any] | None, dict[str, Any] | None] | None = field(default=None, init=False)

    def run(self) -> Outcome:
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

    def _delete(self, remote_id: str, current: dict[str, Any] | None) -> Outcome:
        if current is None:
            if remote_id:
                return self._done(State.APPLIED, "")  # already gone from UCCX
            return self._done(State.CANCELLED, "")  # never reached UCCX: the create and delete cancel
        self._check_drift(current)
        self._guard()
        self.adapter.delete(self.client, remote_id)
        return self._done(State.APPLIED, "")

    def _upsert(self, remote_id: str, current: dict[str, Any] | None) -> Outcome:
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

    def _create(self, payload: dict[str, Any]) -> Outcome:
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

    def _done(self, state: str, remote_id: str, written: dict[str, Any] | None = None) -> Outcome:
        return Outcome(state, remote_id=remote_id, written=written, drift=self.drift)


def _mapped_elsewhere(target: SyncObject, remote_id: str) -> SyncObject | None:
    """Another app object of the same kind already stands for this UCCX object."""
    return SyncObject.objects.filter(kind=target.kind, remote_id=remote_id).exclude(pk=target.pk).first()
