"""Reads fall over to the other node; writes go to the database master; timeouts are honoured."""

import time

import pytest

from uccx_client import UccxClient, UccxReadOnlyError, UccxUnavailableError

from .helpers import TIMEOUT, calendar_body, nodes_of, wait_for

SLOW = 3 * TIMEOUT  # well beyond the client timeout: waiting for the answer would be a hang


@pytest.mark.parametrize(
    ("mode", "latency"),
    [("down", 0.0), ("failing", 0.0), ("up", SLOW)],
    ids=["down", "failing", "slow"],
)
def test_read_falls_over_to_the_other_node(uccx: UccxClient, uccx_sim, mode: str, latency: float) -> None:
    uccx.create_calendar(calendar_body("Support"))
    uccx_sim.set_node("A", mode, latency=latency)
    uccx_sim.clear_requests()

    started = time.monotonic()
    calendars = uccx.list_calendars()
    elapsed = time.monotonic() - started

    assert [cal["name"] for cal in calendars] == ["Support"]
    assert "B" in nodes_of(uccx_sim, "GET", "/adminapi/calendar")
    assert elapsed < SLOW - 0.5 * TIMEOUT  # it gave up on A after about the timeout, not waiting for it
    # Let the slow node finish, so its late request does not land in the next test's log.
    wait_for(lambda: latency == 0 or "A" in nodes_of(uccx_sim, "GET", "/adminapi/calendar"), timeout=SLOW + 5)


def test_unhealthy_node_is_asked_last_then_failback_when_healthy(make_client, uccx_sim) -> None:
    uccx = make_client(recheck_after=0.5)
    uccx_sim.set_node("A", "failing")
    uccx.list_calendars()
    assert nodes_of(uccx_sim, "GET", "/adminapi/calendar") == ["A", "B"]
    uccx_sim.clear_requests()

    uccx.list_calendars()  # within recheck_after: straight to B, no time lost on A
    assert nodes_of(uccx_sim, "GET", "/adminapi/calendar") == ["B"]

    uccx_sim.set_node("A", "up")

    def read_served_by_a() -> bool:
        uccx_sim.clear_requests()
        uccx.list_calendars()
        return nodes_of(uccx_sim, "GET", "/adminapi/calendar") == ["A"]

    wait_for(read_served_by_a)


def test_any_good_answer_from_a_node_makes_it_preferred_again(make_client, uccx_sim) -> None:
    uccx = make_client(recheck_after=60)
    uccx_sim.set_node("A", "failing")
    uccx.list_calendars()
    uccx_sim.set_node("A", "up")
    assert uccx.probe_nodes()[0].reachable  # e.g. the monitor's probe sees A answer again
    uccx_sim.clear_requests()
    uccx.list_calendars()
    assert nodes_of(uccx_sim, "GET", "/adminapi/calendar") == ["A"]


def test_read_fails_only_when_no_node_answers(uccx: UccxClient, uccx_sim) -> None:
    uccx_sim.set_node("A", "down")
    uccx_sim.set_node("B", "failing")
    with pytest.raises(UccxUnavailableError) as caught:
        uccx.list_calendars()
    error = caught.value
    assert "node A" in error.message
    assert "connection refused" in error.message
    assert "node B" in error.message
    assert error.status == 500
    assert error.maybe_applied is False


def test_single_node_client(make_client, uccx_sim) -> None:
    uccx = make_client(secondary="")
    cal_id = uccx.create_calendar(calendar_body("Solo"))
    assert uccx.get_calendar(cal_id)["name"] == "Solo"
    assert {r.node for r in uccx_sim.requests} == {"A"}
    assert [probe.name for probe in uccx.probe_nodes()] == ["A"]

    uccx_sim.set_node("A", "down")
    with pytest.raises(UccxUnavailableError):
        uccx.get_calendar(cal_id)


