"""sync.cluster: the per-process client, the cached cluster state and the became-writable hooks."""

import logging
import os
import signal
import threading
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from sync import cluster
from sync.cluster import get_cluster_state, get_uccx_client, on_writable, refresh_cluster_state

from .helpers import wait_for


def test_client_is_built_once_per_process_from_settings(uccx_settings) -> None:
    client = get_uccx_client()
    assert get_uccx_client() is client
    assert [probe.url for probe in client.probe_nodes()] == [
        uccx_settings.UCCX_PRIMARY_URL,
        uccx_settings.UCCX_SECONDARY_URL,
    ]

    uccx_settings.UCCX_TIMEOUT = 2.5
    rebuilt = get_uccx_client()
    assert rebuilt is not client
    assert rebuilt.timeout == 2.5


def test_single_node_from_settings(uccx_settings) -> None:
    uccx_settings.UCCX_SECONDARY_URL = ""
    assert [node.name for node in refresh_cluster_state().nodes] == ["A"]


def test_state_is_unknown_until_probed(uccx_settings, uccx_sim) -> None:
    state = get_cluster_state()
    assert (state.mode, state.writable, state.nodes, state.checked_at) == ("unknown", False, [], None)
    assert state.as_dict() == {"mode": "unknown", "writable": False, "checked_at": None, "nodes": []}
    assert uccx_sim.requests == []


def test_refresh_stores_the_state_and_reads_never_touch_uccx(uccx_settings, uccx_sim) -> None:
    state = refresh_cluster_state()
    assert (state.mode, state.writable) == ("ok", True)
    assert [(n.name, n.reachable, n.master) for n in state.nodes] == [("A", True, True), ("B", True, False)]

    uccx_sim.clear_requests()
    uccx_sim.set_node("A", "down")
    cached = get_cluster_state()
    assert cached.as_dict() == state.as_dict()
    assert cached == state
    assert uccx_sim.requests == []


@pytest.mark.parametrize(
    ("setup", "mode"),
    [
        (lambda sim: sim.set_node("A", "down"), "read_only"),  # B serves reads, refuses changes
        (lambda sim: (sim.set_node("A", "down"), sim.set_node("B", "failing")), "down"),
        (lambda sim: sim.set_cluster("island"), "read_only"),
    ],
    ids=["failover", "down", "island"],
)
def test_cluster_modes(uccx_settings, uccx_sim, setup, mode: str) -> None:
    setup(uccx_sim)
    state = refresh_cluster_state()
    assert state.mode == mode
    assert state.writable is (mode == "ok")
    assert get_cluster_state().mode == mode


@pytest.fixture
def hooks(monkeypatch) -> list[str]:
    """A clean hook registry with one recording hook."""
    monkeypatch.setattr(cluster, "_writable_hooks", [])
    calls: list[str] = []

    def drain() -> None:
        calls.append("drain")

    on_writable(drain)
    on_writable(drain)  # registering twice has no effect
    return calls


def test_hooks_run_on_each_not_writable_to_writable_transition(uccx_settings, uccx_sim, hooks) -> None:
    refresh_cluster_state()  # unknown -> ok: queued changes may wait, drain them
    assert hooks == ["drain"]
    refresh_cluster_state()  # ok -> ok
    assert hooks == ["drain"]

    uccx_sim.set_cluster("island")
    assert refresh_cluster_state().mode == "read_only"
    assert hooks == ["drain"]

    uccx_sim.set_cluster("normal")
    assert refresh_cluster_state().mode == "ok"
    assert hooks == ["drain", "drain"]


def test_a_failing_hook_spares_the_others(uccx_settings, uccx_sim, hooks, caplog) -> None:
    @on_writable
    def broken() -> None:
        raise RuntimeError("hook bug")

    on_writable(lambda: hooks.append("after"))
    assert refresh_cluster_state().writable
    assert hooks == ["drain", "after"]
    assert "hook bug" in caplog.text


# --- GET /api/v1/uccx/status ---------------------------------------------------------------------

STATUS_URL = "/api/v1/uccx/status"


@pytest.mark.django_db
def test_status_for_administrators(uccx_settings, client, django_user_model) -> None:
    staff = django_user_model.objects.create_user("staff", password="pw-staff-1", is_staff=True)
    member = django_user_model.objects.create_user("member", password="pw-member-1")
    member.groups.add(Group.objects.get_or_create(name="Administrator")[0])
    superuser = django_user_model.objects.create_superuser("root", password="pw-root-1")

    client.force_login(staff)
    assert client.get(STATUS_URL).json()["cluster"] == get_cluster_state().as_dict()  # "unknown"

    refresh_cluster_state()
    for user in (staff, member, superuser):
        client.force_login(user)
        response = client.get(STATUS_URL)
        assert response.status_code == 200
        body = response.json()
        assert body["cluster"]["mode"] == "ok"
        assert [node["name"] for node in body["cluster"]["nodes"]] == ["A", "B"]
        assert body["cluster"]["nodes"][0]["master"] is True


@pytest.mark.django_db
def test_status_refused_to_others(uccx_settings, client, django_user_model) -> None:
    refresh_cluster_state()
    anonymous = client.get(STATUS_URL)
    assert anonymous.status_code in (401, 403)
    assert "cluster" not in anonymous.json()

    supervisor: User = django_user_model.objects.create_user("sup", password="pw-sup-1")
    client.force_login(supervisor)
    response = client.get(STATUS_URL)
    assert response.status_code == 403
    assert "cluster" not in response.json()


# --- manage.py uccx_monitor ----------------------------------------------------------------------


def test_monitor_once(uccx_settings, uccx_sim) -> None:
    uccx_sim.set_node("B", "down")
    out = StringIO()
    call_command("uccx_monitor", "--once", stdout=out)
    text = out.getvalue()
    assert "UCCX cluster: read_only (not writable)" in text
    assert f"node A {uccx_sim.url('A')}: reachable, master" in text
    assert f"node B {uccx_sim.url('B')}: unreachable" in text
    assert "connection refused" in text
    assert get_cluster_state().mode == "read_only"


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_monitor_loop_logs_transitions_and_stops_on_signal(
    uccx_settings, uccx_sim, caplog, stop_signal
) -> None:
    caplog.set_level(logging.INFO, logger="sync")
    handler_before = signal.getsignal(stop_signal)

    def drive() -> None:
        wait_for(lambda: get_cluster_state().mode == "ok")
        uccx_sim.set_cluster("island")
        wait_for(lambda: get_cluster_state().mode == "read_only")
        os.kill(os.getpid(), stop_signal)

    driver = threading.Thread(target=drive, daemon=True)
    driver.start()
    call_command("uccx_monitor")  # returns once the signal arrives
    driver.join(timeout=5)

    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("UCCX cluster: ok (writable)") for m in messages)
    assert any(m.startswith("UCCX cluster: read_only (not writable)") for m in messages)
    assert messages[-1] == "UCCX monitor stopped"
    assert signal.getsignal(stop_signal) is handler_before
