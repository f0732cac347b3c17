"""Threaded HTTP listeners that can be closed and re-bound, so a "down" node really refuses connections."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_REQUEST_BYTES = 64 * 1024 * 1024
_HANDSHAKE_SECONDS = 10.0


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: Message
    body: bytes


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/xml"
    headers: dict[str, str] = field(default_factory=dict)


class DropConnection(Exception):
    """Raised by an app to close the connection without sending a single response byte."""


App = Callable[[Request], Response]


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.0: one request per connection, so a node taken down leaves no pooled connection behind.
    protocol_version = "HTTP/1.0"
    server_version = "UCCX-Simulator"
    sys_version = ""
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests assert on the request log instead."""

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.body or response.status != 204:
            self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _dispatch(self) -> None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self._send(Response(411, b"Send a Content-Length header.", "text/plain"))
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_REQUEST_BYTES:
            self._send(Response(413, b"Request body missing a valid length or too large.", "text/plain"))
            return
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        try:
            response = self.server.app(Request(self.command, path, query, self.headers, body))
        except DropConnection:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        with contextlib.suppress(OSError):  # the peer went away, or the node was taken down meanwhile
            self._send(response)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _dispatch


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], app: App, tls: ssl.SSLContext | None = None) -> None:
        self.app = app
        self.tls = tls
        self.active: set[socket.socket] = set()
        self.active_lock = threading.Lock()
        super().__init__(address, _Handler)

    def get_request(self) -> tuple[socket.socket, tuple]:
        connection, address = super().get_request()
        if self.tls is not None:
            # The handshake runs in the connection's own thread (finish_request), not in the accept loop.
            connection = self.tls.wrap_socket(connection, server_side=True, do_handshake_on_connect=False)
        return connection, address

    def server_bind(self) -> None:
        # Skip HTTPServer.server_bind's getfqdn(): a reverse DNS lookup can stall start-up.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def finish_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        with self.active_lock:
            self.active.add(request)
        try:
            if isinstance(request, ssl.SSLSocket):
                request.settimeout(_HANDSHAKE_SECONDS)
                try:
                    request.do_handshake()
                except (OSError, ssl.SSLError):  # e.g. a client that does not trust the certificate
                    return
                request.settimeout(None)
            super().finish_request(request, client_address)
        finally:
            with self.active_lock:
                self.active.discard(request)

    def abort_connections(self) -> None:
        with self.active_lock:
            for connection in self.active:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)


class Listener:
    """A restartable listener on a fixed address; the first start may pick an ephemeral port."""

    def __init__(self, host: str, port: int, app: App, tls: ssl.SSLContext | None = None) -> None:
        self.host, self.port, self.app, self.tls = host, port, app, tls
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def connections(self) -> int:
        """Connections being served right now."""
        server = self._server
        if server is None:
            return 0
        with server.active_lock:
            return len(server.active)

    def start(self) -> None:
        if self._server is not None:
            return
        server = _Server((self.host, self.port), self.app, self.tls)
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"uccx-sim-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Close the listening socket (new connections are refused) and cut connections in progress."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        server.abort_connections()
        if self._thread is not None:
            self._thread.join()
