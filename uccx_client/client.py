"""Client for the UCCX Configuration REST API (adminapi) of a one- or two-node cluster, with failover.

Reads go to the preferred node and fall over to the other one within the same call. Writes go to the
database master (`/uccx/isDBMaster`, cached for a few seconds). Only idempotent requests are ever sent
twice; a create whose answer was lost raises UccxUnavailableError(maybe_applied=True).
"""

import contextlib
import logging
import mimetypes
import os
import threading
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import certifi
import requests
import urllib3
from requests.adapters import HTTPAdapter

from uccx_client import shapes
from uccx_client.errors import (
    UccxAuthError,
    UccxConflictError,
    UccxError,
    UccxNotFoundError,
    UccxReadOnlyError,
    UccxResponseError,
    UccxUnavailableError,
    UccxValidationError,
)
from uccx_client.quirks import (
    api_errors,
    api_errors_from_xml,
    as_list,
    error_message,
    error_status,
    id_from_url,
    is_master_xml,
    plain_keys,
)

log = logging.getLogger("uccx_client")

_READ_METHODS = frozenset({"GET", "HEAD"})
IDEMPOTENT_METHODS = _READ_METHODS | {"PUT", "DELETE"}
# Statuses meaning "UCCX refused the content for good".
_VALIDATION_STATUSES = frozenset({400, 412, 413, 415, 422, 424})
# Gateway answers: the request may have reached UCCX and been applied; its answer was lost on the way.
_LOST_ANSWER_STATUSES = frozenset({502, 504})
_PROBE_PATH = "/adminapi/team"
_MASTER_PATH = "/uccx/isDBMaster"
# How long a write refused as read-only keeps the node flagged read-only in probe_nodes().
_READ_ONLY_MEMORY = 60.0
_FILE_KINDS = {"prompt": "Prompt", "document": "Document", "script": "Script"}

T = TypeVar("T")


@dataclass(frozen=True)
class NodeState:
    """What one probe found out about a node."""

    name: str
    url: str
    reachable: bool
    master: bool
    read_only: bool
    latency_ms: float | None
    checked_at: datetime
    error: str = ""
    credentials_refused: bool = False  # it answered 401/403: the configured account is not accepted


class _Node:
    """One UCCX node: its pooled HTTP session and what the client has learnt about its health."""

    def __init__(self, name: str, url: str, session: requests.Session) -> None:
        self.name = name
        self.url = url
        self.session = session
        self.unhealthy_until = 0.0  # monotonic; until then reads try this node last
        self.read_only_until = 0.0  # monotonic; a write was refused as read-only recently


@dataclass(frozen=True)
class _Answer:
    node: _Node
    response: requests.Response
    body: Any  # decoded JSON, or None


class _NotSentError(UccxUnavailableError):
    """The connection failed before the request went out: safe to send it elsewhere, even a POST."""


