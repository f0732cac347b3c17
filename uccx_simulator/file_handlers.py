"""The prompt, document and script repositories of a simulated node: listings, downloads, the two-step
upload (to the node's temporary area, then stored into the tree), folders and deletes."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import quote

from . import wav
from .errors import bad_request
from .pipeline import Call, NodePipeline
from .representation import as_list, parse_body, parse_multipart
from .store import Entry, FileRepository, Path, display, split_path
from .transport import Response

_TITLES = {"prompt": "Prompt", "document": "Document", "script": "Script"}


class FileHandlers(NodePipeline):
    """The node's repository handlers."""

    @staticmethod
    def _details(entry: Entry, size: int) -> dict[str, str]:
        return {
            "size": f"{math.ceil(size / 1024)} KB",
            "dateModified": entry.modified_at.strftime("%m/%d/%Y %I:%M:%S %p Coordinated Universal Time"),
            "modifiedBy": entry.modified_by,
        }

    def _listing(self, repository: FileRepository, folder: Path) -> dict[str, Any]:
        folders, files = [], []
        for path, entry in repository.children(folder):
            if entry.data is None:
                folders.append(
                    {
                        "path": display(path, folder=True),  # the folder's own path, as Cisco's samples
                        "FolderName": path[-1],
                        "Details": self._details(entry, repository.size_below(path)),
                    }
                )
            else:
                files.append(self._file_entry(path, entry))
        return {"Folder": folders, "File": files}

    def _file_entry(self, path: Path, entry: Entry) -> dict[str, Any]:
        return {
            "path": display(path[:-1], folder=True) if len(path) > 1 else "/",
            "FileName": path[-1],
            "Details": self._details(entry, len(entry.data or b"")),
        }

    def flat_files(self, call: Call, repo: str) -> Response:
        title = _TITLES[repo]
        paths = [{"Path": "/" + path} for path in self.store.files(repo)]
        return self._render(call.fmt, f"{title}s", {title: paths})

    def get_files(self, call: Call, repo: str, path: str = "") -> Response:
        """A folder answers its listing, a file its own entry (200), anything else 404."""
        parts = split_path(path)
        with self.store.lock:
            repository = self.store.repository(repo)
            entry = repository.require(parts)
            content = (
                self._listing(repository, parts)
                if entry.data is None
                else {"File": [self._file_entry(parts, entry)]}
            )
        return self._render(call.fmt, "Files", {_TITLES[repo]: content})

    def download_file(self, call: Call, repo: str, path: str) -> Response:
        parts = split_path(path)
        with self.store.lock:
            data = self.store.repository(repo).require(parts, "file").data or b""
        content_type = "audio/wav" if repo == "prompt" else "application/octet-stream"
        return Response(
            200, data, content_type, {"Content-Disposition": f'attachment; filename="{quote(parts[-1])}"'}
        )

    def upload_file(self, call: Call, repo: str) -> Response:
        """Step 1 of an upload: the file lands in this node's temporary area."""
        fields = parse_multipart(call.request.body, call.request.headers.get("Content-Type"))
        name, data = fields.get("file", (None, b""))
        if not name:
            raise bad_request(
                [("file", "Send the file in the multipart form field 'file' with a file name.")]
            )
        name = name.replace("\\", "/").rsplit("/", 1)[-1]
        try:
            if repo == "prompt":
                wav.check_prompt(name, data)
            else:
                wav.check_size(name, len(data))
        except wav.FileRuleError as exc:
            raise bad_request([(name, str(exc))]) from exc
        with self.store.lock:
            self.store.repository(repo).temp.setdefault(self.node, {})[name] = data
        return Response(201, content_type="text/plain")

    def store_files(self, call: Call, repo: str) -> Response:
        """Step 2 (`File` entries: move from temp into the tree) or folder creation (`Folder` entries)."""
        title = _TITLES[repo]
        body = parse_body(call.request.body, call.request.headers.get("Content-Type"), "Files")
        section = body.get(title)
        if not isinstance(section, dict) or not (section.get("File") or section.get("Folder")):
            raise bad_request(
                [
                    (
                        "body",
                        f"The body must be Files/{title} with File {{path, FileName}} or Folder entries.",
                    )
                ]
            )
        folders, files = as_list(section.get("Folder")), as_list(section.get("File"))
        if not all(isinstance(entry, dict) for entry in folders + files):
            raise bad_request([("body", f"Files/{title}/File and Folder entries must be objects.")])
        created: list[Path] = []
        with self.store.lock:
            repository = self.store.repository(repo)
            for folder in folders:
                parent = split_path(str(folder.get("path") or "/"))
                created.append(repository.add_folder(parent, str(folder.get("FolderName") or ""), call.user))
            for file in files:
                created.append(
                    repository.store(
                        self.node,
                        split_path(str(file.get("path") or "/")),
                        str(file.get("FileName") or ""),
                        call.user,
                    )
                )
        return self._created(f"{call.base}/adminapi/{repo}{quote(display(created[-1]))}")

    def delete_file(self, call: Call, repo: str, path: str) -> Response:
        with self.store.lock:
            self.store.repository(repo).delete(split_path(path))
        return Response(200)