def test_writes_go_to_the_master(make_client, uccx_sim) -> None:
    uccx = make_client(recheck_after=0.3)
    cal_id = uccx.create_calendar(calendar_body("Support"))
    assert nodes_of(uccx_sim, "POST", "/adminapi/calendar") == ["A"]

    uccx_sim.set_master("B")
    uccx_sim.clear_requests()

    def write_lands_on_b() -> bool:
        uccx_sim.clear_requests()
        uccx.modify_calendar(cal_id, calendar_body("Support", description="on B"))
        return nodes_of(uccx_sim, "PUT", f"/adminapi/calendar/{cal_id}") == ["B"]

    wait_for(write_lands_on_b)
    uccx.delete_calendar(cal_id)
    assert nodes_of(uccx_sim, "DELETE", f"/adminapi/calendar/{cal_id}") == ["B"]

    uccx_sim.set_master("A")  # failback once A holds mastership again

    def create_lands_on_a() -> bool:
        uccx_sim.clear_requests()
        uccx.create_calendar(calendar_body(f"Back {time.monotonic_ns()}"))
        return nodes_of(uccx_sim, "POST", "/adminapi/calendar") == ["A"]

    wait_for(create_lands_on_a)


def test_master_is_cached_for_a_few_seconds(uccx: UccxClient, uccx_sim) -> None:
    for name in ("One", "Two", "Three"):
        uccx.create_calendar(calendar_body(name))
    asked = [r.node for r in uccx_sim.requests if r.path == "/uccx/isDBMaster"]
    assert sorted(asked) == ["A", "B"]  # both nodes asked once (island check), not per write


def test_write_while_a_node_is_down_is_refused_as_read_only(uccx: UccxClient, uccx_sim) -> None:
    uccx_sim.set_node("A", "down")
    with pytest.raises(UccxReadOnlyError, match="read-only"):
        uccx.create_calendar(calendar_body("Support"))
    assert uccx_sim.calendars == {}


def test_write_goes_to_the_survivor_when_the_master_is_down(uccx: UccxClient, uccx_sim) -> None:
    uccx_sim.set_node("A", "down")
    uccx_sim.set_peer_cds_disabled(True)  # what a UCCX administrator does to edit during a long outage
    cal_id = uccx.create_calendar(calendar_body("Support"))
    assert nodes_of(uccx_sim, "POST", "/adminapi/calendar") == ["B"]
    assert uccx_sim.calendars[cal_id]["name"] == "Support"


def test_create_moves_on_when_the_cached_master_refuses_the_connection(uccx: UccxClient, uccx_sim) -> None:
    uccx.create_calendar(calendar_body("Warm-up"))  # master A now cached
    uccx_sim.set_node("A", "down")
    uccx_sim.set_peer_cds_disabled(True)
    uccx_sim.clear_requests()
    cal_id = uccx.create_calendar(calendar_body("Support"))  # refused before sending: safe on B
    assert nodes_of(uccx_sim, "POST", "/adminapi/calendar") == ["B"]
    assert uccx_sim.calendars[cal_id]["name"] == "Support"


def test_put_is_retried_on_the_other_node_when_the_master_fails(uccx: UccxClient, uccx_sim) -> None:
    cal_id = uccx.create_calendar(calendar_body("Support"))  # master A now cached
    uccx_sim.set_node("A", "failing")
    uccx.modify_calendar(cal_id, calendar_body("Support", description="via B"))
    assert nodes_of(uccx_sim, "PUT", f"/adminapi/calendar/{cal_id}") == ["A", "B"]
    assert uccx_sim.calendars[cal_id]["description"] == "via B"


def test_post_is_not_retried_after_a_5xx(uccx: UccxClient, uccx_sim) -> None:
    uccx.list_calendars()
    uccx.create_calendar(calendar_body("Warm-up"))  # master A now cached
    uccx_sim.set_node("A", "failing")
    uccx_sim.clear_requests()
    with pytest.raises(UccxUnavailableError) as caught:
        uccx.create_calendar(calendar_body("Support"))
    assert nodes_of(uccx_sim, "POST", "/adminapi/calendar") == ["A"]
    assert caught.value.status == 500
    assert caught.value.maybe_applied is False  # UCCX answered: it did not apply it
