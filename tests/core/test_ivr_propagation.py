"""A change saved in one process reaches every worker of gunicorn within 1 s: the published versions
(core/snapshots.py) flush remembered IVR credentials and bring the snapshots up to date. Real processes:
gunicorn with 2 workers, a private Redis, the test database."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from django.contrib.auth.models import Group
from django.db import connection

from bench.stack import RedisServer, Service, database_url
from calendars.data import CalendarData
from calendars.services import calendar_create, emergency_switch_on
from tests.core.helpers import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not RedisServer.available(), reason="redis-server is not on PATH (private Redis)"),
]
STATUS = "/ivr/v1/calendars/Hotline/status"
PROPAGATION = 1.0  # seconds: the bound


@pytest.fixture
def web(settings: Any, uccx_settings: Any, tmp_path: Path) -> Iterator[Service]:
    redis = RedisServer().start()
    # The test process publishes into the same Redis as the workers read (no per-test key prefix).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis.url(0)}
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "supervisor_tools.test_settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": redis.url(0),
        "PYTHONUNBUFFERED": "1",
    }
    argv = [sys.executable, "-m", "gunicorn", "supervisor_tools.wsgi", "-b", "127.0.0.1:0", "--workers", "2"]
    argv += ["--threads", "4", "--access-logfile", "-", "--access-logformat", "pid=%(p)s status=%(s)s"]
    service = Service("web", argv, env, tmp_path, ready=r"Listening at: http://127\.0\.0\.1:\d+")
    try:
        service.start()
        service.url = service.search_log(r"Listening at: (http://127\.0\.0\.1:\d+)").group(1)  # type: ignore[attr-defined]
        yield service
    finally:
        service.stop()
        redis.stop()


def _statuses(web: Any, auth: tuple[str, str], count: int = 48) -> list[tuple[int, dict]]:
    def one(_: int) -> tuple[int, dict]:
        response = requests.get(web.url + STATUS, auth=auth, timeout=30)  # the machine may be busy
        return response.status_code, response.json()

    with ThreadPoolExecutor(16) as pool:
        return list(pool.map(one, range(count)))


def _warm_every_worker(web: Service, auth: tuple[str, str]) -> set[Any]:
    """Requests until both workers have answered (which one accepts is up to the kernel)."""
    answers: set[Any] = set()
    for _ in range(30):
        answers |= {(status, answer.get("state")) for status, answer in _statuses(web, auth)}
        if len(_pids_answering(web, 200)) == 2:
            return answers
    raise AssertionError("one gunicorn worker never answered")


def _pids_answering(web: Service, status: int) -> set[str]:
    log = web.log_path.read_text()
    return set(re.findall(rf"pid=<(\d+)> status={status}", log))


@pytest.fixture
def hotline(uccx_settings: Any, accounts: dict) -> Any:
    return calendar_create(actor=None, data=CalendarData(name="Hotline", time_zone="UTC")).calendar


def _change_password(user: Any) -> None:
    user.set_password("a-new-password")
    user.save()


def _deactivate(user: Any) -> None:
    user.is_active = False
    user.save()


def _remove_role(user: Any) -> None:
    user.groups.remove(Group.objects.get(name="IVR"))


@pytest.mark.parametrize(
    ("change", "then"),
    [(_change_password, 401), (_deactivate, 401), (_remove_role, 403)],
    ids=["password changed", "deactivated", "IVR role removed"],
)
def test_an_account_change_reaches_every_worker_within_a_second(
    web: Service, hotline: Any, change: Callable[[Any], None], then: int
) -> None:
    user = make_user("ivr-node", "IVR")
    auth = ("ivr-node", "ivr-node-pw")
    assert _warm_every_worker(web, auth) == {(200, "closed")}  # both remember the credential now

    change(user)
    time.sleep(PROPAGATION)
    assert {status for status, _ in _statuses(web, auth)} == {then}


def test_a_saved_change_is_served_by_every_worker_within_a_second(
    web: Service, hotline: Any, accounts: dict
) -> None:
    auth = ("ivr", "ivr-pw")
    assert _warm_every_worker(web, auth) == {(200, "closed")}

    emergency_switch_on(calendar=hotline, actor=None, mode="force_open", note="Storm line", prompt="")
    time.sleep(PROPAGATION)
    answers = _statuses(web, auth)
    assert {(answer["state"], answer["reason"]) for _, answer in answers} == {("emergency", "Storm line")}
