"""Replay of queued changes: order, coalescing, cancelling, lost answers, claims, backoff and drift."""

import os
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from bench.stack import wait_for
from sync import claims
from sync.adapters import CalendarAdapter, RetryLater, get_adapter, register
from sync.claims import release_dead_claims
from sync.cluster import get_uccx_client
from sync.models import Drift, OutboxChange, SyncObject
from sync.outbox import commit_and_sync, enqueue_change
from sync.replay import drain, wake_pending
from sync.selectors import seconds_until_due, sync_state_for
from tests.syncprobe.services import KIND, probe_bump, probe_create, probe_delete
from uccx_client import UccxClient
from uccx_simulator import Simulator

from .conftest import writes

pytestmark = pytest.mark.django_db

State = OutboxChange.State


def replay() -> int:
    """What the worker does when UCCX is back: end the backoff, drain."""
    wake_pending()
    return drain(budget=10)


def time_passes() -> None:
    """Writes whose answer was lost have had their time to land in UCCX: the objects are free again."""
    SyncObject.objects.filter(claimed_by="").update(claimed_until=None)


def descriptions(sim: Simulator) -> dict[str, str]:
    return {cal["name"]: cal["description"] for cal in sim.calendars.values()}


def test_many_edits_while_away_become_one_write_of_the_latest_state(uccx: Simulator) -> None:
    probe, _ = probe_create(name="Support")
    uccx.set_cluster("read_only")
    for _ in range(5):
        probe_bump(probe_id=probe.pk)
    uccx.set_cluster("normal")
    uccx.clear_requests()

    assert replay() == 1

    assert descriptions(uccx) == {"Support": "v6"}
    assert [r.body.count(b'"v6"') for r in writes(uccx)] == [1]  # one PUT, of the latest state
    changes = list(OutboxChange.objects.filter(target__key=str(probe.pk)).order_by("pk"))
    latest = changes[-1]
    assert {c.state for c in changes} == {State.APPLIED}
    assert all(c.coalesced_into_id == latest.pk for c in changes[1:-1])
    assert sync_state_for(KIND, probe.pk).state == "applied"


def test_objects_are_replayed_oldest_first(uccx: Simulator) -> None:
    uccx.set_cluster("read_only")
    first, _ = probe_create(name="First")
    probe_create(name="Second")
    probe_bump(probe_id=first.pk)  # a later edit does not move First behind Second
    uccx.set_cluster("normal")
    uccx.clear_requests()

    assert replay() == 2

    assert [b'"First"' in r.body for r in writes(uccx, "POST")] == [True, False]
    assert descriptions(uccx) == {"First": "v2", "Second": "v1"}


def test_a_delete_after_a_create_that_never_reached_uccx_cancels_both(uccx: Simulator) -> None:
    uccx.set_cluster("read_only")
    probe, _ = probe_create(name="Ephemeral")
    probe_bump(probe_id=probe.pk)
    uccx.clear_requests()

    _, result = probe_delete(probe_id=probe.pk)  # needs no UCCX at all

    assert (result.state, result.detail) == (
        "applied",
        "Nothing to write: the object never reached UCCX before it was deleted.",
    )
    assert writes(uccx) == []
    assert uccx.calendars == {}
    assert set(OutboxChange.objects.values_list("state", flat=True)) == {State.CANCELLED}
    assert SyncObject.objects.get().pending_since is None


def test_a_delete_of_an_object_in_uccx_is_replayed(uccx: Simulator) -> None:
    probe, _ = probe_create(name="Support")
    uccx.set_cluster("island")
    probe_bump(probe_id=probe.pk)
    probe_delete(probe_id=probe.pk)
    uccx.set_cluster("normal")
    uccx.clear_requests()

    replay()

    assert [r.method for r in writes(uccx)] == ["DELETE"]
    assert uccx.calendars == {}


