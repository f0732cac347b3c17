"""A caller list's CSV import: the upload kept and queued, then checked and written by the worker.

An import is checked completely before anything is written: the file (size, encoding, header), then every
row (number, duplicates in the file, values, expiry); rejected rows are kept with their line numbers and
reasons. Then, by the user's choice, either nothing is written when any row is bad (all or nothing), or
the good rows are. The write is one transaction (entries, their audit records, the list's new version),
so an import is never half-applied, and the list changes once: one UCCX document write, one snapshot.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from callers import csvfile
from callers.csvfile import CsvRefused
from callers.engine import NumberPattern
from callers.models import CallerEntry, CallerList, CallerTransfer
from callers.services import CallersInvalid, EntryData, entry_field_errors, entry_values, list_changed
from callers.transfer_progress import PROGRESS_EVERY, finish, queued, save_progress, transfer_user

if TYPE_CHECKING:
    from callers.services import Actor

REJECTIONS_KEPT = 1000
BATCH = 2000
_VALUE_FIELDS = ("name", "reason", "expires_at", "priority", "target", "prompt", "language")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB" if size < 1024**3 else f"{size / 1024**3:,.1f} GB"


def import_start(
    *,
    caller_list: CallerList,
    upload: IO[bytes],
    size: int,
    file_name: str,
    mode: str,
    replace: bool,
    encoding: str,
    actor: Actor,
) -> CallerTransfer:
    """Keep the upload and queue its import; a file over the size limit is refused before it is read."""
    limit = settings.CALLERS_IMPORT_MAX_BYTES
    if size > limit:
        raise CallersInvalid(
            {
                "file": [
                    f"The file is {_megabytes(size)}; an import takes at most {_megabytes(limit)} "
                    f"(about {settings.CALLERS_IMPORT_MAX_ROWS:,} rows). Split it and import the parts."
                ]
            }
        )
    if mode not in CallerTransfer.Mode.values:
        raise CallersInvalid({"mode": [f"The mode is one of {', '.join(CallerTransfer.Mode.values)}."]})
    if encoding not in csvfile.ENCODINGS:
        raise CallersInvalid({"encoding": [f"The encoding is one of {', '.join(csvfile.ENCODINGS)}."]})
    content = upload.read(limit + 1)
    if len(content) > limit:  # the declared size was wrong
        raise CallersInvalid({"file": [f"The file is larger than {_megabytes(limit)}."]})
    return queued(
        CallerTransfer(
            kind=CallerTransfer.Kind.IMPORT,
            caller_list=caller_list,
            user=transfer_user(actor),
            mode=mode,
            replace=replace,
            encoding=encoding,
            file_name=file_name[:200],
            content=content,
        )
    )


class _Checked:
    """The rows of a file after checking: the good ones by pattern, the rejected ones with reasons."""

    def __init__(self) -> None:
        self.good: dict[NumberPattern, EntryData] = {}
        self.lines: dict[NumberPattern, int] = {}
        self.rejected = 0
        self.rejections: list[list[Any]] = []

    def reject(self, line: int, value: str, reason: str) -> None:
        self.rejected += 1
        if len(self.rejections) < REJECTIONS_KEPT:
            self.rejections.append([line, value[:40], reason])


def run_import(transfer: CallerTransfer) -> None:
    """The worker's part: check every row, then write the good ones, or none (all or nothing)."""
    text, used = csvfile.decode(bytes(transfer.content), transfer.encoding)
    _columns, rows = csvfile.read_rows(text)
    total = max(csvfile.count_lines(text) - 1, 0)
    if total > settings.CALLERS_IMPORT_MAX_ROWS:
        raise CsvRefused(
            f"The file has {total:,} rows; an import takes at most {settings.CALLERS_IMPORT_MAX_ROWS:,}. "
            "Split it and import the parts."
        )
    save_progress(transfer, encoding_used=used, total=total)
    checked = _check_rows(transfer, rows)
    counts = {"rejected": checked.rejected, "rejections": checked.rejections, "done": total}
    if checked.rejected and transfer.mode == CallerTransfer.Mode.ALL_OR_NOTHING:
        finish(
            transfer,
            CallerTransfer.State.REFUSED,
            f"{checked.rejected:,} of {total:,} rows are wrong, so nothing was imported (all or nothing). "
            "Fix them and import again, or choose to import the good rows.",
            **counts,
        )
        return
    if not checked.good and not transfer.replace:
        finish(
            transfer,
            CallerTransfer.State.REFUSED,
            "The file has no good rows; nothing was imported.",
            **counts,
        )
        return
    save_progress(transfer, state=CallerTransfer.State.SAVING, **counts)
    _write(transfer, checked, used)


