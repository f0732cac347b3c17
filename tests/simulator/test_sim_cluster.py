"""Cluster behaviour: auth, node down/failing/slow, read-only and island mode, mastership, ambiguous
writes, write latency and the request log."""

import threading
import time
import xml.etree.ElementTree as ET

import pytest
import requests

from uccx_simulator.wav import build_wav

from .helpers import api_errors, calendar, error_text


def is_master(uccx, node: str) -> bool:
    response = requests.get(uccx.sim.url(node) + "/uccx/isDBMaster", timeout=5)
    assert response.status_code == 200
    return ET.fromstring(response.content).findtext("isMaster") == "true"


@pytest.mark.parametrize(
    "auth", [None, ("administrator", "wrong"), ("someone", "ciscopsdt")], ids=["none", "password", "user"]
)
def test_missing_or_wrong_credentials_are_401(uccx, auth):
    response = uccx.get("/adminapi/calendar", auth=auth)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic ")
    assert api_errors(response)[0]["errorType"] == "Unauthorized"
    assert "ciscopsdt" not in response.text


def test_401_also_protects_writes(uccx):
    assert uccx.post("/adminapi/calendar", json=calendar(), auth=None).status_code == 401
    assert uccx.sim.calendars == {}


def test_writes_on_either_node_are_seen_by_both(uccx):
    on_a = uccx.create_calendar(calendar(name="From A"), node="A")
    on_b = uccx.create_calendar(calendar(name="From B"), node="B")

    assert uccx.get(f"/adminapi/calendar/{on_b}", node="A").json()["name"] == "From B"
    assert uccx.get(f"/adminapi/calendar/{on_a}", node="B").json()["name"] == "From A"
    assert uccx.get(f"/adminapi/calendar/{on_a}", node="B").json()["self"].startswith(uccx.sim.url("B"))


def test_master_selection_and_failover(uccx):
    assert (is_master(uccx, "A"), is_master(uccx, "B")) == (True, False)

    uccx.sim.set_master("B")
    assert (is_master(uccx, "A"), is_master(uccx, "B")) == (False, True)

    uccx.sim.set_node("B", "down")
    assert is_master(uccx, "A")


def test_node_down_refuses_connections_and_comes_back_on_the_same_port(uccx):
    url = uccx.sim.url("A")
    uccx.sim.set_node("A", "down")

    with pytest.raises(requests.ConnectionError):
        uccx.get("/adminapi/calendar", node="A")
    assert uccx.get("/adminapi/calendar", node="B").status_code == 200

    uccx.sim.set_node("A", "up")
    assert uccx.sim.url("A") == url
    assert uccx.get("/adminapi/calendar", node="A").status_code == 200


def test_node_down_cuts_requests_in_progress(uccx):
    uccx.sim.set_node("A", "up", latency=2.0)
    outcome = {}

    def call():
        try:
            outcome["status"] = uccx.get("/adminapi/calendar").status_code
        except requests.ConnectionError as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=call)
    worker.start()
    deadline = time.monotonic() + 2
    while uccx.sim.in_flight("A") == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert uccx.sim.in_flight("A") == 1
    uccx.sim.set_node("A", "down")
    worker.join(5)

    assert "error" in outcome
    deadline = time.monotonic() + 2
    while not uccx.sim.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [(r.status, r.dropped) for r in uccx.sim.requests] == [(None, True)]


def test_failing_node_answers_500_apierrors_and_applies_nothing(uccx):
    uccx.sim.set_node("A", "failing")

    read = uccx.get("/adminapi/calendar")
    write = uccx.post("/adminapi/calendar", json=calendar())
    master = requests.get(uccx.sim.url("A") + "/uccx/isDBMaster", timeout=5)

    assert read.status_code == write.status_code == master.status_code == 500
    assert api_errors(read)[0]["errorType"] == "InternalServerError"
    assert uccx.sim.calendars == {}
    assert uccx.post("/adminapi/calendar", json=calendar(), node="B").status_code == 201


def test_latency_delays_every_request_on_that_node(uccx):
    uccx.sim.set_node("A", "up", latency=0.3)

    started = time.monotonic()
    response = uccx.get("/adminapi/calendar")

    assert response.status_code == 200
    assert time.monotonic() - started >= 0.3
    assert uccx.sim.state.nodes["B"].latency == 0.0


@pytest.mark.parametrize(
    ("mode", "fragment"),
    [("read_only", "configuration is read-only"), ("island", "island mode")],
)
def test_read_only_and_island_refuse_writes_but_serve_reads(uccx, mode, fragment):
    cal_id = uccx.create_calendar(calendar())
    uccx.sim.set_cluster(mode)

    writes = [
        uccx.post("/adminapi/calendar", json=calendar(name="New"), node="A"),
        uccx.put(f"/adminapi/calendar/{cal_id}", json=calendar(name="Changed"), node="B"),
        uccx.delete(f"/adminapi/calendar/{cal_id}", node="A"),
        uccx.upload("prompt", "x.wav", build_wav(), node="B"),
    ]

    for response in writes:
        assert response.status_code == 503
        assert api_errors(response)[0]["errorType"] == "Service Unavailable"
        assert fragment in error_text(response)
    assert [c["name"] for c in uccx.sim.calendars.values()] == ["Support"]
    assert uccx.get(f"/adminapi/calendar/{cal_id}", node="A").status_code == 200
    assert uccx.get(f"/adminapi/calendar/{cal_id}", node="B").status_code == 200


