"""Background jobs kept as rows (a CSV import, a prompt conversion): what beat does when a job's message
was lost (the broker was down when it was sent) or its worker died mid-run (killed, out of memory).

The row is the truth and the Celery message only a nudge, so each app's beat sweep calls these two with
its own table: a job is taken by a compare-and-set on its state (running one twice is harmless), and a
job still running past its task's hard time limit was killed with its worker.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from celery import Task
from django.db.models import QuerySet

logger = logging.getLogger(__name__)
LIMIT_MARGIN = 30.0  # seconds past the hard time limit before a running job counts as abandoned


def send_each(task: Task, job_ids: Iterable[int]) -> int:
    """Send `task(job_id)` for each id, best effort; stops at the first failure (the broker is away: the
    jobs keep waiting for the next sweep). Returns how many were sent."""
    sent = 0
    for job_id in job_ids:
        try:
            task.apply_async(args=(job_id,), retry=False)
        except Exception as exc:
            logger.warning("Could not send %s(%s) to the worker (%s).", task.name, job_id, type(exc).__name__)
            break
        sent += 1
    return sent


def resend_waiting(waiting: QuerySet[Any], task: Task, *, created_before: datetime) -> int:
    """Send `task(pk)` again for each waiting job created before `created_before` (its message was lost
    with the broker, or never sent). Returns how many were sent."""
    return send_each(task, waiting.filter(created_at__lt=created_before).values_list("pk", flat=True))


def abandoned(running: QuerySet[Any], task: Task, *, now: datetime) -> QuerySet[Any]:
    """The running jobs whose worker must be dead: started longer ago than `task`'s hard time limit."""
    limit = float(task.time_limit or task.app.conf.task_time_limit or 0)
    if not limit:
        return running.none()  # no hard limit: a slow job cannot be told from a dead one
    return running.filter(started_at__lt=now - timedelta(seconds=limit + LIMIT_MARGIN))
