"""What follows a change of a caller list: the IVR snapshot at once, UCCX's copy of the list from the worker.

`list_published()` runs inside the change's transaction (called by `services.list_changed`) and stays
cheap whatever the list's size: the callers snapshot gets a new version (after the commit its delta, or
the rebuilt set, is published to every process), and the worker is asked to rebuild UCCX's copy a
moment after the commit (`CALLERS_DOCUMENT_DELAY`).

UCCX's copy (callers/document.py) is built by the worker, never in a supervisor's request: at 200,000
entries building the document takes seconds. `document_refresh()` brings one list's copy up to the list's
latest `version` and records it in the outbox for UCCX's document repository (sync's `DocumentAdapter`;
the bytes go to the blob store), replacing the previous version there. It is debounced three ways: the
delay lets a burst of edits land first, a list already built at its latest version is skipped, and the
outbox coalesces the changes of one list to its latest document. So a burst of edits, or a bulk import
(one change), is one build and one write.

Nothing is lost: the list's `version` and `document_version` are in the database, so a list whose copy
lags (its nudge lost with the broker down, its builder killed) is rebuilt from beat's sweep
(`callers.catch_up`, one task per list). One builder per list: a lease (`document_building_until`); a
builder looks again after giving the lease back, so a change that committed meanwhile is never left
behind.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from callers.document import DocumentTooLarge, build_document, document_path
from callers.models import CallerEntry, CallerList
from callers.snapshot import callers_snapshot
from sync.adapters import file_payload
from sync.outbox import enqueue_change
from sync.tasks import send_on_commit

if TYPE_CHECKING:
    from callers.services import Actor

logger = logging.getLogger(__name__)

DOCUMENT_KIND = "caller_list_document"
_ENTRY_FIELDS = ("number", "prefix", "name", "priority", "target", "prompt", "language", "expires_at")
_LIST_FIELDS = ("name", "kind", "order", "version", "priority", "target", "prompt", "language")


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
    return build_document(
        caller_list={field: getattr(caller_list, field) for field in (*_LIST_FIELDS, "vip_beats_blocked")},
        entries=entries,
        region=settings.CALLERS_DEFAULT_REGION,
        generated=now,
    )


def list_published(caller_list: CallerList, *, delta: list[tuple[Any, ...]] | None = None) -> None:
    """Inside the change's transaction: the IVR snapshot follows, and the worker rebuilds UCCX's copy.
    `delta`: what changed in the snapshot, when it is a few entries (None: the snapshot is rebuilt)."""
    from callers.tasks import publish_document

    callers_snapshot.changed(delta)
    send_on_commit(publish_document, caller_list.pk, countdown=settings.CALLERS_DOCUMENT_DELAY)


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


def document_refresh(list_id: int) -> bool:
    """The worker's side: bring UCCX's copy of one list up to its latest version. False when another
    worker holds the list's lease (it looks again when it is done, so nothing waits for this one)."""
    while CallerList.objects.filter(pk=list_id, document_version__lt=F("version")).exists():
        if not _lease_taken(list_id):
            return False
        try:
            _build_and_record(list_id)
        finally:
            CallerList.objects.filter(pk=list_id).update(document_building_until=None)
    return True


def stale_lists() -> list[int]:
    """The lists whose UCCX copy lags them (a change being built, a lost nudge, a killed builder)."""
    return list(CallerList.objects.filter(document_version__lt=F("version")).values_list("pk", flat=True))


def _lease_taken(list_id: int) -> bool:
    now = timezone.now()
    lease = timedelta(seconds=settings.CALLERS_DOCUMENT_LEASE)
    return bool(
        CallerList.objects.filter(pk=list_id)
        .filter(Q(document_building_until__isnull=True) | Q(document_building_until__lte=now))
        .update(document_building_until=now + lease)
    )


def _build_and_record(list_id: int) -> None:
    """Build the document outside any transaction (seconds for a large list: no lock held meanwhile),
    then record it in the outbox unless a newer copy was recorded or the list was deleted meanwhile.
    The version is read before the entries, so the document holds at least that version's entries."""
    caller_list = CallerList.objects.filter(pk=list_id).first()
    if caller_list is None:
        return
    try:
        content, note = list_document(caller_list), ""
    except DocumentTooLarge as error:
        content, note = None, str(error)
    with transaction.atomic():
        # The list's row is locked first (a deletion locks it first too), then the outbox's object.
        current = CallerList.objects.select_for_update().filter(pk=list_id).first()
        if current is None or current.document_version >= caller_list.version:
            return
        if content is not None:
            enqueue_change(
                kind=DOCUMENT_KIND,
                key=list_id,
                operation="upsert",
                payload=file_payload(document_path(caller_list.name), content),
                summary=f"UCCX's copy, version {caller_list.version}: {caller_list.last_change}",
            )
        CallerList.objects.filter(pk=list_id).update(document_version=caller_list.version, document_note=note)
    logger.info(
        "caller list %s: UCCX's copy of version %s %s",
        list_id,
        caller_list.version,
        "recorded" if content is not None else f"not written ({note})",
    )
