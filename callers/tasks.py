"""Celery tasks of the callers app: bulk transfers and the expiry sweep."""

from celery import shared_task

from callers.services import expired_entries_purge
from callers.transfers import transfer_run


@shared_task(name="callers.run_transfer", ignore_result=True, soft_time_limit=240, time_limit=300)
def run_transfer(transfer_id: int) -> None:
    """Run one CSV import or export; a transfer that already ran is left alone (safe to deliver twice)."""
    transfer_run(transfer_id)


@shared_task(name="callers.purge_expired", ignore_result=True)
def purge_expired() -> int:
    """Beat: delete entries past their expiry (they stopped matching when they expired)."""
    return expired_entries_purge()
