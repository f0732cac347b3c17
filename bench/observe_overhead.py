"""What the operations layer adds to every request: the WSGI wrapper (request id, IVR latency histogram).

    python -m bench.observe_overhead [--calls 200000]

Calls a do-nothing WSGI app bare and wrapped in `ops.wsgi.ObservedApplication`, for an IVR path (timed
into the histogram) and a page path (request id only), in-process and with PROMETHEUS_MULTIPROC_DIR set
(values in mmapped files, as under gunicorn in production). Prints the added microseconds per request.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from typing import Any

MEASURE = """
import sys, time
from wsgiref.util import setup_testing_defaults
from ops.wsgi import ObservedApplication

def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]

wrapped = ObservedApplication(app)
calls = int(sys.argv[1])

def per_call(application, path):
    environ = {"PATH_INFO": path}
    setup_testing_defaults(environ)
    start = lambda status, headers, exc_info=None: None
    for _ in range(2000):
        application(dict(environ), start)
    began = time.perf_counter()
    for _ in range(calls):
        application(dict(environ), start)
    return (time.perf_counter() - began) / calls * 1e6

def nothing():
    return None

began = time.perf_counter()
for _ in range(calls):
    nothing()
print(f"{'(scale: one empty Python function call)':45} {(time.perf_counter() - began) / calls * 1e6:6.3f} us")
for path in ("/ivr/v1/calendars/Support%20Hours/status", "/calendars/"):
    bare, observed = per_call(app, path), per_call(wrapped, path)
    print(f"{path:45} bare {bare:6.2f} us  wrapped {observed:6.2f} us  added {observed - bare:5.2f} us")
"""


def run(calls: int, **env: str) -> str:
    environment: dict[str, Any] = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "supervisor_tools.test_settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", MEASURE, str(calls)],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200_000)
    calls = parser.parse_args().calls
    print(f"observe_overhead: {calls} calls per figure, {time.strftime('%Y-%m-%d %H:%M')}")
    print("-- single process (no PROMETHEUS_MULTIPROC_DIR)")
    print(run(calls), end="")
    with tempfile.TemporaryDirectory() as folder:
        print("-- multiprocess mode (PROMETHEUS_MULTIPROC_DIR, mmapped files)")
        print(run(calls, PROMETHEUS_MULTIPROC_DIR=folder), end="")


if __name__ == "__main__":
    main()