class UccxClient:
    """Talks to UCCX node A (primary) and, if given, node B (secondary)."""

    def __init__(
        self,
        primary_url: str,
        secondary_url: str | None = "",
        *,
        username: str,
        password: str,
        verify: bool | str = True,
        timeout: float = 5.0,
        recheck_after: float = 5.0,
        pool_size: int = 10,
        on_error: Callable[[UccxError], None] | None = None,
    ) -> None:
        """`timeout` bounds connect and read of one request; `recheck_after` is how long the master
        and an unhealthy node are remembered before the client looks again (failback). `on_error`
        sees every failed exchange with a node (metrics), before failover or the caller does."""
        if timeout <= 0:
            raise ValueError("UCCX timeout must be a positive number of seconds.")
        self.timeout = float(timeout)
        self.recheck_after = float(recheck_after)
        self._verify = _tls_verify(verify)
        urls = [("A", primary_url), ("B", secondary_url or "")]
        self._nodes = [
            _Node(name, _base_url(url, name), self._session(username, password, pool_size))
            for name, url in urls
            if name == "A" or url.strip()
        ]
        self._on_error = on_error
        self._lock = threading.Lock()
        self._write_order_cache: tuple[list[_Node], float] | None = None

    def __repr__(self) -> str:
        return f"UccxClient({', '.join(f'{node.name}={node.url}' for node in self._nodes)})"

    @staticmethod
    def _session(username: str, password: str, pool_size: int) -> requests.Session:
        session = requests.Session()
        session.auth = (username, password)
        session.headers["Accept"] = "application/json"  # Content-Type follows the body (json= or files=)
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=pool_size, max_retries=0)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def close(self) -> None:
        for node in self._nodes:
            node.session.close()

    # --- calendars -------------------------------------------------------------------------------
    def list_calendars(self, *, brief: bool = False, with_associations: bool = False) -> list[dict]:
        """Every calendar with its full body (one request); `brief`: the summary with the applications
        using each; `with_associations`: full bodies plus `associations`."""
        query = "?detail=brief" if brief else "?withAssociations" if with_associations else ""
        return shapes.calendar_list(self._read_json(_path("calendar") + query))

    def get_calendar(self, cal_id: int) -> dict:
        return shapes.calendar(self._read_json(_path("calendar", cal_id)))

    def find_calendar_by_name(self, name: str) -> dict | None:
        return next((cal for cal in self.list_calendars() if cal.get("name") == name), None)

    def create_calendar(self, body: dict) -> int:
        def find() -> int | None:
            found = self.find_calendar_by_name(body.get("name", ""))
            return None if found is None else found["calId"]

        return self._create(_path("calendar"), body, find)

    def modify_calendar(self, cal_id: int, body: dict) -> None:
        self._write("PUT", _path("calendar", cal_id), json=body)

    def delete_calendar(self, cal_id: int, forced: bool = False) -> None:
        self._write("DELETE", _path("calendar", cal_id), params={"forced": "true"} if forced else None)

    # --- prompts and documents (repository files) ------------------------------------------------
    def list_prompts(self, folder: str = "") -> list[dict]:
        return self._list_files("prompt", folder)

    def prompt_exists(self, path: str) -> bool:
        return self._file_exists("prompt", path)

    def upload_prompt(self, path: str, data: bytes) -> None:
        self._upload_file("prompt", path, data)

    def download_prompt(self, path: str) -> bytes:
        return self._download_file("prompt", path)

    def delete_prompt(self, path: str) -> None:
        self._write("DELETE", _path("prompt", *_file_segments(path)))

    def list_documents(self, folder: str = "") -> list[dict]:
        return self._list_files("document", folder)

    def document_exists(self, path: str) -> bool:
        return self._file_exists("document", path)

    def upload_document(self, path: str, data: bytes) -> None:
        self._upload_file("document", path, data)

    def download_document(self, path: str) -> bytes:
        return self._download_file("document", path)

    def delete_document(self, path: str) -> None:
        self._write("DELETE", _path("document", *_file_segments(path)))

    def list_prompt_paths(self) -> list[str]:
        """Every prompt file's path (`en_US/x.wav`) in one request (`/adminapi/files/prompts`)."""
        return self._file_paths("prompt")

    def list_document_paths(self) -> list[str]:
        return self._file_paths("document")

    def _file_paths(self, kind: str) -> list[str]:
        title = _FILE_KINDS[kind]
        body = self._read_json(_path("files", f"{kind}s"))
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
        self._write("POST", _path(kind), json=body)

    def _list_files(self, kind: str, folder: str) -> list[dict]:
        """Folders and files directly in `folder` ("" = the root), each with `type` "folder" or "file"."""
        segments = _file_segments(folder) if folder.strip("/") else []
        listing = self._read_json(_path(kind, *segments) + "/" if segments else _path(kind))
        inner = listing.get(_FILE_KINDS[kind], listing)
        entries = []
        for container in as_list(inner):
            entries += [{"type": "folder", **plain_keys(f)} for f in as_list(container.get("Folder"))]
            entries += [{"type": "file", **plain_keys(f)} for f in as_list(container.get("File"))]
        return entries

    def _file_exists(self, kind: str, path: str, folder: bool = False) -> bool:
        try:
            self._read(_path(kind, *_file_segments(path)) + ("/" if folder else ""))
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
            "POST", _path(kind, "uploadFile"), files={"file": (filename, data, content_type)}
        )
        store = {_FILE_KINDS[kind]: {"File": {"path": folder, "FileName": filename}}}
        self._write("POST", _path(kind), json=store, order=[upload.node])

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
                self._write("POST", _path(kind), json=folder)

    def _download_file(self, kind: str, path: str) -> bytes:
        return self._read(_path(kind, "download", *_file_segments(path))).response.content

    # --- applications and teams -------------------------------------------------------------------
    def list_applications(self) -> list[dict]:
        """Every application (script parameters at their default left out, as UCCX lists them)."""
        return [
            shapes.application(item)
            for item in as_list(self._read_json(_path("application")).get("application"))
            if isinstance(item, dict)
        ]

    def get_application(self, name: str, *, all_script_params: bool = False) -> dict:
        """The application. UCCX leaves out script parameters still at their script default unless
        `all_script_params` (then they come flagged `isDefaultValue`): read with it before writing back."""
        query = "?allScriptParams" if all_script_params else ""
        return shapes.application(self._read_json(_path("application", name) + query))

    def modify_application(self, name: str, body: dict) -> None:
        """PUT the whole application (UCCX replaces it): pass a body read with `all_script_params`."""
        self._write("PUT", _path("application", name), json=shapes.application_for_write(body))

    def get_application_prompts(self, name: str) -> list[dict]:
        """The prompts assigned to the application: [{"Path": "en_US/x.wav", "Type": "file"|"folder"}]."""
        body = self._read_json(_path("application", name, "prompts"))
        inner = body.get("Prompts", body)
        return [dict(item) for item in as_list(inner.get("Prompt")) if isinstance(item, dict)]

    def list_teams(self) -> list[dict]:
        return [shapes.team(item) for item in as_list(self._read_json(_path("team")).get("team"))]

    def get_team(self, team_id: int) -> dict:
        return shapes.team(self._read_json(_path("team", team_id)))

    # --- cluster ----------------------------------------------------------------------------------
    def is_db_master(self, node_url: str) -> bool:
        """Whether the node at `node_url` (one of this client's nodes) holds database mastership."""
        wanted = node_url.strip().rstrip("/")
        node = next((node for node in self._nodes if node.url == wanted), None)
        if node is None:
            raise ValueError("is_db_master() takes the URL of one of the client's UCCX nodes.")
        return self._master_flag(node)

    def probe_nodes(self) -> list[NodeState]:
        """One cheap GET and one isDBMaster per node, all nodes in parallel."""
        probes = self._on_each_node(self._probe)
        island = sum(probe.master for probe in probes) > 1
        now = time.monotonic()
        return [
            replace(probe, read_only=(island and probe.master) or node.read_only_until > now)
            for node, probe in zip(self._nodes, probes, strict=True)
        ]

    def _probe(self, node: _Node) -> NodeState:
        """The node's state; read_only is filled in by probe_nodes(), which sees every node."""
        state = partial(NodeState, node.name, node.url, read_only=False, checked_at=datetime.now(UTC))
        started = time.monotonic()
        try:
            self._exchange(node, "GET", _PROBE_PATH)
        except UccxUnavailableError as exc:
            return state(reachable=False, master=False, latency_ms=None, error=exc.message)
        except UccxAuthError as exc:  # it answered, but refused the account (credentials, capability)
            return state(
                reachable=True,
                master=False,
                latency_ms=_ms_since(started),
                error=exc.message,
                credentials_refused=True,
            )
        except UccxError as exc:
            return state(reachable=True, master=False, latency_ms=_ms_since(started), error=exc.message)
        latency_ms = _ms_since(started)
        try:
            return state(reachable=True, master=self._master_flag(node), latency_ms=latency_ms)
        except UccxError as exc:
            return state(
                reachable=True, master=False, latency_ms=latency_ms, error=f"isDBMaster: {exc.message}"
            )

    def _master_flag(self, node: _Node) -> bool:
        answer = self._exchange(node, "GET", _MASTER_PATH, headers={"Accept": "application/xml, text/xml"})
        try:
            return is_master_xml(answer.response.text)
        except ValueError as exc:
            status = answer.response.status_code
            raise UccxError(f"UCCX node {node.name}: {exc}", status=status, node=node.name) from exc

    def _on_each_node(self, work: Callable[[_Node], T]) -> list[T]:
        if len(self._nodes) == 1:
            return [work(self._nodes[0])]
        with ThreadPoolExecutor(max_workers=len(self._nodes), thread_name_prefix="uccx-node") as pool:
            return list(pool.map(work, self._nodes))

    # --- routing ----------------------------------------------------------------------------------
    def _read_order(self) -> list[_Node]:
        """Healthy nodes first, the primary before the secondary (failback once it is healthy again)."""
        now = time.monotonic()
        return sorted(self._nodes, key=lambda node: node.unhealthy_until > now)

    def _write_order(self) -> list[_Node]:
        """The database master first, then the other node; cached for `recheck_after` seconds."""
        if len(self._nodes) == 1:
            return list(self._nodes)
        with self._lock:
            cached = self._write_order_cache
            if cached and cached[1] > time.monotonic():
                return cached[0]
        flags = self._on_each_node(self._master_or_error)
        failures = [flag for flag in flags if isinstance(flag, UccxUnavailableError)]
        if len(failures) == len(flags):
            raise UccxUnavailableError(
                "No UCCX node is reachable: " + "; ".join(failure.message for failure in failures)
            )
        answered = [
            (node, flag)
            for node, flag in zip(self._nodes, flags, strict=True)
            if not isinstance(flag, UccxUnavailableError)
        ]
        masters = [node for node, flag in answered if flag is True]
        if len(masters) > 1:
            log.warning(
                "UCCX island mode: nodes %s all claim database mastership", "+".join(n.name for n in masters)
            )
            raise UccxReadOnlyError(
                "Both UCCX nodes claim to be database master (island mode): UCCX accepts no configuration "
                "changes until the cluster is joined again."
            )
        order = masters + [node for node, flag in answered if flag is not True]
        with self._lock:
            self._write_order_cache = (order, time.monotonic() + self.recheck_after)
        return order

    def _master_or_error(self, node: _Node) -> bool | UccxUnavailableError | None:
        """isDBMaster's answer; None when the node answered but would not say (e.g. 403, not
        allow-listed); the error, returned rather than raised, when it is unreachable."""
        try:
            return self._master_flag(node)
        except UccxUnavailableError as exc:
            return exc
        except UccxError:
            return None

    def _forget_write_order(self) -> None:
        with self._lock:
            self._write_order_cache = None

    # --- requests ---------------------------------------------------------------------------------
    def _read(self, path: str, **kwargs: Any) -> _Answer:
        return self._call("GET", path, self._read_order(), **kwargs)

    def _read_json(self, path: str) -> dict:
        answer = self._read(path)
        if answer.body is None and answer.response.content.strip():
            raise UccxResponseError(
                f"UCCX node {answer.node.name} answered {path} with a body that is neither JSON nor XML.",
                field="body",
                status=answer.response.status_code,
                node=answer.node.name,
            )
        return answer.body if isinstance(answer.body, dict) else {}

    def _create(self, path: str, body: dict, find: Callable[[], int | None]) -> int:
        """POST a new object; its ID comes from `Location`, the URL in the body or, when UCCX sent
        neither (some servers answer a bare 201), from `find()` (a look-up by name) at once."""
        answer = self._write("POST", path, json=body)
        location = answer.response.headers.get("Location") or answer.response.text
        try:
            return id_from_url(location)
        except ValueError as exc:
            found = find()
            if found is not None:
                return found
            status, node = answer.response.status_code, answer.node.name
            raise UccxUnavailableError(str(exc), status=status, node=node, maybe_applied=True) from exc

    def _write(self, method: str, path: str, *, order: list[_Node] | None = None, **kwargs: Any) -> _Answer:
        try:
            answer = self._call(method, path, order or self._write_order(), **kwargs)
        except UccxUnavailableError:
            self._forget_write_order()
            raise
        answer.node.read_only_until = 0.0
        return answer

    def _call(self, method: str, path: str, order: list[_Node], **kwargs: Any) -> _Answer:
        """Send to the nodes in `order` until one answers. A request moves on to the next node only if
        it is idempotent or provably never went out (connection refused)."""
        failures: list[UccxUnavailableError] = []
        for position, node in enumerate(order):
            try:
                return self._exchange(node, method, path, **kwargs)
            except UccxReadOnlyError as exc:
                node.read_only_until = time.monotonic() + _READ_ONLY_MEMORY
                log.warning("UCCX node %s refused %s %s as read-only: %s", node.name, method, path, exc)
                raise
            except UccxUnavailableError as exc:
                failures.append(exc)
                may_move_on = method in IDEMPOTENT_METHODS or isinstance(exc, _NotSentError)
                if not may_move_on:
                    break
                if position + 1 < len(order):
                    log.warning(
                        "UCCX %s %s failed on node %s (%s); trying node %s",
                        method, path, node.name, exc, order[position + 1].name,
                    )  # fmt: skip
        last = failures[-1]
        error = UccxUnavailableError(
            "; ".join(failure.message for failure in failures),
            status=last.status,
            node=last.node,
            maybe_applied=any(failure.maybe_applied for failure in failures),
        )
        log.warning("UCCX %s %s failed: %s (maybe applied: %s)", method, path, error, error.maybe_applied)
        raise error

    def _exchange(self, node: _Node, method: str, path: str, **kwargs: Any) -> _Answer:
        """One HTTP exchange with one node; every failure becomes a typed UccxError."""
        started = time.monotonic()
        try:
            # `verify` per request: requests would otherwise let REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE from the
            # environment override the session's setting (trust_env stays on for proxies).
            response = node.session.request(
                method, node.url + path, timeout=(self.timeout, self.timeout), verify=self._verify, **kwargs
            )
        except requests.RequestException as exc:
            self._mark_unhealthy(node)
            sent = _was_sent(exc)
            error_class = UccxUnavailableError if sent else _NotSentError
            message = f"UCCX node {node.name} ({node.url}): {_describe(exc, self.timeout)}"
            raise self._observed(
                error_class(message, node=node.name, maybe_applied=sent and method not in _READ_METHODS)
            ) from exc
        log.debug(
            "UCCX %s %s -> node %s: HTTP %s in %.0f ms",
            method, path, node.name, response.status_code, _ms_since(started),
        )  # fmt: skip
        body = _body(response, node)
        errors = _errors_of(response, body)
        error = _error_for(node, method, response, errors) if response.status_code >= 400 or errors else None
        if isinstance(error, UccxUnavailableError) and not isinstance(error, UccxReadOnlyError):
            self._mark_unhealthy(node)  # a read-only node still serves reads
        else:
            node.unhealthy_until = 0.0
        if error is not None:
            raise self._observed(error)
        return _Answer(node, response, body)

    def _observed(self, error: UccxError) -> UccxError:
        if self._on_error is not None:
            try:
                self._on_error(error)
            except Exception:  # an observer must never change what the caller sees
                log.exception("UCCX error observer failed")
        return error

    def _mark_unhealthy(self, node: _Node) -> None:
        node.unhealthy_until = time.monotonic() + self.recheck_after