def _check_rows(transfer: CallerTransfer, rows: Iterator[csvfile.CsvRow]) -> _Checked:
    checked = _Checked()
    zone = ZoneInfo(settings.TIME_ZONE)
    now = timezone.now()
    for count, row in enumerate(rows, start=1):
        if count % PROGRESS_EVERY == 0:
            save_progress(transfer, done=count)
        cells = row.cells
        if "__error__" in cells:
            checked.reject(row.line, "", cells["__error__"])
            continue
        number = cells.get("number", "")
        try:
            data = EntryData(
                number=number,
                name=cells.get("name", ""),
                reason=cells.get("reason", ""),
                expires_at=csvfile.parse_expiry(cells.get("expires_at", ""), zone),
                priority=csvfile.parse_priority(cells.get("priority", "")),
                target=cells.get("target", ""),
                prompt=cells.get("prompt", ""),
                language=cells.get("language", ""),
            )
        except ValueError as error:
            checked.reject(row.line, number, str(error))
            continue
        if data.expires_at is not None and data.expires_at <= now:
            expiry = cells.get("expires_at", "")
            checked.reject(row.line, number, f"expires_at {expiry} is in the past; leave it empty for never")
            continue
        pattern, errors = entry_field_errors(data, now=now)
        if errors or pattern is None:
            checked.reject(row.line, number, "; ".join(m for messages in errors.values() for m in messages))
            continue
        first = checked.lines.get(pattern)
        if first is not None:
            checked.reject(row.line, number, f"{pattern} is already on line {first} of this file")
            continue
        checked.lines[pattern] = row.line
        checked.good[pattern] = data
    return checked


def _write(transfer: CallerTransfer, checked: _Checked, used: str) -> None:
    """The entries, their audit records, the list's new version and the import's result: one
    transaction, so a worker dying at any point leaves all of it or nothing (`transfers_resume` says so)."""
    caller_list = transfer.caller_list
    actor = transfer.user
    reason = f"Import of {transfer.file_name}"[:100]
    with transaction.atomic():
        caller_list = CallerList.objects.select_for_update().get(pk=caller_list.pk)
        existing = {
            NumberPattern(number, prefix): (pk, values)
            for pk, number, prefix, *values in caller_list.entries.values_list(
                "pk", "number", "prefix", *_VALUE_FIELDS
            ).iterator(chunk_size=5000)
        }
        removed_ids = (
            [pk for p, (pk, _) in existing.items() if p not in checked.good] if transfer.replace else []
        )
        new = [(p, data) for p, data in checked.good.items() if p not in existing]
        new_total = CallerEntry.objects.count() - len(removed_ids) + len(new)
        if new_total > settings.CALLERS_MAX_ENTRIES:
            raise CsvRefused(
                f"With this file the lists would hold {new_total:,} entries; at most "
                f"{settings.CALLERS_MAX_ENTRIES:,} are allowed. Nothing was imported."
            )
        for start in range(0, len(removed_ids), BATCH):
            gone = CallerEntry.objects.filter(pk__in=removed_ids[start : start + BATCH])
            _record_history(gone, "-", actor, reason)
            gone._raw_delete(gone.db)  # no cascades: nothing refers to entries
        changed = {
            existing[p][0]: data
            for p, data in checked.good.items()
            if p in existing and list(entry_values(data).values()) != existing[p][1]
        }
        last_id = caller_list.entries.order_by("-pk").values_list("pk", flat=True).first() or 0
        _insert(caller_list, new)
        _record_history(caller_list.entries.filter(pk__gt=last_id), "+", actor, reason)
        _update(changed, actor, reason)
        list_changed(
            caller_list,
            f"Imported {transfer.file_name}: {len(new)} added, {len(changed)} changed, "
            f"{len(removed_ids)} removed",
            actor,
        )
        added, updated, removed = len(new), len(changed), len(removed_ids)
        summary = _summary(transfer, added, updated, removed, checked.rejected, used)
        finish(transfer, CallerTransfer.State.DONE, summary, added=added, updated=updated, removed=removed)


