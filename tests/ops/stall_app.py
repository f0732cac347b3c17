"""A bare WSGI app for the gunicorn watchdog test: /stall spins a CPU forever, /pid names the worker."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if environ["PATH_INFO"] == "/stall":
        while True:  # a request that never ends, like the unbounded RRULE expansion of issue 9
            pass
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]