def _error_for(node: _Node, method: str, response: requests.Response, errors: list[dict]) -> UccxError:
    """The typed error for an answer that is an HTTP error or carries apiErrors (even on a 2xx)."""
    status = response.status_code if response.status_code >= 400 else error_status(errors, 400)
    uccx_text = error_message(errors)
    text = uccx_text or f"UCCX answered HTTP {status} {response.reason or ''}".strip()
    if status in (401, 403):
        return UccxAuthError(
            uccx_text or f"UCCX refused the configured account (HTTP {status}).",
            status=status,
            node=node.name,
        )
    if status == 404:
        return UccxNotFoundError(text, status=status, node=node.name)
    if status == 409:
        return UccxConflictError(text, status=status, node=node.name)
    if status in _VALIDATION_STATUSES:
        return UccxValidationError(text, status=status, node=node.name)
    if status == 503 and errors and method not in _READ_METHODS:
        return UccxReadOnlyError(text, status=status, node=node.name)
    if status >= 500:
        return UccxUnavailableError(
            f"UCCX node {node.name}: {text}",
            status=status,
            node=node.name,
            maybe_applied=method not in _READ_METHODS and status in _LOST_ANSWER_STATUSES,
        )
    return UccxError(text, status=status, node=node.name)


def _body(response: requests.Response, node: _Node) -> Any:
    """The decoded body: JSON as asked, or XML (some UCCX answers ignore Accept) in the same JSON form."""
    content_type = response.headers.get("Content-Type", "")
    if not response.content.strip():
        return None
    if "xml" in content_type:
        try:
            return shapes.xml_to_data(response.content)
        except UccxResponseError:
            return None
    if "json" not in content_type:
        return None
    try:
        return response.json()
    except ValueError as exc:
        if response.status_code >= 400:
            return None
        raise UccxError(
            f"UCCX node {node.name} answered invalid JSON.", status=response.status_code, node=node.name
        ) from exc


