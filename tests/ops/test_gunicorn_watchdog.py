"""Issue 9: a gunicorn worker stuck in one request is recycled (gunicorn's own timeout never fired with
threads, and the stuck worker stayed for good). Runs the project's gunicorn.conf.py for real."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import urllib.request
from collections.abc import Iterator

import pytest

from bench.stack import BASE_DIR, Service, wait_for


@pytest.fixture
def gunicorn(tmp_path) -> Iterator[Service]:
    env = {**os.environ, "GUNICORN_REQUEST_TIMEOUT": "1", "GUNICORN_GRACEFUL_TIMEOUT": "1"}
    argv = [sys.executable, "-m", "gunicorn", "-c", str(BASE_DIR / "gunicorn.conf.py")]
    argv += ["tests.ops.stall_app:app", "-b", "127.0.0.1:0", "--workers", "1"]
    service = Service("gunicorn", argv, env, tmp_path, ready=r"Booting worker with pid").start()
    yield service
    service.stop()


def _get(url: str, timeout: float = 5) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode()


@pytest.mark.timeout(60)
def test_a_worker_stuck_in_a_request_is_replaced_and_the_server_answers_again(gunicorn: Service) -> None:
    url = wait_for(lambda: gunicorn.search_log(r"Listening at: (http://127\.0\.0\.1:\d+)"), 10, "bind")[1]
    first = _get(f"{url}/pid")

    def stall() -> None:
        with contextlib.suppress(OSError):  # the worker is killed under it: the connection drops
            _get(f"{url}/stall", timeout=20)

    threading.Thread(target=stall, daemon=True).start()

    def new_worker() -> str | None:
        try:
            pid = _get(f"{url}/pid", timeout=1)
        except OSError:
            return None
        return pid if pid != first else None

    assert wait_for(new_worker, 20, "a fresh worker", interval=0.5)
    assert gunicorn.search_log(r"Request GET /stall has run for \d+ s .*recycling worker " + first)