def test_a_create_whose_answer_was_lost_is_found_by_name_not_sent_again(uccx: Simulator) -> None:
    uccx.set_ambiguous(True)
    probe, result = probe_create(name="Support")
    assert result.state == "queued"  # the answer never came...
    assert descriptions(uccx) == {"Support": "v1"}  # ...but UCCX applied it
    uccx.set_ambiguous(False)
    time_passes()
    probe_bump(probe_id=probe.pk)  # and a later edit, still unconfirmed, coalesces with it

    replay()

    assert len(writes(uccx, "POST")) == 1
    assert descriptions(uccx) == {"Support": "v2"}
    target = SyncObject.objects.get()
    assert target.remote_id == str(next(iter(uccx.calendars)))
    assert target.unconfirmed == []
    assert not Drift.objects.exists()  # our own lost write is not drift


def test_a_renamed_lost_create_is_found_by_its_first_name(uccx: Simulator) -> None:
    """The coalesced state carries another name than the lost POST: both names are looked up."""
    uccx.set_ambiguous(True)
    probe, _ = probe_create(name="Before")
    uccx.set_ambiguous(False)
    time_passes()
    uccx.set_cluster("read_only")
    type(probe).objects.filter(pk=probe.pk).update(name="After")
    probe_bump(probe_id=probe.pk)
    uccx.set_cluster("normal")

    replay()

    assert len(writes(uccx, "POST")) == 1
    assert descriptions(uccx) == {"After": "v2"}


def test_a_worker_killed_mid_create_leaves_a_trace_its_successor_follows(uccx: Simulator) -> None:
    """The claim records the body before the write: a successor checks the name before creating."""
    uccx.set_cluster("read_only")
    probe_create(name="Support")
    uccx.set_cluster("normal")
    claim = claims.claim_first(SyncObject.objects.all())
    get_adapter(KIND).create(get_uccx_client(), claim.latest.payload)  # lands, then: killed
    SyncObject.objects.update(claimed_until=timezone.now())  # its lease ran out

    replay()

    assert len(writes(uccx, "POST")) == 1
    assert OutboxChange.objects.get().state == State.APPLIED
    assert SyncObject.objects.get().remote_id == str(next(iter(uccx.calendars)))


def test_claims_of_dead_local_processes_are_released_once_their_last_request_is_over(uccx: Simulator) -> None:
    uccx.set_cluster("read_only")
    probe_create(name="Support")
    dead_pid = 2**22 + 12345  # above pid_max on Linux: never a live process
    now = timezone.now()
    owner = f"{dead_pid}@{claims.HOST}#dead"
    SyncObject.objects.update(claimed_by=owner, claimed_at=now, claimed_until=now + timedelta(minutes=5))

    assert release_dead_claims() == 0  # it may still have a request on the way

    SyncObject.objects.update(claimed_at=now - timedelta(seconds=10))
    assert release_dead_claims() == 1
    SyncObject.objects.update(
        claimed_by=f"{os.getpid()}@{claims.HOST}#alive", claimed_until=now + timedelta(1)
    )
    assert release_dead_claims() == 0  # a live owner keeps its claim


def test_unavailable_uccx_defers_the_whole_queue_after_one_attempt(uccx: Simulator, settings: Any) -> None:
    settings.SYNC_BACKOFF_BASE = 4
    uccx.set_cluster("read_only")
    for name in ("One", "Two", "Three"):
        probe_create(name=name)
    wake_pending()
    uccx.clear_requests()

    assert drain(budget=10) == 1

    assert len([r for r in uccx.requests if r.method == "POST"]) == 1
    next_attempts = set(SyncObject.objects.values_list("next_attempt_at", flat=True))
    assert len(next_attempts) == 1
    assert next_attempts.pop() > timezone.now()
    assert 0 < seconds_until_due() <= 4


def test_backoff_grows_with_jitter_up_to_the_cap(settings: Any) -> None:
    settings.SYNC_BACKOFF_BASE, settings.SYNC_BACKOFF_CAP = 2, 30
    delays = {n: [claims._backoff(n, 0).total_seconds() for _ in range(50)] for n in (1, 2, 3, 10)}
    assert all(1 <= d <= 2 for d in delays[1])
    assert all(2 <= d <= 4 for d in delays[2])
    assert all(4 <= d <= 8 for d in delays[3])
    assert all(15 <= d <= 30 for d in delays[10])
    assert len(set(delays[10])) > 1  # jitter
    assert claims._backoff(1, 5).total_seconds() == 5  # at least the given floor


