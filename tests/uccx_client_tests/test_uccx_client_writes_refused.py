"""Read-only, island mode and lost answers: surfaced as typed errors, never as success."""

import time

import pytest

from uccx_client import UccxClient, UccxReadOnlyError, UccxUnavailableError

from .helpers import PROMPT, TIMEOUT, calendar_body, nodes_of, recorded, wait_for


def test_read_only_cluster_refuses_writes_but_serves_reads(uccx: UccxClient, uccx_sim) -> None:
    cal_id = uccx.create_calendar(calendar_body("Support"))
    uccx_sim.set_cluster("read_only")

    with pytest.raises(UccxReadOnlyError) as caught:
        uccx.modify_calendar(cal_id, calendar_body("Support", description="changed"))
    error = caught.value
    assert isinstance(error, UccxUnavailableError)
    assert error.status == 503
    assert "read-only" in error.message  # UCCX's own apiErrors text
    assert error.maybe_applied is False
    assert uccx_sim.calendars[cal_id]["description"] == "Opening hours"

    with pytest.raises(UccxReadOnlyError):
        uccx.create_calendar(calendar_body("Sales"))
    assert uccx.get_calendar(cal_id)["name"] == "Support"
    assert uccx.probe_nodes()[0].read_only is True  # the refusal is remembered for the status page


def test_island_mode_refuses_without_writing(uccx: UccxClient, uccx_sim) -> None:
    uccx_sim.set_cluster("island")
    with pytest.raises(UccxReadOnlyError) as caught:
        uccx.create_calendar(calendar_body("Support"))
    assert "island" in caught.value.message
    assert {r.path for r in uccx_sim.requests} == {"/uccx/isDBMaster"}
    assert uccx_sim.calendars == {}

    uccx_sim.set_cluster("normal")
    assert uccx.create_calendar(calendar_body("Support")) in uccx_sim.calendars


def test_lost_answer_to_a_create_is_maybe_applied_and_sent_once(uccx: UccxClient, uccx_sim) -> None:
    uccx_sim.set_ambiguous(True)
    with pytest.raises(UccxUnavailableError) as caught:
        uccx.create_calendar(calendar_body("Support"))
    assert caught.value.maybe_applied is True
    assert not isinstance(caught.value, UccxReadOnlyError)
    assert len(recorded(uccx_sim, "POST", "/adminapi/calendar")) == 1
    # It was applied: the caller must look it up by name before trying again.
    uccx_sim.set_ambiguous(False)
    assert uccx.find_calendar_by_name("Support") is not None


def test_lost_answer_to_an_upload_is_never_success(uccx: UccxClient, uccx_sim) -> None:
    uccx_sim.set_ambiguous(True)
    with pytest.raises(UccxUnavailableError) as caught:
        uccx.upload_prompt("en_US/xmas.wav", PROMPT)
    assert caught.value.maybe_applied is True
    assert len(recorded(uccx_sim, "POST", "/adminapi/prompt/uploadFile")) == 1
    assert recorded(uccx_sim, "POST", "/adminapi/prompt") == []


def test_lost_answer_to_a_put_is_retried_then_reported(uccx: UccxClient, uccx_sim) -> None:
    cal_id = uccx.create_calendar(calendar_body("Support"))
    uccx_sim.set_ambiguous(True)
    with pytest.raises(UccxUnavailableError) as caught:
        uccx.modify_calendar(cal_id, calendar_body("Support", description="changed"))
    assert caught.value.maybe_applied is True
    assert nodes_of(uccx_sim, "PUT", f"/adminapi/calendar/{cal_id}") == ["A", "B"]  # idempotent: retried


def test_slow_master_post_times_out_once_as_maybe_applied(uccx: UccxClient, uccx_sim) -> None:
    uccx.create_calendar(calendar_body("Warm-up"))  # master A cached
    slow = 3 * TIMEOUT
    uccx_sim.set_node("A", "up", latency=slow)
    uccx_sim.clear_requests()

    started = time.monotonic()
    with pytest.raises(UccxUnavailableError) as caught:
        uccx.create_calendar(calendar_body("Support"))
    assert time.monotonic() - started < slow - 0.5 * TIMEOUT
    assert caught.value.maybe_applied is True
    assert "no answer within" in caught.value.message
    wait_for(lambda: recorded(uccx_sim, "POST", "/adminapi/calendar"), timeout=slow + 5)
    assert nodes_of(uccx_sim, "POST", "/adminapi/calendar") == ["A"]
