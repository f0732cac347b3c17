"""Celery tasks of the callers app: bulk transfers, UCCX's copies of the lists, and beat's sweeps."""

from celery import shared_task

from callers.publish import document_refresh, stale_lists
from callers.services import expired_entries_purge
from callers.transfers import transfer_run, transfers_resume
from core import jobs


@shared_task(name="callers.run_transfer", ignore_result=True, soft_time_limit=240, time_limit=300)
def run_transfer(transfer_id: int) -> None:
    """Run one CSV import or export; a transfer that already ran is left alone (safe to deliver twice)."""
    transfer_run(transfer_id)


@shared_task(name="callers.publish_document", ignore_result=True, soft_time_limit=240, time_limit=300)
def publish_document(list_id: int) -> None:
    """Bring UCCX's copy of one list up to its latest version (a list already there is skipped)."""
    document_refresh(list_id)


@shared_task(name="callers.catch_up", ignore_result=True, soft_time_limit=240, time_limit=300)
def catch_up() -> None:
    """Beat: what a lost nudge or a dead worker left. UCCX copies behind their list are rebuilt (one task
    per list), imports and exports never started are sent again, ones abandoned mid-run are ended."""
    transfers_resume()
    jobs.send_each(publish_document, stale_lists())


@shared_task(name="callers.purge_expired", ignore_result=True)
def purge_expired() -> int:
    """Beat: delete entries past their expiry (they stopped matching when they expired)."""
    return expired_entries_purge()