def test_an_object_changed_outside_the_app_is_recorded_as_drift_and_overwritten(
    uccx: Simulator, outsider: UccxClient
) -> None:
    probe, _ = probe_create(name="Support")
    cal_id = int(SyncObject.objects.get().remote_id)
    outsider.modify_calendar(cal_id, {**outsider.get_calendar(cal_id), "description": "edited in UCCX"})

    _, result = probe_bump(probe_id=probe.pk)

    assert result.state == "applied"
    assert descriptions(uccx) == {"Support": "v2"}
    drift = Drift.objects.get()
    assert drift.expected["description"] == "v1"
    assert drift.found["description"] == "edited in UCCX"
    assert drift.change_id == result.change
    assert drift.description == "changed in UCCX outside the app; overwritten"


def test_an_object_deleted_outside_the_app_is_recreated_and_recorded(
    uccx: Simulator, outsider: UccxClient
) -> None:
    probe, _ = probe_create(name="Support")
    old_id = SyncObject.objects.get().remote_id
    outsider.delete_calendar(int(old_id))

    _, result = probe_bump(probe_id=probe.pk)

    assert result.state == "applied"
    assert descriptions(uccx) == {"Support": "v2"}
    assert SyncObject.objects.get().remote_id not in ("", old_id)
    assert Drift.objects.get().found is None


def test_a_same_named_object_created_outside_is_adopted(uccx: Simulator, outsider: UccxClient) -> None:
    outsider.create_calendar(
        {"name": "Support", "description": "manual", "timeZone": "UTC", "calendarType": "FULLTIME"}
    )

    _, result = probe_create(name="Support")

    assert result.state == "applied"
    assert descriptions(uccx) == {"Support": "v1"}
    assert len(uccx.calendars) == 1
    drift = Drift.objects.get()
    assert (drift.expected, drift.found["description"]) == (None, "manual")


def test_a_name_held_by_another_object_waiting_to_be_deleted_is_waited_for(uccx: Simulator) -> None:
    old, _ = probe_create(name="Support")
    uccx.set_cluster("read_only")
    probe_delete(probe_id=old.pk)
    uccx.set_cluster("normal")

    new, result = probe_create(name="Support")  # written through before the old one's delete

    assert result.state == "queued"
    assert result.detail == f"Waiting for {KIND} {old.pk} to release the name in UCCX."
    replay()
    replay()
    assert descriptions(uccx) == {"Support": "v1"}
    assert SyncObject.objects.get(key=str(new.pk)).remote_id != ""
    assert not OutboxChange.objects.filter(state__in=[State.QUEUED, State.FAILED]).exists()


def test_a_name_held_by_another_app_object_fails_with_uccx_message(uccx: Simulator) -> None:
    first, _ = probe_create(name="Support")
    type(first).objects.filter(pk=first.pk).update(name="Renamed")  # not synced yet: UCCX keeps "Support"
    other, _ = probe_create(name="Other")
    type(other).objects.filter(pk=other.pk).update(name="Support")

    _, result = probe_bump(probe_id=other.pk)

    assert result.state == "failed"
    assert result.detail == "A calendar with the name Support already exists."


def test_a_failed_change_is_superseded_by_a_newer_applied_one(uccx: Simulator) -> None:
    probe, _ = probe_create(name="Support")
    type(probe).objects.filter(pk=probe.pk).update(name="")  # UCCX wants a name
    _, failed = probe_bump(probe_id=probe.pk)
    assert failed.state == "failed"
    assert sync_state_for(KIND, probe.pk).state == "failed"
    type(probe).objects.filter(pk=probe.pk).update(name="Support")

    _, result = probe_bump(probe_id=probe.pk)

    assert result.state == "applied"
    assert OutboxChange.objects.get(pk=failed.change).state == State.SUPERSEDED
    assert sync_state_for(KIND, probe.pk).state == "applied"


