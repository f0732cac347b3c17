"""UCCX says it is read-only only when it refuses a write; every process must then know it."""

from typing import Any

import pytest

from sync import cluster
from sync.cluster import get_cluster_state, refresh_cluster_state
from sync.replay import drain, wake_pending
from tests.core.helpers import make_user
from tests.syncprobe.services import probe_create
from uccx_client import UccxClient
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db


def test_a_refused_write_marks_the_cluster_read_only_until_a_write_succeeds(uccx: Simulator) -> None:
    uccx.set_cluster("read_only")
    assert refresh_cluster_state().mode == "ok"  # reads (the monitor's probes) cannot tell

    _, result = probe_create(name="Support", actor=None)

    assert result.state == "queued"
    assert (get_cluster_state().mode, get_cluster_state().writable) == ("read_only", False)
    assert refresh_cluster_state().mode == "read_only"  # the next probe keeps what the write learned

    uccx.set_cluster("normal")
    wake_pending()
    drain(budget=10)

    assert refresh_cluster_state().mode == "ok"  # the monitor's next probe, once a write went through
    assert (get_cluster_state().mode, get_cluster_state().writable) == ("ok", True)


def test_the_banner_says_read_only_after_a_refused_save(uccx: Simulator, client: Any) -> None:
    client.force_login(make_user("viewer", "Viewer"))
    uccx.set_cluster("read_only")
    refresh_cluster_state()
    assert "UCCX is working normally." in client.get("/status/banner/").content.decode()

    probe_create(name="Support", actor=None)

    assert "UCCX is read-only right now" in client.get("/status/banner/").content.decode()


def test_while_read_only_is_known_only_from_a_write_each_probe_lets_the_worker_try_one(
    uccx: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    woken: list[str] = []
    monkeypatch.setattr(cluster, "_writable_hooks", [lambda: woken.append("drain")])
    uccx.set_cluster("read_only")
    refresh_cluster_state()
    woken.clear()
    probe_create(name="Support", actor=None)  # refused by UCCX in this (web) process

    # The monitor runs in its own process: its client never wrote, so its probes find UCCX fine.
    monitor_client = UccxClient(uccx.url("A"), uccx.url("B"), username="administrator", password="ciscopsdt")
    monkeypatch.setattr(cluster, "get_uccx_client", lambda: monitor_client)
    refresh_cluster_state()
    refresh_cluster_state()

    assert woken == ["drain", "drain"]  # reads cannot tell when read-only ends: a write must
    uccx.set_node("A", "down")
    refresh_cluster_state()
    assert woken == ["drain", "drain"]  # a node down is visible to the probes: no canary needed
