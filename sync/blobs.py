"""The blob store: file content that outbox payloads refer to by sha256, kept in the database.

In the database, so a file commits or rolls back with the save that brought it, every app node and worker
reads the same bytes, and the backups hold them. A payload carries only `{"sha256": ..., "size": ...}`
(see `sync.adapters.file_payload`), so the outbox rows stay small and coalescing compares hashes.

Content no change can write any more is collected (`blobs_collect`, beat): a caller list's document of up
to 20 MB is stored at each change, and nothing else would ever free it.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db.models import Max, Q
from django.db.models.fields.json import KT
from django.utils import timezone

from sync.models import Blob, OutboxChange

BLOB_GRACE = timedelta(hours=1)  # a blob stored or stored again this recently is always kept


class BlobMissingError(LookupError):
    """A payload names content the store does not hold."""


def store_blob(data: bytes) -> str:
    """Keep `data` (once, however often it is stored) and return its sha256 in hex."""
    digest = hashlib.sha256(data).hexdigest()
    # Stored again: `created_at` is renewed, so the collection (which spares recent blobs) cannot take
    # content a save is referring to right now; on PostgreSQL the upsert also waits for a running delete.
    Blob.objects.bulk_create(
        [Blob(sha256=digest, size=len(data), data=data, created_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["sha256"],
        update_fields=["created_at"],
    )
    return digest


def read_blob(sha256: str) -> bytes:
    """The content stored under `sha256`."""
    data = Blob.objects.filter(sha256=sha256).values_list("data", flat=True).first()
    if data is None:
        raise BlobMissingError(f"The blob store has no content with sha256 {sha256}.")
    return bytes(data)


def blobs_collect() -> int:
    """Beat: delete the content no change can write any more; returns how many blobs went.

    Kept: what a queued or refused change names (the replay, or an operator's retry, writes it), what each
    object's latest upsert and latest applied upsert name (the reconcile sweep writes the last written
    state again when UCCX lost it, also after an operator discarded a newer change), and anything stored
    within `BLOB_GRACE`."""
    upserts = OutboxChange.objects.filter(operation=OutboxChange.Operation.UPSERT)
    latest = upserts.values("target_id").annotate(last=Max("pk")).values("last")
    applied = upserts.filter(state=OutboxChange.State.APPLIED)
    latest_applied = applied.values("target_id").annotate(last=Max("pk")).values("last")
    needed = (
        OutboxChange.objects.filter(
            Q(state__in=[OutboxChange.State.QUEUED, OutboxChange.State.FAILED])
            | Q(pk__in=latest)
            | Q(pk__in=latest_applied)
        )
        .annotate(sha256=KT("payload__sha256"))
        .filter(sha256__isnull=False)
        .values("sha256")
    )
    stale = Blob.objects.filter(created_at__lt=timezone.now() - BLOB_GRACE).exclude(sha256__in=needed)
    deleted, _ = stale.delete()
    return deleted
