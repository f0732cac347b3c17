"""Adapters of UCCX repository files: prompts (`/adminapi/prompt`) and documents (`/adminapi/document`).

The payload is `file_payload(path, data)`: `{"path": "en_US/Sales/welcome.wav", "sha256": ..., "size": ...}`,
the bytes kept in the blob store (`sync.blobs`) until the adapter writes them. The remote id is the path.
UCCX stores a file in two steps (upload to the node's temporary folder, then store from there), refuses to
store over an existing file, and needs the folders to exist: so a write creates the missing folders first,
and a replace deletes the old file before storing the new one. UCCX's copy is compared by size and sha256.
"""

from __future__ import annotations

import contextlib
import hashlib
from typing import TYPE_CHECKING, Any, ClassVar

from sync.adapters.base import Adapter
from sync.blobs import read_blob, store_blob
from uccx_client import UccxConflictError, UccxNotFoundError

if TYPE_CHECKING:
    from uccx_client import UccxClient


def file_payload(path: str, data: bytes) -> dict[str, Any]:
    """A repository file's payload; keeps `data` in the blob store (call it in the save's transaction)."""
    return {"path": path.strip().strip("/"), "sha256": store_blob(data), "size": len(data)}


class RepositoryFileAdapter(Adapter):
    """A file in one UCCX repository; subclasses only name it (`repository = "prompt"`)."""

    repository: ClassVar[str]

    def _client_call(self, client: UccxClient, method: str, *args: Any) -> Any:
        """The client's method for this repository: `method` "upload_{}" is `upload_prompt` for prompts."""
        return getattr(client, method.format(self.repository))(*args)

    def name_of(self, payload: dict[str, Any]) -> str:
        return payload["path"]

    def find(self, client: UccxClient, name: str) -> tuple[str, dict[str, Any]] | None:
        body = self.get(client, name)
        return None if body is None else (name, body)

    def get(self, client: UccxClient, remote_id: str) -> dict[str, Any] | None:
        try:
            data = self._client_call(client, "download_{}", remote_id)
        except UccxNotFoundError:
            return None
        return {"path": remote_id, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    def create(self, client: UccxClient, payload: dict[str, Any]) -> str:
        self._make_folders(client, payload["path"])
        self._client_call(client, "upload_{}", payload["path"], read_blob(payload["sha256"]))
        return payload["path"]

    def update(self, client: UccxClient, remote_id: str, payload: dict[str, Any]) -> str:
        """UCCX does not store over a file: the old one goes first (wherever it was), then the new one."""
        self.delete(client, remote_id)
        return self.create(client, payload)

    def delete(self, client: UccxClient, remote_id: str) -> None:
        with contextlib.suppress(UccxNotFoundError):  # already gone
            self._client_call(client, "delete_{}", remote_id)

    def snapshot(self, client: UccxClient) -> dict[str, dict[str, Any]]:
        """Every file's path in one request (`/adminapi/files/...`): presence, not content."""
        return {path: {"path": path} for path in self._client_call(client, "list_{}_paths")}

    def seen(self, current: dict[str, Any], desired: dict[str, Any]) -> bool:
        """A listed file (no hash: downloading every file to compare would be too costly) counts as seen."""
        if "sha256" not in current:
            return current.get("path") == desired.get("path")
        return self.same(current, desired)

    def _make_folders(self, client: UccxClient, path: str) -> None:
        """Create the folders above `path` that UCCX does not have yet, outermost first."""
        segments = path.strip("/").split("/")[:-1]
        for depth in range(1, len(segments) + 1):
            folder = "/".join(segments[:depth])
            if not self._client_call(client, "{}_exists", folder):
                with contextlib.suppress(UccxConflictError):  # made meanwhile (e.g. by a lost answer)
                    self._client_call(client, "create_{}_folder", folder)


class PromptAdapter(RepositoryFileAdapter):
    """A prompt (WAV) in UCCX's prompt repository, e.g. `en_US/Announcements/welcome.wav`."""

    repository = "prompt"


class DocumentAdapter(RepositoryFileAdapter):
    """A document (e.g. an XML caller list) in UCCX's document repository."""

    repository = "document"
