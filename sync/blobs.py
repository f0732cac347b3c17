"""The blob store: file content that outbox payloads refer to by sha256, kept in the database.

In the database, so a file commits or rolls back with the save that brought it, every app node and worker
reads the same bytes, and the backups hold them. A payload carries only `{"sha256": ..., "size": ...}`
(see `sync.adapters.file_payload`), so the outbox rows stay small and coalescing compares hashes.
"""

from __future__ import annotations

import hashlib

from sync.models import Blob


class BlobMissingError(LookupError):
    """A payload names content the store does not hold."""


def store_blob(data: bytes) -> str:
    """Keep `data` (once, however often it is stored) and return its sha256 in hex."""
    digest = hashlib.sha256(data).hexdigest()
    Blob.objects.bulk_create([Blob(sha256=digest, size=len(data), data=data)], ignore_conflicts=True)
    return digest


def read_blob(sha256: str) -> bytes:
    """The content stored under `sha256`."""
    data = Blob.objects.filter(sha256=sha256).values_list("data", flat=True).first()
    if data is None:
        raise BlobMissingError(f"The blob store has no content with sha256 {sha256}.")
    return bytes(data)
