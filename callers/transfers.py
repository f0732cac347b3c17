"""Bulk work on a caller list: CSV import and export, run by a worker with progress the page follows.

An import (`callers/imports.py`) and an export (`callers/exports.py`) start in a request, which queues
them; here the worker runs each once, and beat's sweep sends again the ones no worker started and ends
the ones whose worker died.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from callers.csvfile import CsvRefused
from callers.exports import run_export
from callers.imports import run_import
from callers.models import CallerTransfer
from callers.transfer_progress import finish
from core import jobs

logger = logging.getLogger(__name__)


def transfer_run(transfer_id: int) -> CallerTransfer | None:
    """The worker's side: run an import or export once (a finished or vanished transfer is left alone)."""
    taken = CallerTransfer.objects.filter(pk=transfer_id, state=CallerTransfer.State.PENDING).update(
        state=CallerTransfer.State.CHECKING, started_at=timezone.now()
    )
    transfer = CallerTransfer.objects.select_related("caller_list", "user").filter(pk=transfer_id).first()
    if not taken or transfer is None:  # finished, vanished, or another worker has it (a message sent twice)
        return transfer
    try:
        if transfer.kind == CallerTransfer.Kind.IMPORT:
            run_import(transfer)
        else:
            run_export(transfer)
    except CsvRefused as refusal:
        finish(transfer, CallerTransfer.State.REFUSED, str(refusal))
    except Exception:
        logger.exception("caller transfer %s failed", transfer.pk)
        finish(
            transfer, CallerTransfer.State.FAILED, "The transfer failed unexpectedly; nothing was changed."
        )
    return transfer


def transfers_resume(*, now: datetime | None = None) -> tuple[int, int]:
    """Beat's safety net (core/jobs.py): send again the transfers no worker started (their message was
    lost with the broker), and end the ones whose worker died mid-run. Returns (resent, ended)."""
    from callers.tasks import run_transfer

    now = now or timezone.now()
    running = CallerTransfer.objects.filter(
        state__in=[CallerTransfer.State.CHECKING, CallerTransfer.State.SAVING]
    )
    dead = jobs.abandoned(running, run_transfer, now=now)
    ended = 0
    for kind, what, keep in (
        (CallerTransfer.Kind.IMPORT, "import", {"content": b""}),
        (CallerTransfer.Kind.EXPORT, "export", {}),
    ):
        ended += dead.filter(kind=kind).update(
            state=CallerTransfer.State.FAILED,
            message=f"The worker running this {what} stopped before it finished (restarted or out of "
            f"memory); nothing was changed. Start the {what} again.",
            finished_at=now,
            **keep,
        )
    resent = jobs.resend_waiting(
        CallerTransfer.objects.filter(state=CallerTransfer.State.PENDING),
        run_transfer,
        created_before=now - timedelta(seconds=settings.CALLERS_TRANSFER_RESEND_SECONDS),
    )
    return resent, ended
