"""What follows a change of a caller list: the IVR snapshot and UCCX's copy of the list.

`list_published()` runs inside the change's transaction (called by `services.list_changed`):
- the callers snapshot gets a new version (after the commit its delta, or the rebuilt set, is published to
  every process);
- the list's XML document (callers/document.py) is recorded in the outbox for UCCX's document repository
  (sync's `DocumentAdapter`; the bytes go to the blob store), replacing the previous version there.

The write to UCCX is debounced: the change is not written through from the request but by the worker,
nudged a couple of seconds after the commit (`SYNC_NUDGE_DELAY`), and the outbox coalesces the changes of
one list to its latest document. So a burst of edits, or a bulk import (one change), is one write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from callers.document import DocumentTooLarge, build_document, document_path
from callers.models import CallerEntry, CallerList
from callers.snapshot import callers_snapshot
from sync.adapters import file_payload
from sync.outbox import enqueue_change

if TYPE_CHECKING:
    from callers.services import Actor

DOCUMENT_KIND = "caller_list_document"
_ENTRY_FIELDS = ("number", "prefix", "name", "priority", "target", "prompt", "language", "expires_at")


def list_document(caller_list: CallerList) -> bytes:
    """The list's XML as of now (entries not yet expired), in the documented format."""
    now = timezone.now()
    entries = (
        CallerEntry.objects.filter(caller_list=caller_list)
        .exclude(expires_at__lte=now)
        .order_by("prefix", "number")
        .values(*_ENTRY_FIELDS)
        .iterator(chunk_size=10_000)
    )
    fields = (
        "name",
        "kind",
        "order",
        "version",
        "priority",
        "target",
        "prompt",
        "language",
        "vip_beats_blocked",
    )
    return build_document(
        caller_list={field: getattr(caller_list, field) for field in fields},
        entries=entries,
        region=settings.CALLERS_DEFAULT_REGION,
        generated=now,
    )


def list_published(
    caller_list: CallerList, *, summary: str, actor: Actor, delta: list[tuple[Any, ...]] | None = None
) -> str:
    """Inside the change's transaction; returns a note for the page when UCCX's copy cannot follow.
    `delta`: what changed in the snapshot, when it is a few entries (None: the snapshot is rebuilt)."""
    callers_snapshot.changed(delta)
    try:
        content = list_document(caller_list)
    except DocumentTooLarge as error:
        return str(error)
    enqueue_change(
        kind=DOCUMENT_KIND,
        key=caller_list.pk,
        operation="upsert",
        payload=file_payload(document_path(caller_list.name), content),
        actor=actor,
        summary=summary,
    )
    return ""


def list_unpublished(caller_list: CallerList, *, actor: Actor) -> None:
    """Inside the deletion's transaction: the list leaves the IVR's snapshot and UCCX's repository."""
    callers_snapshot.changed()
    enqueue_change(
        kind=DOCUMENT_KIND,
        key=caller_list.pk,
        operation="delete",
        payload={"path": document_path(caller_list.name)},
        actor=actor,
        summary=f"Deleted the caller list {caller_list.name}",
    )
