"""The reconcile sweep: notice what UCCX lost or changed behind the app's back, without waiting for an edit.

A UCCX restored from an older backup, an edit in CCX Administration, or a restarted simulator leaves UCCX
without what the app shows as "in UCCX". The sweep reads what UCCX holds of every object the app manages,
one list call per kind where UCCX's list carries what `seen()` needs (`Adapter.snapshot()`), else one read
per object, and compares it with the body last confirmed there (`SyncObject.last_written`):

- what matches is marked seen now (`SyncObject.seen_at`: the badge's "in UCCX, seen ... ago");
- what is missing or different is recorded as `Drift` and, unless SYNC_RECONCILE_REPORT_ONLY, re-written
  through the outbox like a supervisor's save (same ordering, coalescing, lost-answer handling).

Objects with a change still queued, or held by a writer, are left to the replay, which reads UCCX itself.
It runs on beat's schedule (SYNC_RECONCILE_SECONDS), when the monitor sees UCCX take writes again after an
outage, and when an administrator asks (status page, `POST /api/v1/uccx/reconcile`).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from sync.adapters import get_adapter, registered_kinds
from sync.cluster import get_uccx_client
from sync.models import Drift, OutboxChange, SyncObject
from sync.outbox import commit_and_sync, enqueue_change
from uccx_client import UccxError

logger = logging.getLogger(__name__)

LAST_RUN_KEY = "sync:reconcile-last"
RUNNING_KEY = "sync:reconcile-running"
_RUNNING_FOR = 600  # seconds: one sweep at a time across processes (a crashed one frees it by then)


@dataclass
class ReconcileReport:
    """What one sweep did; the last one is kept in the cache for the status page and API."""

    reason: str
    report_only: bool
    started_at: str = ""
    finished_at: str = ""
    checked: int = 0
    seen: int = 0
    drifted: list[str] = field(default_factory=list)  # "calendar 12: missing in UCCX"
    requeued: int = 0
    applied: int = 0
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def last_reconcile() -> dict[str, Any] | None:
    """The last sweep's report (cache), or None before the first one."""
    return cache.get(LAST_RUN_KEY)


def reconcile(*, reason: str, report_only: bool | None = None) -> ReconcileReport:
    """Check every managed object against UCCX; record drift and (unless report-only) re-write it.

    Skipped, with the report saying so, while another sweep runs. A UCCX that cannot be read ends the sweep
    with `error` set and nothing recorded for the kinds not read.
    """
    report = ReconcileReport(
        reason=reason,
        report_only=settings.SYNC_RECONCILE_REPORT_ONLY if report_only is None else report_only,
        started_at=timezone.now().isoformat(),
    )
    if not cache.add(RUNNING_KEY, report.started_at, timeout=_RUNNING_FOR):
        report.error = "Another reconcile sweep is running."
        return report
    try:
        _sweep(report)
    finally:
        cache.delete(RUNNING_KEY)
        report.finished_at = timezone.now().isoformat()
        cache.set(LAST_RUN_KEY, report.as_dict(), timeout=None)
    log = logger.warning if report.drifted or report.error else logger.info
    log(
        "Reconcile (%s): %d checked, %d seen in UCCX, %d drifted%s%s",
        reason,
        report.checked,
        report.seen,
        len(report.drifted),
        "" if report.report_only else f", {report.requeued} re-written",
        f"; {report.error}" if report.error else "",
    )
    return report


def _settled() -> Q:
    """Objects the app believes are in UCCX as written, with nothing queued and no writer on them."""
    now = timezone.now()
    return (
        Q(last_written__isnull=False, pending_since__isnull=True)
        & ~Q(remote_id="")
        & (Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
    )


def _sweep(report: ReconcileReport) -> None:
    client = get_uccx_client()
    drifted: list[tuple[SyncObject, dict[str, Any] | None]] = []
    for kind in registered_kinds():
        targets = list(SyncObject.objects.filter(_settled(), kind=kind).order_by("pk"))
        if not targets:
            continue
        adapter = get_adapter(kind)
        try:
            snapshot = adapter.snapshot(client)
            found = [
                (
                    target,
                    snapshot.get(target.remote_id)
                    if snapshot is not None
                    else adapter.get(client, target.remote_id),
                )
                for target in targets
            ]
        except UccxError as error:
            report.error = f"UCCX could not be read for {kind}: {error.message}"
            break
        report.checked += len(targets)
        seen = [
            target.pk
            for target, current in found
            if current is not None and adapter.seen(current, cast("dict[str, Any]", target.last_written))
        ]
        report.seen += SyncObject.objects.filter(pk__in=seen).update(seen_at=timezone.now())
        drifted += [(target, current) for target, current in found if target.pk not in seen]
    if drifted:
        _record(report, drifted)


def _record(report: ReconcileReport, drifted: list[tuple[SyncObject, dict[str, Any] | None]]) -> None:
    """In one transaction: a Drift row per object and, unless report-only, its last written state queued
    again; then written through. An object edited or claimed since it was read is left alone."""

    def write() -> list[OutboxChange]:
        changes = []
        for target, current in drifted:
            locked = SyncObject.objects.select_for_update().filter(_settled(), pk=target.pk).first()
            if locked is None or locked.last_written != target.last_written:
                continue  # edited (or taken by a writer) meanwhile: its replay reads UCCX itself
            what = "missing in UCCX" if current is None else "changed in UCCX"
            report.drifted.append(f"{locked.kind} {locked.key}: {what}")
            change = None
            if not report.report_only:
                change = enqueue_change(
                    kind=locked.kind,
                    key=locked.key,
                    operation=OutboxChange.Operation.UPSERT,
                    payload=cast("dict[str, Any]", locked.last_written),
                    summary=f"Reconcile ({report.reason}): {what}, written again",
                )
                changes.append(change)
            Drift.objects.create(target=locked, expected=locked.last_written, found=current, change=change)
        return changes

    synced = commit_and_sync(write)
    report.requeued = len(synced.value)
    report.applied = sum(result.state == "applied" for result in synced.results)
