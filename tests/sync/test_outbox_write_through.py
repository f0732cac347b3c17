"""A save commits with its outbox record, then goes to UCCX at once: applied, queued (why) or failed."""

from typing import Any

import pytest
from django.db import transaction

from sync.adapters import UnknownKindError
from sync.models import OutboxChange, SyncObject
from sync.outbox import commit_and_sync, enqueue_change, write_through
from sync.replay import drain
from tests.syncprobe.models import ProbeCalendar
from tests.syncprobe.services import KIND, probe_bump, probe_create, probe_delete
from uccx_simulator import Simulator

from .conftest import writes

pytestmark = pytest.mark.django_db


def uccx_calendar(sim: Simulator, name: str) -> dict[str, Any] | None:
    return next((cal for cal in sim.calendars.values() if cal["name"] == name), None)


def test_a_create_is_applied_at_once_and_its_uccx_id_kept(uccx: Simulator, admin_user: Any) -> None:
    probe, result = probe_create(name="Support", actor=admin_user)

    assert (result.state, result.http_status) == ("applied", 201)
    assert result.as_dict() == {
        "state": "applied",
        "change": result.change,
        "detail": "UCCX took the change.",
    }
    calendar = uccx_calendar(uccx, "Support")
    assert calendar is not None
    assert calendar["description"] == "v1"
    target = SyncObject.objects.get(kind=KIND, key=str(probe.pk))
    assert target.remote_id == str(calendar["calId"])
    assert target.pending_since is None
    change = OutboxChange.objects.get(pk=result.change)
    assert (change.state, change.actor, change.summary) == ("applied", admin_user, "created Support")


def test_an_update_is_applied_with_200_after_reading_the_object(uccx: Simulator) -> None:
    probe, _ = probe_create(name="Support")
    uccx.clear_requests()

    _, result = probe_bump(probe_id=probe.pk)

    assert (result.state, result.http_status) == ("applied", 200)
    assert uccx_calendar(uccx, "Support")["description"] == "v2"
    calendar_requests = [
        (r.method, r.status) for r in uccx.requests if r.path.startswith("/adminapi/calendar")
    ]
    assert calendar_requests == [("GET", 200), ("PUT", 200)]


def test_read_only_uccx_queues_the_change_with_the_reason(uccx: Simulator) -> None:
    probe, _ = probe_create(name="Support")
    uccx.set_cluster("read_only")

    _, result = probe_bump(probe_id=probe.pk)

    assert (result.state, result.http_status) == ("queued", 202)
    assert result.detail.startswith("UCCX is read-only: ")
    assert uccx_calendar(uccx, "Support")["description"] == "v1"
    assert ProbeCalendar.objects.get(pk=probe.pk).version == 2  # the app's own state is saved
    target = SyncObject.objects.get(key=str(probe.pk))
    assert target.pending_since is not None
    assert target.failures == 1


def test_unreachable_uccx_queues_the_change(uccx: Simulator) -> None:
    uccx.set_node("A", "down")
    uccx.set_node("B", "down")

    _, result = probe_create(name="Support")

    assert (result.state, result.http_status) == ("queued", 202)
    assert result.detail.startswith("UCCX is unavailable: ")


def test_failing_uccx_nodes_queue_the_change(uccx: Simulator) -> None:
    uccx.set_node("A", "failing")
    uccx.set_node("B", "failing")

    _, result = probe_create(name="Support")

    assert result.state == "queued"
    assert "failed" in result.detail


def test_a_refused_change_fails_with_uccx_own_message(uccx: Simulator) -> None:
    def write() -> OutboxChange:
        body = {"name": "Broken", "timeZone": "Mars/Olympus", "calendarType": "FULLTIME"}
        return enqueue_change(kind=KIND, key="broken", operation="upsert", payload=body, summary="bad")

    result = commit_and_sync(write).result

    assert (result.state, result.http_status) == ("failed", 400)
    assert "Invalid time zone 'Mars/Olympus'" in result.detail
    assert OutboxChange.objects.get(pk=result.change).last_error == result.detail
    assert uccx_calendar(uccx, "Broken") is None
    assert SyncObject.objects.get(key="broken").pending_since is None  # nothing left to replay


def test_the_change_and_the_domain_save_commit_or_roll_back_together(uccx: Simulator) -> None:
    def write() -> OutboxChange:
        probe = ProbeCalendar.objects.create(name="Doomed")
        enqueue_change(kind=KIND, key=probe.pk, operation="upsert", payload=probe.uccx_body())
        raise RuntimeError("the domain save fails after enqueueing")

    with pytest.raises(RuntimeError):
        commit_and_sync(write)

    assert not ProbeCalendar.objects.exists()
    assert not OutboxChange.objects.exists()
    assert writes(uccx) == []


@pytest.mark.django_db(transaction=True)
def test_enqueue_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match=r"inside the domain save's transaction\.atomic\(\)"):
        enqueue_change(kind=KIND, key="1", operation="upsert", payload={})
    assert not OutboxChange.objects.exists()


def test_unknown_kinds_and_operations_are_refused() -> None:
    with transaction.atomic():
        with pytest.raises(UnknownKindError, match="No UCCX adapter registered for kind 'nope'"):
            enqueue_change(kind="nope", key="1", operation="upsert", payload={})
        with pytest.raises(ValueError, match="operation must be one of upsert, delete"):
            enqueue_change(kind=KIND, key="1", operation="replace", payload={})


def test_a_delete_is_applied(uccx: Simulator) -> None:
    probe, _ = probe_create(name="Support")

    _, result = probe_delete(probe_id=probe.pk)

    assert (result.state, result.http_status) == ("applied", 200)
    assert uccx.calendars == {}
    assert SyncObject.objects.get(key=str(probe.pk)).remote_id == ""


def test_write_through_leaves_an_object_another_writer_holds_alone(uccx: Simulator) -> None:
    uccx.set_cluster("read_only")
    probe, _ = probe_create(name="Support")
    uccx.set_cluster("normal")
    SyncObject.objects.filter(key=str(probe.pk)).update(
        claimed_by="1@elsewhere#x", claimed_until="2999-01-01T00:00:00Z"
    )
    uccx.clear_requests()

    _, result = probe_bump(probe_id=probe.pk)

    assert result.state == "queued"
    assert writes(uccx) == []
    assert drain(budget=5) == 0  # the drain does not touch it either while the claim lasts
    assert writes(uccx) == []


def test_write_through_of_a_change_the_worker_already_applied_answers_applied(uccx: Simulator) -> None:
    uccx.set_cluster("read_only")
    probe_create(name="Support")
    change = OutboxChange.objects.get()
    uccx.set_cluster("normal")
    SyncObject.objects.update(next_attempt_at=change.created_at)
    drain(budget=5)

    result = write_through(change)

    assert (result.state, result.http_status) == ("applied", 201)
    assert len(writes(uccx, "POST")) == 1