def _insert(caller_list: CallerList, new: list[tuple[NumberPattern, EntryData]]) -> None:
    """Many new entries at once: PostgreSQL's COPY (several times faster than INSERT), else bulk_create."""
    if connection.vendor != "postgresql":
        CallerEntry.objects.bulk_create(
            (
                CallerEntry(caller_list=caller_list, number=p.key, prefix=p.prefix, **entry_values(data))
                for p, data in new
            ),
            batch_size=BATCH,
        )
        return
    now = timezone.now()
    columns = ["caller_list_id", "number", "prefix", *_VALUE_FIELDS, "created_at", "updated_at"]
    table = connection.ops.quote_name(CallerEntry._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for pattern, data in new:  # plain values psycopg adapts itself: no model instance per row
            copy.write_row(
                (caller_list.pk, pattern.key, pattern.prefix, *entry_values(data).values(), now, now)
            )


def _update(changed: dict[int, EntryData], actor: Actor, reason: str) -> None:
    ids = list(changed)
    for start in range(0, len(ids), BATCH):
        rows = list(CallerEntry.objects.filter(pk__in=ids[start : start + BATCH]))
        for row in rows:
            for field, value in entry_values(changed[row.pk]).items():
                setattr(row, field, value)
        bulk_update_with_history(
            rows,
            CallerEntry,
            list(_VALUE_FIELDS),
            batch_size=BATCH,
            default_user=actor,
            default_change_reason=reason,
        )


def _record_history(entries: QuerySet[CallerEntry], history_type: str, actor: Actor, reason: str) -> None:
    """The audit records of many entries in one INSERT ... SELECT (what django-simple-history would write
    one Python object at a time); the list is locked, so the rows are exactly the ones this import wrote."""
    history = CallerEntry.history.model
    tracked = [f.attname for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    select_sql, params = entries.values_list(*tracked).query.sql_with_params()
    columns = ", ".join(connection.ops.quote_name(history._meta.get_field(name).column) for name in tracked)
    extra = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    sql = (
        f"INSERT INTO {connection.ops.quote_name(history._meta.db_table)} "
        f"({columns}, {', '.join(connection.ops.quote_name(name) for name in extra)}) "
        f"SELECT *, %s, %s, %s, %s FROM ({select_sql}) AS selected"
    )
    when = connection.ops.adapt_datetimefield_value(timezone.now())
    user_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    with connection.cursor() as cursor:
        cursor.execute(sql, (when, reason, history_type, user_id, *params))  # in the order of the text


def _summary(
    transfer: CallerTransfer, added: int, updated: int, removed: int, rejected: int, used: str
) -> str:
    parts = [f"{added:,} added", f"{updated:,} changed"]
    if transfer.replace:
        parts.append(f"{removed:,} removed")
    text = f"Imported: {', '.join(parts)}."
    if rejected:
        text += f" {rejected:,} bad rows were left out (listed below)."
    if used != "utf-8" and transfer.encoding == "auto":
        text += (
            f" The file was read as {csvfile.ENCODINGS[used]}; if names look wrong, import it again "
            "choosing its encoding."
        )
    return text
