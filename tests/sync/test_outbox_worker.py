"""End to end with real processes: web (gunicorn), Celery worker with beat, UCCX monitor, private Redis.

A supervisor's save while UCCX is away answers 202 queued; once UCCX takes writes again the worker writes
it by itself and the Changes page shows it applied.
"""

from collections.abc import Callable
from typing import Any

import pytest
import requests
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from bench.stack import RedisServer, Stack, wait_for
from sync.models import OutboxChange
from uccx_simulator import Simulator

from .conftest import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not RedisServer.available(), reason="redis-server is not on PATH (needed for a private broker)"
    ),
]


@pytest.fixture
def stack(uccx: Simulator, app_stack: Callable[..., Stack]) -> Stack:
    return app_stack(SYNC_SWEEP_SECONDS="5", SYNC_DRAIN_CONCURRENCY="2")


@pytest.fixture
def api(stack: Stack) -> requests.Session:
    """An administrator's API session against the web server process."""
    user = make_user("api-admin", "Administrator", is_staff=True)
    session = requests.Session()
    session.headers["Authorization"] = f"Token {Token.objects.create(user=user).key}"
    session.base_url = stack.web_url  # type: ignore[attr-defined]
    return session


def call(api: requests.Session, method: str, path: str, **kwargs: Any) -> requests.Response:
    return api.request(method, api.base_url + path, timeout=30, **kwargs)  # type: ignore[attr-defined]


def all_applied() -> bool:
    return not OutboxChange.objects.filter(state="queued").exists()


def test_queued_while_read_only_then_applied_by_the_worker_by_itself(
    uccx: Simulator, stack: Stack, api: requests.Session
) -> None:
    uccx.set_cluster("read_only")

    answer = call(api, "POST", "/probe-api/calendars/", json={"name": "Support"})

    assert answer.status_code == 202, answer.text
    assert answer.json()["sync"]["state"] == "queued"
    assert answer.json()["sync"]["detail"].startswith("UCCX is read-only")
    page = Client()
    page.force_login(make_user("boss", "Administrator"))
    assert "1 change waiting" in page.get(reverse("sync:changes")).content.decode()

    uccx.set_cluster("normal")

    wait_for(all_applied, 30, "the worker to replay the queued change")
    assert [cal["name"] for cal in uccx.calendars.values()] == ["Support"]
    assert "Nothing is waiting for UCCX." in page.get(reverse("sync:changes")).content.decode()
    status = call(api, "GET", "/api/v1/uccx/status").json()
    assert status["queue"]["depth"] == 0
    assert status["worker"]["alive"] is True, stack.logs()


def test_unreachable_uccx_coming_back_is_drained_by_the_monitor_wake_up(
    uccx: Simulator, stack: Stack, api: requests.Session
) -> None:
    created = call(api, "POST", "/probe-api/calendars/", json={"name": "Support"}).json()
    uccx.set_node("A", "down")
    uccx.set_node("B", "down")
    for _ in range(3):
        assert call(api, "PATCH", f"/probe-api/calendars/{created['id']}/").status_code == 202
    wait_for(
        lambda: call(api, "GET", "/api/v1/uccx/status").json()["cluster"]["mode"] == "down", 10, "monitor"
    )

    uccx.clear_requests()
    uccx.set_node("A", "up")
    uccx.set_node("B", "up")

    wait_for(all_applied, 30, "the monitor's wake-up to drain the queue")
    assert [cal["description"] for cal in uccx.calendars.values()] == ["v4"]
    assert len([r for r in uccx.requests if r.method == "PUT"]) == 1  # three edits, one write
