"""A caller list's CSV export: queued in a request, written by the worker into the transfer's row, from
where the page and the API download it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from callers import csvfile
from callers.models import CallerList, CallerTransfer
from callers.transfer_progress import PROGRESS_EVERY, finish, queued, save_progress, transfer_user

if TYPE_CHECKING:
    from callers.services import Actor


def export_start(*, caller_list: CallerList, actor: Actor) -> CallerTransfer:
    name = f"{caller_list.name.replace(' ', '_')}-{timezone.now():%Y%m%d-%H%M}.csv"
    return queued(
        CallerTransfer(
            kind=CallerTransfer.Kind.EXPORT,
            caller_list=caller_list,
            user=transfer_user(actor),
            file_name=name,
        )
    )


def run_export(transfer: CallerTransfer) -> None:
    """The worker's part: the list's entries as a CSV file (UTF-8 with a BOM), kept on the transfer."""
    entries = transfer.caller_list.entries.order_by("prefix", "number")
    total = entries.count()
    save_progress(transfer, total=total)
    zone = ZoneInfo(settings.TIME_ZONE)

    def rows() -> Iterator[list[object]]:
        for count, entry in enumerate(entries.iterator(chunk_size=5000), start=1):
            if count % PROGRESS_EVERY == 0:
                save_progress(transfer, done=count)
            yield [
                entry.pattern_text,
                entry.name,
                entry.reason,
                _expiry_text(entry.expires_at, zone),
                "" if entry.priority is None else entry.priority,
                entry.target,
                entry.prompt,
                entry.language,
            ]

    content = "".join(csvfile.write_rows(rows())).encode("utf-8-sig")  # the BOM tells Excel it is UTF-8
    finish(transfer, CallerTransfer.State.DONE, f"Exported {total:,} entries.", content=content, done=total)


def _expiry_text(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).isoformat(timespec="seconds") if moment else ""
