"""Issue 9: with Redis stopped, pages render ("UCCX status unknown"), /api/v1/uccx/status answers, a save
answers its real outcome instead of a 500 after its commit, the IVR answers; once Redis is back the
cache catches up. A private redis-server is stopped and started; the shared one is never touched."""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from bench.stack import RedisServer
from calendars.models import Calendar
from core.models import SnapshotVersion
from core.snapshots import republish_all
from sync.cluster import refresh_cluster_state
from tests.calendars.test_calendar_api import URL, api, document, post
from uccx_simulator import Simulator

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not RedisServer.available(), reason="needs redis-server"),
]


@pytest.fixture
def redis(uccx_settings: Any) -> Iterator[RedisServer]:
    server = RedisServer().start()
    uccx_settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": server.url(0),
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    from supervisor_tools.celery import app

    broker = app.conf.broker_url
    app.conf.broker_url = server.url(1)
    try:
        yield server
    finally:
        app.conf.broker_url = broker
        app._pool = app.amqp._producer_pool = None  # later tests connect afresh, to the restored broker
        server.stop()


@pytest.fixture
def saved(redis: RedisServer, uccx: Simulator, accounts: dict, team_x: Any) -> tuple[Client, int]:
    client = api(accounts["supervisor_x"])
    refresh_cluster_state()
    response = post(client, URL, document(team_x))
    assert response.status_code == 201, response.json()
    return client, response.json()["id"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "page", ["/", "/calendars/", "/calendars/{pk}/", "/calendars/{pk}/holidays/", "/status/"]
)
def test_pages_render_with_uccx_status_unknown_while_redis_is_down(
    saved: tuple[Client, int], redis: RedisServer, page: str
) -> None:
    client, pk = saved
    redis.stop()
    response = client.get(page.format(pk=pk))
    assert response.status_code == 200
    assert "UCCX status unknown" in response.content.decode()


@pytest.mark.timeout(60)
def test_the_uccx_status_api_answers_while_redis_is_down(
    saved: tuple[Client, int], redis: RedisServer, accounts: dict
) -> None:
    redis.stop()
    response = api(accounts["admin"]).get("/api/v1/uccx/status")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["cluster"]["mode"] == "unknown"


@pytest.mark.timeout(60)
def test_a_save_answers_its_real_outcome_while_redis_is_down_and_the_cache_catches_up(
    saved: tuple[Client, int], redis: RedisServer, team_x: Any, accounts: dict
) -> None:
    client, pk = saved
    redis.stop()
    started = time.monotonic()
    response = client.put(
        f"{URL}{pk}/", document(team_x, description="Redis down"), content_type="application/json"
    )
    print(f"save with Redis down: {time.monotonic() - started:.2f} s")
    assert response.status_code in (200, 202), response.content[:300]
    assert response.json()["sync"]["state"] in ("applied", "queued")
    assert Calendar.objects.get(pk=pk).description == "Redis down"

    basic = "Basic " + base64.b64encode(b"ivr:ivr-pw").decode()
    name = Calendar.objects.get(pk=pk).name
    status = Client().get(f"/ivr/v1/calendars/{name}/status", HTTP_AUTHORIZATION=basic)
    assert status.status_code == 200, status.content[:300]

    redis.start()  # same port, empty: like a restarted Redis
    assert client.get("/").status_code == 200
    version = SnapshotVersion.objects.get(name="calendars").version
    assert republish_all() >= 1  # the beat's minute job
    assert cache.get("snapshot:calendars:version") == version
    assert cache.get("snapshot:calendars:data")[0] == version
    assert republish_all() == 0
