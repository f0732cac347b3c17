"""Periodic work of the core app (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

import logging

from celery import shared_task

from core.services import teams_sync
from uccx_client import UccxError

log = logging.getLogger(__name__)


@shared_task(name="core.sync_teams", ignore_result=True)
def sync_teams() -> None:
    """Read UCCX's teams; when UCCX cannot be read, the next run tries again (teams stay as they were)."""
    try:
        teams_sync()
    except UccxError as error:
        log.warning("Team sync skipped, UCCX could not be read: %s", error.message)
