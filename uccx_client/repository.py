"""UCCX repository files: prompts, documents and scripts (`/adminapi/prompt`, `/document`, `/script`),
in folders; an upload goes to a node's temporary folder and is stored from there."""

import contextlib
import mimetypes

from uccx_client.errors import UccxConflictError, UccxNotFoundError, UccxValidationError
from uccx_client.quirks import as_list, plain_keys
from uccx_client.transport import Transport, adminapi_path

_FILE_KINDS = {"prompt": "Prompt", "document": "Document", "script": "Script"}


class RepositoryFileOperations(Transport):
    """The client's operations on prompts, documents and scripts."""

    def list_prompts(self, folder: str = "") -> list[dict]:
        return self._list_files("prompt", folder)

    def prompt_exists(self, path: str) -> bool:
        return self._file_exists("prompt", path)

    def upload_prompt(self, path: str, data: bytes) -> None:
        self._upload_file("prompt", path, data)

    def download_prompt(self, path: str) -> bytes:
        return self._download_file("prompt", path)

    def delete_prompt(self, path: str) -> None:
        self._write("DELETE", adminapi_path("prompt", *_file_segments(path)))

    def list_documents(self, folder: str = "") -> list[dict]:
        return self._list_files("document", folder)

    def document_exists(self, path: str) -> bool:
        return self._file_exists("document", path)

    def upload_document(self, path: str, data: bytes) -> None:
        self._upload_file("document", path, data)

    def download_document(self, path: str) -> bytes:
        return self._download_file("document", path)

    def delete_document(self, path: str) -> None:
        self._write("DELETE", adminapi_path("document", *_file_segments(path)))

    def list_prompt_paths(self) -> list[str]:
        """Every prompt file's path (`en_US/x.wav`) in one request (`/adminapi/files/prompts`)."""
        return self._file_paths("prompt")

    def list_document_paths(self) -> list[str]:
        return self._file_paths("document")

    def _file_paths(self, kind: str) -> list[str]:
        title = _FILE_KINDS[kind]
        body = self._read_json(adminapi_path("files", f"{kind}s"))
        inner = body.get(f"{title}s", body)
        entries = as_list(inner.get(title)) if isinstance(inner, dict) else []
        return [
            str(entry.get("Path") or "").strip().lstrip("/")
            for entry in entries
            if isinstance(entry, dict) and str(entry.get("Path") or "").strip()
        ]

    def list_scripts(self, folder: str = "") -> list[dict]:
        return self._list_files("script", folder)

    def create_prompt_folder(self, path: str) -> None:
        self._create_folder("prompt", path)

    def create_document_folder(self, path: str) -> None:
        self._create_folder("document", path)

    def _create_folder(self, kind: str, path: str) -> None:
        """Create the folder `path` (e.g. `en_US/Sales`); its parent must exist; 409 if it exists already."""
        segments = _file_segments(path)
        parent = "/" + "/".join(segments[:-1])
        body = {_FILE_KINDS[kind]: {"Folder": {"path": parent, "FolderName": segments[-1]}}}
        self._write("POST", adminapi_path(kind), json=body)

    def _list_files(self, kind: str, folder: str) -> list[dict]:
        """Folders and files directly in `folder` ("" = the root), each with `type` "folder" or "file"."""
        segments = _file_segments(folder) if folder.strip("/") else []
        listing = self._read_json(adminapi_path(kind, *segments) + "/" if segments else adminapi_path(kind))
        inner = listing.get(_FILE_KINDS[kind], listing)
        entries = []
        for container in as_list(inner):
            entries += [{"type": "folder", **plain_keys(f)} for f in as_list(container.get("Folder"))]
            entries += [{"type": "file", **plain_keys(f)} for f in as_list(container.get("File"))]
        return entries

    def _file_exists(self, kind: str, path: str, folder: bool = False) -> bool:
        try:
            self._read(adminapi_path(kind, *_file_segments(path)) + ("/" if folder else ""))
        except UccxNotFoundError:
            return False
        return True

    def _upload_file(self, kind: str, path: str, data: bytes) -> None:
        """Upload to the node's temporary folder, then store it from there, both on the same node."""
        segments = _file_segments(path)
        if len(segments) < 2:
            raise UccxValidationError(f"A {kind} path needs a folder and a file name, e.g. en_US/x.wav.")
        folder, filename = "/" + "/".join(segments[:-1]), segments[-1]
        self._ensure_folder(kind, segments[:-1])
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        upload = self._write(
            "POST", adminapi_path(kind, "uploadFile"), files={"file": (filename, data, content_type)}
        )
        store = {_FILE_KINDS[kind]: {"File": {"path": folder, "FileName": filename}}}
        self._write("POST", adminapi_path(kind), json=store, order=[upload.node])

    def _ensure_folder(self, kind: str, segments: list[str]) -> None:
        """Create the folders a file goes into, as Cisco's API wants (a store into a missing folder fails).
        One GET when the folder is there; otherwise each missing level from the top, POST `Folder`."""
        if self._file_exists(kind, "/".join(segments), folder=True):
            return
        for depth in range(1, len(segments) + 1):
            if depth < len(segments) and self._file_exists(kind, "/".join(segments[:depth]), folder=True):
                continue
            parent = "/" + "/".join(segments[: depth - 1])
            folder = {_FILE_KINDS[kind]: {"Folder": {"path": parent, "FolderName": segments[depth - 1]}}}
            with contextlib.suppress(UccxConflictError):  # made meanwhile (another writer, a lost answer)
                self._write("POST", adminapi_path(kind), json=folder)

    def _download_file(self, kind: str, path: str) -> bytes:
        return self._read(adminapi_path(kind, "download", *_file_segments(path))).response.content


def _file_segments(path: str) -> list[str]:
    """The folder and file names of a repository path like `en_US/holidays/xmas.wav`."""
    segments = [segment for segment in path.strip().strip("/").split("/") if segment]
    if not segments or any(segment in (".", "..") or "\\" in segment for segment in segments):
        raise UccxValidationError(f"Invalid UCCX repository path {path[:200]!r}: use folder/name, no '..'.")
    return segments
