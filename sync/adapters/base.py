"""Adapters by kind: how the desired state of one kind of object becomes `uccx_client` calls.

Domain apps register theirs in `AppConfig.ready()`: `register("calendar", CalendarAdapter())`. The outbox
replay only ever speaks to UCCX through an adapter, so every kind gets the same ordering, coalescing,
lost-answer and drift handling. An adapter knows one UCCX resource, never another object it depends on:
that order is declared with `enqueue_change(..., after=...)`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from uccx_client import UccxClient


class Adapter(ABC):
    """Maps full desired-state payloads of one kind onto UCCX. Every method may raise `UccxError`s."""

    @abstractmethod
    def name_of(self, payload: dict[str, Any]) -> str:
        """The unique name UCCX knows the object by: how a create whose answer was lost is found again."""

    @abstractmethod
    def find(self, client: UccxClient, name: str) -> tuple[str, dict[str, Any]] | None:
        """(remote id, current body) of the object called `name`, or None."""

    @abstractmethod
    def get(self, client: UccxClient, remote_id: str) -> dict[str, Any] | None:
        """The current body, or None when UCCX no longer has it."""

    @abstractmethod
    def create(self, client: UccxClient, payload: dict[str, Any]) -> str:
        """Create it; return the new remote id."""

    @abstractmethod
    def update(self, client: UccxClient, remote_id: str, payload: dict[str, Any]) -> str | None:
        """Replace it with the full desired state; return the new remote id if it moved (else None)."""

    @abstractmethod
    def delete(self, client: UccxClient, remote_id: str) -> None:
        """Delete it; an object already gone is not an error."""

    def label(self, payload: dict[str, Any]) -> str:
        """How people know the object, on the Changes page ("Support Hours"); its UCCX name by default."""
        return self.name_of(payload)

    def same(self, current: dict[str, Any], desired: dict[str, Any]) -> bool:
        """Does UCCX's body hold the desired state? Only the fields the app writes count (UCCX adds ids)."""
        return all(current.get(field) == value for field, value in desired.items())

    def snapshot(self, client: UccxClient) -> dict[str, dict[str, Any]] | None:
        """For the reconcile sweep: every object of this kind UCCX holds, by remote id, from ONE list call
        whose bodies `seen()` can judge; None when UCCX has no such list (the sweep then calls `get()`)."""
        return None

    def seen(self, current: dict[str, Any], desired: dict[str, Any]) -> bool:
        """For the reconcile sweep: does UCCX's body (from `snapshot()` or `get()`) show what was written?"""
        return self.same(current, desired)


class RetryLater(Exception):
    """Raised by an adapter when this object cannot be written yet for a reason only UCCX knows: the change
    stays queued and is retried with backoff. Unlike UccxUnavailableError, which means UCCX takes no writes
    at all and makes the whole queue wait, it concerns this object only. (Order between objects of the app
    is declared with `enqueue_change(..., after=...)`, not discovered by an adapter.)"""


class UnknownKindError(LookupError):
    """A change names a kind no app registered an adapter for."""


_adapters: dict[str, Adapter] = {}


def register(kind: str, adapter: Adapter) -> None:
    """Make `kind` syncable; registering the same kind again replaces the adapter (tests, reloads)."""
    _adapters[kind] = adapter


def get_adapter(kind: str) -> Adapter:
    try:
        return _adapters[kind]
    except KeyError:
        known = ", ".join(sorted(_adapters)) or "none"
        raise UnknownKindError(
            f"No UCCX adapter registered for kind {kind!r} (registered: {known})."
        ) from None


def registered_kinds() -> list[str]:
    return sorted(_adapters)
