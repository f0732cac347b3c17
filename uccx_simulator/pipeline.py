"""One simulated UCCX node's request pipeline: latency, a node down or failing, lost write answers,
authentication, routing, the cluster's rule on writes, and rendering in JSON or XML. The handlers of each
resource build on it; app.py joins them into a node."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote_plus, unquote

from .errors import ApiError, unavailable
from .representation import JSON, XML, negotiate, to_json, to_xml
from .state import MAX_RECORDED_BODY, RecordedRequest, SimState
from .store import ConfigStore
from .transport import DropConnection, Request, Response

logger = logging.getLogger("uccx_simulator.app")  # one logger for the whole node

WRITE_METHODS = frozenset({"POST", "PUT", "DELETE"})
READ_ONLY_MESSAGE = "Configuration datastore on peer node is not reachable; configuration is read-only"
ISLAND_MESSAGE = (
    "The cluster is in island mode (nodes cannot reach each other); no configuration changes are allowed"
)


@dataclass
class Call:
    """What a handler needs besides its URL arguments."""

    request: Request
    fmt: str
    base: str
    user: str


Handler = Callable[..., Response]


class NodePipeline:
    """What every request to a node goes through before and after its handler."""

    def __init__(
        self,
        node: str,
        store: ConfigStore,
        state: SimState,
        username: str,
        password: str,
        scheme: str = "http",
    ) -> None:
        self.node, self.store, self.state, self.scheme = node, store, state, scheme
        self._credentials = (username, password)
        self._routes = [
            (method, re.compile(pattern), handler) for method, pattern, handler in self.route_table()
        ]

    def route_table(self) -> tuple[tuple[str, str, Handler], ...]:
        """(method, path pattern, handler) of every URL the node answers, the first match wins."""
        raise NotImplementedError

    def __call__(self, request: Request) -> Response:
        with self.state.lock:
            latency, generation = self.state.nodes[self.node].latency, self.state.generation
        if latency:
            self.state.down_events[self.node].wait(latency)
        if self.state.nodes[self.node].mode == "down":  # taken down while the request waited
            self._record(request, generation, None, dropped=True)
            raise DropConnection
        response = self._respond(request)
        if request.method in WRITE_METHODS and request.path.startswith("/adminapi") and self.state.ambiguous:
            self._record(request, generation, response.status, dropped=True)
            raise DropConnection
        self._record(request, generation, response.status)
        return response

    def _record(self, request: Request, generation: int, status: int | None, dropped: bool = False) -> None:
        self.state.record(
            RecordedRequest(
                node=self.node,
                method=request.method,
                path=request.path,
                query=request.query,
                status=status,
                body=request.body[:MAX_RECORDED_BODY],
                at=dt.datetime.now(dt.UTC),
                dropped=dropped,
            ),
            generation,
        )

    def _respond(self, request: Request) -> Response:
        accept = request.headers.get("Accept")
        fmt = JSON if accept and "json" in accept.lower() else XML  # for errors before negotiation
        try:
            if self.state.nodes[self.node].mode == "failing":
                message = f"The Unified CCX administration service on node {self.node} failed."
                raise ApiError(500, "InternalServerError", [(self.node, message)])
            if request.path == "/uccx/isDBMaster":
                return Response(200, to_xml("node", {"isMaster": self.state.is_master(self.node)}))
            fmt = negotiate(accept)
            user = self._authenticate(request)
            handler, arguments = self._route(request)
            is_write = request.method in WRITE_METHODS
            if is_write:
                self._check_writable()
            host = request.headers.get("Host") or "localhost"
            # `self` URLs carry the scheme, host and port the request came in on, as UCCX's do.
            response = handler(Call(request, fmt, f"{self.scheme}://{host}", user), **arguments)
            with self.state.lock:
                write_latency = self.state.write_latency
            if is_write and response.status < 300 and write_latency:
                time.sleep(write_latency)
            return response
        except ApiError as exc:
            return self._render(fmt, "apiErrors", exc.as_body(), exc.status, exc.headers)
        except Exception:
            logger.exception("uccx simulator: unhandled error on %s %s", request.method, request.path)
            error = ApiError(500, "InternalServerError", [("", "Internal server error.")])
            return self._render(fmt, "apiErrors", error.as_body(), 500)

    def _authenticate(self, request: Request) -> str:
        scheme, _, encoded = (request.headers.get("Authorization") or "").partition(" ")
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user, password = "", ""
        expected_user, expected_password = self._credentials
        valid = hmac.compare_digest(user.encode(), expected_user.encode()) & hmac.compare_digest(
            password.encode(), expected_password.encode()
        )
        if scheme.lower() != "basic" or not valid:
            error = ApiError(
                401,
                "Unauthorized",
                [("Authorization", "Authentication failed: wrong or missing user name or password.")],
            )
            error.headers["WWW-Authenticate"] = 'Basic realm="Cisco Unified CCX Administration"'
            raise error
        return user

    def _route(self, request: Request) -> tuple[Handler, dict[str, str]]:
        allowed = []
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(request.path)
            if match is None:
                continue
            if method == request.method:
                return handler, {
                    key: unquote(value) for key, value in match.groupdict().items() if value is not None
                }
            allowed.append(method)
        if allowed:
            error = ApiError(
                405,
                "Method Not Allowed",
                [(request.method, f"{request.method} is not supported on {request.path}.")],
            )
            error.headers["Allow"] = ", ".join(sorted(set(allowed)))
            raise error
        raise ApiError(404, "Not Found", [(request.path, f"No adminapi resource at {request.path}.")])

    def _check_writable(self) -> None:
        with self.state.lock:
            cluster = self.state.cluster
            peer_down = any(
                settings.mode == "down" for node, settings in self.state.nodes.items() if node != self.node
            )
            peer_cds_disabled = self.state.peer_cds_disabled
        if cluster == "read_only" or (peer_down and not peer_cds_disabled):
            raise unavailable(self.node, READ_ONLY_MESSAGE)
        if cluster == "island":
            raise unavailable(self.node, ISLAND_MESSAGE)

    def _render(
        self,
        fmt: str,
        root: str,
        data: dict[str, Any],
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> Response:
        if fmt == JSON:
            return Response(status, to_json(data, self.state.quirks), "application/json", dict(headers or {}))
        return Response(status, to_xml(root, data), "application/xml", dict(headers or {}))

    @staticmethod
    def _created(url: str) -> Response:
        """UCCX answers a create with 201, the new URL in Location and as the body."""
        return Response(201, url.encode(), "text/plain", {"Location": url})

    # What several resources' handlers use ------------------------------------------------------------

    @staticmethod
    def _flags(call: Call) -> dict[str, str]:
        """Query options, `?withAssociations` (no value) included, last one wins."""
        return {
            key: values[-1] for key, values in parse_qs(call.request.query, keep_blank_values=True).items()
        }

    def _pair(self, call: Call, kind: str, name: str) -> dict[str, str]:
        """A nameUriPair: the name as attribute, the object's URL as `refURL`."""
        return {"@name": name, "refURL": f"{call.base}/adminapi/{kind}/{quote_plus(name)}"}
