"""The WSGI application around Django: a request id for every request and the IVR latency metric.

It sits outside Django on purpose: the IVR path skips most middleware to stay fast, and this layer sees
every request whatever Django does inside (a few microseconds: a header read, a context variable, a
clock read and, for /ivr/, one histogram observation and a look at the answer's headers for
`X-Snapshot-Stale`, which the IVR plumbing sets when it answered from a copy without the database).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from ops.logs import new_request_id, request_id
from ops.metrics import count_stale_answer, ivr_endpoint, observe_ivr_request

# Set by the IVR plumbing when it answered from a copy without the database (core/ivr.py).
STALE_HEADERS = frozenset({"X-Snapshot-Stale", "x-snapshot-stale"})
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ObservedApplication:
    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        rid = new_request_id(environ.get("HTTP_X_REQUEST_ID"))
        token = request_id.set(rid)
        header = ("X-Request-ID", rid)
        status_code = [0]

        path = environ.get("PATH_INFO", "")
        ivr = path.startswith("/ivr/")

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status_code[0] = int(status[:3])
            if ivr and any(name in STALE_HEADERS for name, _ in headers):
                count_stale_answer(ivr_endpoint(path))
            headers.append(header)
            return start_response(status, headers, exc_info)

        started = time.perf_counter()
        try:
            return self.app(environ, start)
        finally:
            if ivr:
                observe_ivr_request(path, status_code[0] or 500, time.perf_counter() - started)
            request_id.reset(token)
