"""Domain services of the probe, written the way real apps use the outbox (docs/sync.md): only
`commit_and_sync`, `enqueue_change` (with `after=`) and `file_payload` from sync."""

from typing import Any

from django.db.models import F

from sync.adapters import file_payload
from sync.outbox import Synced, SyncResult, commit_and_sync, enqueue_change
from tests.syncprobe.models import ProbeCalendar, ProbeGreeting

KIND = "probe_calendar"


def _enqueue(probe: ProbeCalendar, operation: str, actor: Any, summary: str) -> None:
    enqueue_change(
        kind=KIND, key=probe.pk, operation=operation, payload=probe.uccx_body(), actor=actor, summary=summary
    )


def probe_create(*, name: str, actor: Any = None) -> tuple[ProbeCalendar, SyncResult]:
    def write() -> ProbeCalendar:
        probe = ProbeCalendar.objects.create(name=name)
        _enqueue(probe, "upsert", actor, f"created {name}")
        return probe

    saved = commit_and_sync(write)
    return saved.value, saved.result


def probe_bump(*, probe_id: int, actor: Any = None) -> tuple[ProbeCalendar, SyncResult]:
    """A new version of the probe (an "edit")."""

    def write() -> ProbeCalendar:
        ProbeCalendar.objects.filter(pk=probe_id).update(version=F("version") + 1)
        probe = ProbeCalendar.objects.get(pk=probe_id)
        _enqueue(probe, "upsert", actor, f"{probe.name} v{probe.version}")
        return probe

    saved = commit_and_sync(write)
    return saved.value, saved.result


def probe_delete(*, probe_id: int, actor: Any = None) -> tuple[ProbeCalendar, SyncResult]:
    def write() -> ProbeCalendar:
        probe = ProbeCalendar.objects.get(pk=probe_id)
        _enqueue(probe, "delete", actor, f"deleted {probe.name}")
        probe.delete()
        return probe

    saved = commit_and_sync(write)
    return saved.value, saved.result


GREETING_KIND = "probe_greeting"
GREETING_PARAMETER_KIND = "probe_greeting_parameter"
GREETING_APPLICATION, GREETING_PARAMETER = "SupportApp", "WelcomePrompt"


def greeting_save(*, name: str, actor: Any = None) -> tuple[ProbeGreeting, Synced[ProbeGreeting]]:
    """Record a greeting (a new one, or the next version): its prompt file and the parameter that plays it."""

    def write() -> ProbeGreeting:
        greeting, created = ProbeGreeting.objects.get_or_create(name=name)
        if not created:
            ProbeGreeting.objects.filter(pk=greeting.pk).update(version=F("version") + 1)
            greeting.refresh_from_db()
        upload = enqueue_change(
            kind=GREETING_KIND,
            key=greeting.pk,
            operation="upsert",
            payload=file_payload(greeting.path, greeting.audio()),
            actor=actor,
            summary=f"{name} v{greeting.version}",
        )
        enqueue_change(
            kind=GREETING_PARAMETER_KIND,
            key=GREETING_APPLICATION,
            operation="upsert",
            payload={
                "application": GREETING_APPLICATION,
                "parameter": GREETING_PARAMETER,
                "value": f"P[{greeting.path.removeprefix('en_US/')}]",
            },
            actor=actor,
            summary=f"{GREETING_APPLICATION} plays {name}",
            after=upload,
        )
        return greeting

    saved = commit_and_sync(write)
    return saved.value, saved


def greeting_delete(*, name: str, actor: Any = None) -> Synced[None]:
    def write() -> None:
        greeting = ProbeGreeting.objects.get(name=name)
        enqueue_change(
            kind=GREETING_KIND, key=greeting.pk, operation="delete", payload={}, actor=actor, summary="gone"
        )
        greeting.delete()

    return commit_and_sync(write)
