"""The Celery side, run in-process (eager): drain and sweep tasks, the monitor's wake-up, nudges."""

from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from supervisor_tools.celery import app as celery_app
from sync import cluster, tasks
from sync.models import OutboxChange, SyncObject
from sync.selectors import worker_status
from sync.tasks import drain_outbox, sweep_outbox
from tests.syncprobe.services import probe_bump, probe_create
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db


def edit_while_read_only(sim: Simulator) -> Any:
    probe, _ = probe_create(name="Support")
    sim.set_cluster("read_only")
    probe_bump(probe_id=probe.pk)
    sim.set_cluster("normal")
    return probe


def test_the_drain_task_is_late_acked_and_requeued_when_its_worker_dies() -> None:
    assert drain_outbox.acks_late
    assert drain_outbox.reject_on_worker_lost
    assert sweep_outbox.acks_late
    assert sweep_outbox.reject_on_worker_lost
    assert celery_app.amqp.router.route({}, drain_outbox.name)["queue"].name == "uccx_sync"


def test_drain_task_replays_what_is_due_and_beats(uccx: Simulator) -> None:
    edit_while_read_only(uccx)
    SyncObject.objects.update(next_attempt_at=timezone.now())

    assert drain_outbox.apply().get() == 1

    assert OutboxChange.objects.filter(state="queued").count() == 0
    assert worker_status()["alive"] is True


def test_drain_task_respects_backoff_unless_woken(uccx: Simulator) -> None:
    edit_while_read_only(uccx)  # in backoff now

    assert drain_outbox.apply().get() == 0
    assert drain_outbox.apply(kwargs={"wake": True}).get() == 1


def test_monitor_seeing_uccx_writable_again_drains_at_once(uccx: Simulator, eager_tasks: None) -> None:
    assert tasks.drain_now in cluster._writable_hooks
    probe, _ = probe_create(name="Support")
    uccx.set_node("A", "down")
    uccx.set_node("B", "down")
    assert probe_bump(probe_id=probe.pk)[1].state == "queued"
    assert cluster.refresh_cluster_state().writable is False
    uccx.set_node("A", "up")
    uccx.set_node("B", "up")

    assert cluster.refresh_cluster_state().writable is True  # runs the hooks: drain now, in this process

    assert OutboxChange.objects.filter(state="queued").count() == 0
    assert next(iter(uccx.calendars.values()))["description"] == "v2"


def test_sweep_replays_due_changes_and_records_beat(uccx: Simulator, eager_tasks: None) -> None:
    edit_while_read_only(uccx)
    cache.clear()
    SyncObject.objects.update(next_attempt_at=timezone.now())

    sweep_outbox.apply()

    assert OutboxChange.objects.filter(state="queued").count() == 0
    assert worker_status()["last_sweep"] is not None


def test_sweep_repairs_an_object_whose_queued_changes_went_unnoticed(
    uccx: Simulator, eager_tasks: None
) -> None:
    edit_while_read_only(uccx)
    SyncObject.objects.update(pending_since=None, next_attempt_at=timezone.now())

    sweep_outbox.apply()

    assert OutboxChange.objects.filter(state="queued").count() == 0
    assert next(iter(uccx.calendars.values()))["description"] == "v2"


def test_the_sweep_frees_the_claim_of_a_sigkilled_worker_without_waiting_its_lease(
    uccx: Simulator, eager_tasks: None
) -> None:
    """Issue 9: an object claimed by a SIGKILLed worker waited the whole lease (~80 s): the sweep did not
    see it as due, so nothing drained and nothing released the dead claim."""
    from datetime import timedelta

    from sync import claims

    edit_while_read_only(uccx)
    uccx.set_cluster("normal")
    dead = f"{2**22 + 4321}@{claims.HOST}#killed"  # above pid_max: never a live process
    claimed = timezone.now() - timedelta(seconds=30)
    SyncObject.objects.update(  # it was due and being written when its worker was killed
        claimed_by=dead,
        claimed_at=claimed,
        claimed_until=timezone.now() + timedelta(seconds=60),
        next_attempt_at=claimed,
    )

    sweep_outbox.apply()

    assert OutboxChange.objects.filter(state="queued").count() == 0
    assert next(iter(uccx.calendars.values()))["description"] == "v2"
