"""What a caller list's import and export share: queueing the transfer for the worker, and writing its
progress and its end on the transfer's row as it runs (the page and the API read them from there)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from callers.models import CallerTransfer
from sync.tasks import send_on_commit

if TYPE_CHECKING:
    from callers.services import Actor

PROGRESS_EVERY = 5000


def transfer_user(actor: Actor) -> Any:
    """The actor to record as the transfer's user; None for one that is not a signed-in user."""
    return actor if getattr(actor, "is_authenticated", False) else None


def queued(transfer: CallerTransfer) -> CallerTransfer:
    """Save the transfer and send it to the worker once that is committed."""
    from callers.tasks import run_transfer

    with transaction.atomic():
        transfer.save()
        send_on_commit(run_transfer, transfer.pk)
    return transfer


def save_progress(transfer: CallerTransfer, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(transfer, name, value)
    CallerTransfer.objects.filter(pk=transfer.pk).update(**fields)


def finish(transfer: CallerTransfer, state: str, message: str, **fields: Any) -> None:
    keep = {"content": b""} if transfer.kind == CallerTransfer.Kind.IMPORT else {}
    save_progress(transfer, state=state, message=message[:500], finished_at=timezone.now(), **keep, **fields)
