"""Celery worker glue: log lines carry the task's id as their request id, and the worker says it is alive
every WORKER_HEARTBEAT_SECONDS whether or not beat sends it work.

The outbox tasks record a heartbeat when they run, but those runs depend on beat (the sweep) and on saves
(nudges): without this, a healthy worker would look dead whenever beat is down, and readiness could not
tell the two apart. The thread lives in the worker's main process, started when it is ready.
"""

import logging
import threading
from contextvars import Token
from typing import Any

from celery.signals import task_postrun, task_prerun, worker_ready, worker_shutdown
from django.conf import settings

from ops.logs import request_id

log = logging.getLogger(__name__)
_stop = threading.Event()
_task_tokens: dict[str, Token[str]] = {}


@task_prerun.connect
def _task_started(task_id: str = "", **_kwargs: Any) -> None:
    _task_tokens[task_id] = request_id.set(f"task-{task_id}")


@task_postrun.connect
def _task_finished(task_id: str = "", **_kwargs: Any) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)


@worker_ready.connect
def start_heartbeat(**_kwargs: Any) -> None:
    _stop.clear()
    threading.Thread(target=_beat, name="worker-heartbeat", daemon=True).start()


@worker_shutdown.connect
def stop_heartbeat(**_kwargs: Any) -> None:
    _stop.set()


def _beat() -> None:
    from sync.tasks import record_heartbeat  # never raises: a Redis outage is logged and skipped

    while not _stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
        record_heartbeat()
