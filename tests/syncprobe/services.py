"""Domain services of the probe, written the way real apps use the outbox (`commit_and_sync`)."""

from typing import Any

from django.db.models import F

from sync.models import OutboxChange
from sync.services import SyncResult, commit_and_sync, enqueue_change
from tests.syncprobe.models import ProbeCalendar

KIND = "probe_calendar"


def _enqueue(probe: ProbeCalendar, operation: str, actor: Any, summary: str) -> OutboxChange:
    return enqueue_change(
        kind=KIND, key=probe.pk, operation=operation, payload=probe.uccx_body(), actor=actor, summary=summary
    )


def probe_create(*, name: str, actor: Any = None) -> tuple[ProbeCalendar, SyncResult]:
    def write() -> tuple[ProbeCalendar, OutboxChange]:
        probe = ProbeCalendar.objects.create(name=name)
        return probe, _enqueue(probe, "upsert", actor, f"created {name}")

    return commit_and_sync(write)


def probe_bump(*, probe_id: int, actor: Any = None) -> tuple[ProbeCalendar, SyncResult]:
    """A new version of the probe (an "edit")."""

    def write() -> tuple[ProbeCalendar, OutboxChange]:
        ProbeCalendar.objects.filter(pk=probe_id).update(version=F("version") + 1)
        probe = ProbeCalendar.objects.get(pk=probe_id)
        return probe, _enqueue(probe, "upsert", actor, f"{probe.name} v{probe.version}")

    return commit_and_sync(write)


def probe_delete(*, probe_id: int, actor: Any = None) -> tuple[ProbeCalendar, SyncResult]:
    def write() -> tuple[ProbeCalendar, OutboxChange]:
        probe = ProbeCalendar.objects.get(pk=probe_id)
        change = _enqueue(probe, "delete", actor, f"deleted {probe.name}")
        probe.delete()
        return probe, change

    return commit_and_sync(write)
