"""gunicorn settings (read from the working directory by every `gunicorn supervisor_tools.wsgi`; the
Procfile, bench/stack.py and production use them). Environment variables override the defaults.

Why a watchdog: with threads (the gthread worker) gunicorn's own `timeout` never fires for a stuck
request, because the worker's main loop keeps telling the arbiter it is alive while one thread spins;
in issue 9 such a worker stayed stuck for good and its IVR answers slowed down. So each worker watches
its own requests: when one has run longer than GUNICORN_REQUEST_TIMEOUT seconds the worker stops taking
new connections, lets the others finish (up to `graceful_timeout`) and exits; the arbiter starts a
fresh worker at once. The input limits keep every request far under a second, so this only ever
fires on a defect, and the log says which request it was.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('WEB_PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
"""Seconds without a heartbeat before the arbiter kills a worker (a worker whose main loop is stuck)."""
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "10"))
request_timeout = float(os.environ.get("GUNICORN_REQUEST_TIMEOUT", "30"))
"""Seconds one request may run before its worker is recycled (the watchdog below)."""
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
"""Recycle each worker now and then (staggered), so slow growth of a process never accumulates."""
keepalive = 5
access_log_format = '%(h)s %(u)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
"""The access log names each request's id (ops/wsgi.py sets X-Request-ID), as the app's own log lines do."""

_running: dict[int, tuple[float, str]] = {}
"""Per worker process: thread id -> (monotonic start, "METHOD /path") of the request it serves."""


def pre_request(worker: Any, req: Any) -> None:
    _running[threading.get_ident()] = (time.monotonic(), f"{req.method} {req.path}")


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    _running.pop(threading.get_ident(), None)


def post_worker_init(worker: Any) -> None:
    threading.Thread(target=_watch, args=(worker,), name="request-watchdog", daemon=True).start()


def _watch(worker: Any) -> None:
    while True:
        time.sleep(min(1.0, request_timeout / 4))
        now = time.monotonic()
        stuck = [(now - started, what) for started, what in list(_running.values())]
        stuck = [(seconds, what) for seconds, what in stuck if seconds > request_timeout]
        if not stuck:
            continue
        seconds, what = max(stuck)
        worker.log.error(
            "Request %s has run for %.0f s (GUNICORN_REQUEST_TIMEOUT=%g): recycling worker %s",
            what,
            seconds,
            request_timeout,
            os.getpid(),
        )
        worker.alive = False  # stop accepting; the main loop waits graceful_timeout for the others
        time.sleep(graceful_timeout + 2)
        os._exit(1)  # the stuck thread never ends, so the process would never exit by itself