class WaitingAdapter(CalendarAdapter):
    """An object that cannot be written before something else reaches UCCX."""

    def create(self, client: UccxClient, payload: dict[str, Any]) -> str:
        raise RetryLater("Waiting for the calendar to reach UCCX first.")


def test_an_object_that_must_wait_does_not_hold_up_the_others(uccx: Simulator) -> None:
    register("waits", WaitingAdapter())
    uccx.set_cluster("read_only")

    def write() -> OutboxChange:
        body = {"name": "Later", "timeZone": "UTC", "calendarType": "FULLTIME"}
        return enqueue_change(kind="waits", key="1", operation="upsert", payload=body)

    commit_and_sync(write)  # the oldest change
    probe_create(name="Support")
    uccx.set_cluster("normal")

    assert replay() == 2

    waiting = OutboxChange.objects.get(target__kind="waits")
    assert (waiting.state, waiting.last_error) == ("queued", "Waiting for the calendar to reach UCCX first.")
    assert descriptions(uccx) == {"Support": "v1"}
    assert SyncObject.objects.get(kind="waits").next_attempt_at > timezone.now()


def test_a_write_lost_on_one_node_then_refused_by_the_other_is_not_mistaken_for_drift(
    uccx: Simulator,
) -> None:
    """Node A takes the PUT and loses the answer; the client moves on to B, which now refuses (island)."""
    probe, _ = probe_create(name="Support")
    uccx.set_ambiguous(True)
    for node in "AB":
        uccx.set_node(node, "up", latency=0.3)

    def island_once_a_took_the_write() -> None:
        wait_for(lambda: any(r.method == "PUT" and r.dropped for r in uccx.requests), 10, "A's lost answer")
        uccx.set_cluster("island")

    flipper = threading.Thread(target=island_once_a_took_the_write)
    flipper.start()
    _, lost = probe_bump(probe_id=probe.pk)
    flipper.join()
    assert lost.state == "queued"
    assert descriptions(uccx) == {"Support": "v2"}  # A applied it
    uccx.set_ambiguous(False)
    uccx.set_cluster("normal")
    for node in "AB":
        uccx.set_node(node, "up")
    time_passes()

    _, result = probe_bump(probe_id=probe.pk)

    assert result.state == "applied"
    assert descriptions(uccx) == {"Support": "v3"}
    assert not Drift.objects.exists()


def test_an_object_whose_write_may_still_be_under_way_is_left_alone_until_it_landed(
    uccx: Simulator, settings: Any
) -> None:
    """A write that timed out may still be applied by UCCX later: nothing may overtake it meanwhile."""
    settings.UCCX_TIMEOUT = 0.5
    probe, _ = probe_create(name="Support")
    uccx.set_write_latency(0.8)  # the answer comes after the client gave up
    _, timed_out = probe_bump(probe_id=probe.pk)
    assert timed_out.state == "queued"
    assert "no answer within 0.5 s" in timed_out.detail
    uccx.set_write_latency(0)

    _, result = probe_bump(probe_id=probe.pk)  # right away: must not write before v2 has landed

    assert result.state == "queued"
    assert [r.body.count(b'"v3"') for r in writes(uccx, "PUT")] == [0]
    wait_for(lambda: descriptions(uccx) == {"Support": "v2"}, 5, "the slow write to land")
    target = SyncObject.objects.get()
    assert target.claimed_until > timezone.now()
    time.sleep((target.claimed_until - timezone.now()).total_seconds())
    replay()
    assert descriptions(uccx) == {"Support": "v3"}
    assert not Drift.objects.exists()


def test_the_next_retry_waits_for_objects_held_or_settling(uccx: Simulator) -> None:
    uccx.set_cluster("read_only")
    probe_create(name="Support")
    now = timezone.now()
    SyncObject.objects.update(next_attempt_at=now, claimed_until=now + timedelta(seconds=3))

    assert 2 < seconds_until_due() <= 3
