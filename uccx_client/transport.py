"""How the UCCX client reaches its nodes, with failover; the resource operations build on it.

Reads go to the preferred node and fall over to the other one within the same call. Writes go to the
database master (`/uccx/isDBMaster`, cached for a few seconds). Only idempotent requests are ever sent
twice; a create whose answer was lost raises UccxUnavailableError(maybe_applied=True).
"""

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter

from uccx_client.errors import UccxError, UccxReadOnlyError, UccxResponseError, UccxUnavailableError
from uccx_client.nodes import Answer, Node, base_url, ms_since, tls_verify
from uccx_client.outcomes import (
    READ_METHODS,
    api_errors_of,
    decoded_body,
    describe_failure,
    error_for,
    was_sent,
)
from uccx_client.quirks import id_from_url, is_master_xml

log = logging.getLogger("uccx_client")

IDEMPOTENT_METHODS = READ_METHODS | {"PUT", "DELETE"}
_MASTER_PATH = "/uccx/isDBMaster"
# How long a write refused as read-only keeps the node flagged read-only in probe_nodes().
_READ_ONLY_MEMORY = 60.0

T = TypeVar("T")


class _NotSentError(UccxUnavailableError):
    """The connection failed before the request went out: safe to send it elsewhere, even a POST."""


class Transport:
    """Sends requests to UCCX node A (primary) and, if given, node B (secondary): reads to a healthy node,
    writes to the database master, each moving on to the other node when that is safe."""

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
        self._verify = tls_verify(verify)
        urls = [("A", primary_url), ("B", secondary_url or "")]
        self._nodes = [
            Node(name, base_url(url, name), self._session(username, password, pool_size))
            for name, url in urls
            if name == "A" or url.strip()
        ]
        self._on_error = on_error
        self._lock = threading.Lock()
        self._write_order_cache: tuple[list[Node], float] | None = None

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

    # --- nodes ------------------------------------------------------------------------------------
    def _master_flag(self, node: Node) -> bool:
        answer = self._exchange(node, "GET", _MASTER_PATH, headers={"Accept": "application/xml, text/xml"})
        try:
            return is_master_xml(answer.response.text)
        except ValueError as exc:
            status = answer.response.status_code
            raise UccxError(f"UCCX node {node.name}: {exc}", status=status, node=node.name) from exc

    def _on_each_node(self, work: Callable[[Node], T]) -> list[T]:
        if len(self._nodes) == 1:
            return [work(self._nodes[0])]
        with ThreadPoolExecutor(max_workers=len(self._nodes), thread_name_prefix="uccx-node") as pool:
            return list(pool.map(work, self._nodes))

    # --- routing ----------------------------------------------------------------------------------
    def _read_order(self) -> list[Node]:
        """Healthy nodes first, the primary before the secondary (failback once it is healthy again)."""
        now = time.monotonic()
        return sorted(self._nodes, key=lambda node: node.unhealthy_until > now)

    def _write_order(self) -> list[Node]:
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

    def _master_or_error(self, node: Node) -> bool | UccxUnavailableError | None:
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
    def _read(self, path: str, **kwargs: Any) -> Answer:
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

    def _write(self, method: str, path: str, *, order: list[Node] | None = None, **kwargs: Any) -> Answer:
        try:
            answer = self._call(method, path, order or self._write_order(), **kwargs)
        except UccxUnavailableError:
            self._forget_write_order()
            raise
        answer.node.read_only_until = 0.0
        return answer

    def _call(self, method: str, path: str, order: list[Node], **kwargs: Any) -> Answer:
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

    def _exchange(self, node: Node, method: str, path: str, **kwargs: Any) -> Answer:
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
            sent = was_sent(exc)
            error_class = UccxUnavailableError if sent else _NotSentError
            message = f"UCCX node {node.name} ({node.url}): {describe_failure(exc, self.timeout)}"
            raise self._observed(
                error_class(message, node=node.name, maybe_applied=sent and method not in READ_METHODS)
            ) from exc
        log.debug(
            "UCCX %s %s -> node %s: HTTP %s in %.0f ms",
            method, path, node.name, response.status_code, ms_since(started),
        )  # fmt: skip
        body = decoded_body(response, node)
        errors = api_errors_of(response, body)
        error = error_for(node, method, response, errors) if response.status_code >= 400 or errors else None
        if isinstance(error, UccxUnavailableError) and not isinstance(error, UccxReadOnlyError):
            self._mark_unhealthy(node)  # a read-only node still serves reads
        else:
            node.unhealthy_until = 0.0
        if error is not None:
            raise self._observed(error)
        return Answer(node, response, body)

    def _observed(self, error: UccxError) -> UccxError:
        if self._on_error is not None:
            try:
                self._on_error(error)
            except Exception:  # an observer must never change what the caller sees
                log.exception("UCCX error observer failed")
        return error

    def _mark_unhealthy(self, node: Node) -> None:
        node.unhealthy_until = time.monotonic() + self.recheck_after


def adminapi_path(*segments: object) -> str:
    """`/adminapi/<segment>/...` with every segment URL-encoded (names may hold spaces, `/`, `+`)."""
    return "/adminapi/" + "/".join(quote(str(segment), safe="") for segment in segments)
