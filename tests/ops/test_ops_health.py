"""Health endpoints: liveness, readiness (database, cache, worker heartbeat, beat) and the UCCX nodes."""

import json
import logging
import time
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from sync.cluster import refresh_cluster_state
from sync.selectors import HEARTBEAT_KEY, SWEEP_KEY
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db


def beats(worker_age: float | None, sweep_age: float | None) -> None:
    now = timezone.now()
    for key, age in ((HEARTBEAT_KEY, worker_age), (SWEEP_KEY, sweep_age)):
        if age is None:
            cache.delete(key)
        else:
            cache.set(key, {"at": (now - timedelta(seconds=age)).isoformat(), "worker": "1@test"}, None)


def get_json(client: Client, url: str) -> tuple[int, dict[str, str]]:
    answer = client.get(url, {"format": "json"})
    assert answer["Cache-Control"].startswith("max-age=0")
    return answer.status_code, json.loads(answer.content)


def test_liveness_answers_without_login(client: Client) -> None:
    answer = client.get("/health/live")
    assert answer.status_code == 200
    assert answer.content == b"ok\n"


def test_ready_when_database_cache_worker_and_beat_are_alive(client: Client, uccx_settings: Any) -> None:
    beats(worker_age=1, sweep_age=5)
    status, body = get_json(client, "/health/ready")
    assert status == 200, body
    assert set(body.values()) == {"OK"}
    assert any(name.startswith("Database") for name in body)
    assert any(name.startswith("WorkerHeartbeat") for name in body)
    assert any(name.startswith("BeatSweep") for name in body)


def test_not_ready_without_a_worker(client: Client, uccx_settings: Any) -> None:
    beats(worker_age=None, sweep_age=None)
    status, body = get_json(client, "/health/ready")
    assert status == 503
    worker = next(value for name, value in body.items() if name.startswith("WorkerHeartbeat"))
    assert "No Celery worker has ever reported" in worker


def test_not_ready_when_the_worker_heartbeat_is_stale(client: Client, uccx_settings: Any) -> None:
    uccx_settings.WORKER_HEARTBEAT_STALE = 35
    beats(worker_age=120, sweep_age=5)
    status, body = get_json(client, "/health/ready")
    assert status == 503
    assert "120 s old" in next(v for k, v in body.items() if k.startswith("WorkerHeartbeat"))
    assert next(v for k, v in body.items() if k.startswith("BeatSweep")) == "OK"


def test_not_ready_when_beat_stopped_sweeping(client: Client, uccx_settings: Any) -> None:
    uccx_settings.SYNC_SWEEP_SECONDS = 30
    beats(worker_age=1, sweep_age=300)
    status, body = get_json(client, "/health/ready")
    assert status == 503
    assert "300 s old" in next(v for k, v in body.items() if k.startswith("BeatSweep"))
    assert next(v for k, v in body.items() if k.startswith("WorkerHeartbeat")) == "OK"


def test_uccx_health_follows_each_node(client: Client, uccx_settings: Any, uccx_sim: Simulator) -> None:
    status, body = get_json(client, "/health/uccx")
    assert status == 503
    assert all("monitor has not probed" in value for value in body.values())

    refresh_cluster_state()
    status, body = get_json(client, "/health/uccx")
    assert status == 200, body
    assert sorted(body) == ["UccxNode(node='A')", "UccxNode(node='B')"]

    uccx_sim.set_node("B", "down")
    refresh_cluster_state()
    status, body = get_json(client, "/health/uccx")
    assert status == 503
    assert body["UccxNode(node='A')"] == "OK"
    assert "UCCX node B is unreachable" in body["UccxNode(node='B')"]


def test_health_answers_hold_no_secrets(client: Client, uccx_settings: Any, uccx_sim: Simulator) -> None:
    uccx_settings.UCCX_PASSWORD = "ciscopsdt"
    refresh_cluster_state()
    for url in ("/health/ready", "/health/uccx", "/health/live"):
        text = client.get(url, {"format": "json"}).content.decode()
        assert "ciscopsdt" not in text
        assert "tests-only-not-secret" not in text


def test_the_worker_heartbeat_thread_keeps_readiness_green_without_beat(
    client: Client, uccx_settings: Any
) -> None:
    from ops.worker import start_heartbeat, stop_heartbeat

    uccx_settings.WORKER_HEARTBEAT_SECONDS = 0.05
    beats(worker_age=None, sweep_age=5)
    start_heartbeat()
    try:
        deadline = time.monotonic() + 5
        while cache.get(HEARTBEAT_KEY) is None and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stop_heartbeat()
    status, body = get_json(client, "/health/ready")
    assert status == 200, body


def test_a_failing_probe_is_a_503_without_an_error_log_line(
    client: Client, uccx_settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    beats(worker_age=None, sweep_age=None)
    with caplog.at_level(logging.WARNING):
        answer = client.get("/health/ready")
    assert answer.status_code == 503
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_probes_on_plain_http_are_not_redirected_when_ssl_redirect_is_on(
    client: Client, settings: Any
) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/live").status_code == 200
    assert client.get("/metrics").status_code == 200
    assert client.get("/calendars/").status_code == 301