def _errors_of(response: requests.Response, body: Any) -> list[dict]:
    if body is not None and "xml" not in response.headers.get("Content-Type", ""):
        return api_errors(body)
    if "xml" in response.headers.get("Content-Type", ""):
        return api_errors_from_xml(response.text)
    return []


def _was_sent(exc: requests.RequestException) -> bool:
    """False when the connection failed before the request went out (refused, connect timeout, TLS)."""
    if isinstance(exc, requests.ConnectTimeout | requests.exceptions.SSLError):
        return False
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, urllib3.exceptions.ConnectTimeoutError):  # includes NewConnectionError (refused)
        return False
    return isinstance(exc, requests.ConnectionError | requests.Timeout)


def _describe(exc: requests.RequestException, timeout: float) -> str:
    """A short, secret-free description of a transport failure."""
    if isinstance(exc, requests.ConnectTimeout):
        return f"could not connect within {timeout:g} s"
    if isinstance(exc, requests.ReadTimeout):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS handshake failed (is the certificate trusted? see UCCX_VERIFY_TLS)"
    if not _was_sent(exc):
        return "connection refused"
    if isinstance(exc, requests.ConnectionError):
        return "connection dropped before an answer"
    return f"request failed ({type(exc).__name__})"


def _tls_verify(verify: bool | str) -> bool | str:
    """What to pass as `verify` on every request so that the configured value wins over the environment:
    False (no check), a CA bundle path, or, for True, the CA bundle requests ships (certifi), never the one
    REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE name. To trust a UCCX's own or a company CA, give its file."""
    if verify is False:
        log.warning("UCCX TLS certificates are NOT verified (UCCX_VERIFY_TLS=false).")
        # Configured on purpose: one log line says so, not a warning on every request.
        warnings.filterwarnings("ignore", category=urllib3.exceptions.InsecureRequestWarning)
        return False
    if verify is True:
        return certifi.where()
    if not isinstance(verify, str) or not os.path.isfile(verify):
        raise ValueError("UCCX TLS verification must be True, False or the path of a CA bundle file.")
    return verify


def _ms_since(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def _base_url(url: str, name: str) -> str:
    """The node URL without a trailing slash; credentials in the URL are refused (they would leak)."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"UCCX node {name} URL must look like https://host[:port].")
    if parts.username or parts.password:
        raise ValueError(
            f"UCCX node {name} URL must not contain credentials; give username/password instead."
        )
    if parts.query or parts.fragment:
        raise ValueError(f"UCCX node {name} URL must not have a query or fragment.")
    return url


def _path(*segments: object) -> str:
    """`/adminapi/<segment>/...` with every segment URL-encoded (names may hold spaces, `/`, `+`)."""
    return "/adminapi/" + "/".join(quote(str(segment), safe="") for segment in segments)


def _file_segments(path: str) -> list[str]:
    """The folder and file names of a repository path like `en_US/holidays/xmas.wav`."""
    segments = [segment for segment in path.strip().strip("/").split("/") if segment]
    if not segments or any(segment in (".", "..") or "\\" in segment for segment in segments):
        raise UccxValidationError(f"Invalid UCCX repository path {path[:200]!r}: use folder/name, no '..'.")
    return segments