@pytest.mark.parametrize("down", ["A", "B"])
def test_a_node_down_makes_its_peer_read_only_but_readable(uccx, down):
    cal_id = uccx.create_calendar(calendar())
    survivor = "B" if down == "A" else "A"
    uccx.sim.set_node(down, "down")

    refused = uccx.put(f"/adminapi/calendar/{cal_id}", json=calendar(name="Changed"), node=survivor)

    assert refused.status_code == 503
    assert "configuration is read-only" in error_text(refused)
    assert uccx.get(f"/adminapi/calendar/{cal_id}", node=survivor).json()["name"] == "Support"


def test_writes_on_the_survivor_once_the_peer_datastore_is_disabled(uccx):
    cal_id = uccx.create_calendar(calendar())
    uccx.sim.set_node("A", "down")
    uccx.sim.set_peer_cds_disabled(True)

    accepted = uccx.put(f"/adminapi/calendar/{cal_id}", json=calendar(name="Changed"), node="B")

    assert accepted.status_code == 200
    assert uccx.sim.calendars[cal_id]["name"] == "Changed"


def test_read_only_message_is_the_documented_one(uccx):
    uccx.sim.set_cluster("read_only")

    response = uccx.post("/adminapi/calendar", json=calendar())

    assert (
        error_text(response)
        == "Configuration datastore on peer node is not reachable; configuration is read-only"
    )


def test_island_mode_both_nodes_claim_mastership(uccx):
    uccx.sim.set_cluster("island")

    assert is_master(uccx, "A")
    assert is_master(uccx, "B")


def test_ambiguous_write_is_applied_but_never_answered(uccx):
    uccx.sim.set_ambiguous(True)

    with pytest.raises(requests.ConnectionError):
        uccx.post("/adminapi/calendar", json=calendar())

    assert [c["name"] for c in uccx.sim.calendars.values()] == ["Support"]
    assert uccx.get("/adminapi/calendar").status_code == 200  # reads are answered
    last = [r for r in uccx.sim.requests if r.method == "POST"][-1]
    assert (last.status, last.dropped) == (201, True)

    uccx.sim.set_ambiguous(False)
    assert uccx.post("/adminapi/calendar", json=calendar(name="Second")).status_code == 201


def test_write_latency_applies_to_successful_writes(uccx):
    uccx.sim.set_write_latency(0.3)

    started = time.monotonic()
    assert uccx.post("/adminapi/calendar", json=calendar()).status_code == 201

    assert time.monotonic() - started >= 0.3


def test_request_log_records_what_reached_each_node(uccx):
    cal_id = uccx.create_calendar(calendar(), node="B")
    uccx.delete(f"/adminapi/calendar/{cal_id}?forced=true", node="A")
    uccx.get("/adminapi/calendar", node="A", auth=None)

    log = uccx.sim.requests

    assert [(r.node, r.method, r.path, r.query, r.status) for r in log] == [
        ("B", "POST", "/adminapi/calendar", "", 201),
        ("A", "DELETE", "/adminapi/calendar/1", "forced=true", 200),
        ("A", "GET", "/adminapi/calendar", "", 401),
    ]
    assert b'"name": "Support"' in log[0].body
    assert log[0].at <= log[1].at <= log[2].at
    assert not any(r.dropped for r in log)

    uccx.sim.clear_requests()
    assert uccx.sim.requests == []


def test_request_log_truncates_large_bodies(uccx):
    uccx.upload("prompt", "big.wav", build_wav(b"\xff" * 200_000))

    assert len(uccx.sim.requests[-1].body) == 64 * 1024


def test_reset_restores_a_clean_cluster(uccx):
    uccx.create_calendar(calendar())
    uccx.sim.set_node("A", "down")
    uccx.sim.set_node("B", "failing", latency=0.1)
    uccx.sim.set_cluster("island")
    uccx.sim.set_master("B")
    uccx.sim.set_ambiguous(True)

    uccx.sim.reset()

    assert uccx.sim.calendars == {}
    assert uccx.sim.requests == []
    assert uccx.get("/adminapi/calendar", node="A").status_code == 200
    assert uccx.post("/adminapi/calendar", json=calendar(), node="B").status_code == 201
    assert (is_master(uccx, "A"), is_master(uccx, "B")) == (True, False)


def test_switches_reject_unknown_values(uccx):
    with pytest.raises(ValueError, match="mode"):
        uccx.sim.set_node("A", "sleepy")
    with pytest.raises(ValueError, match="node"):
        uccx.sim.set_node("C", "up")
    with pytest.raises(ValueError, match="cluster mode"):
        uccx.sim.set_cluster("split")
    with pytest.raises(ValueError, match="latency"):
        uccx.sim.set_node("A", "up", latency=-1)
