"""Fixtures of the outbox tests: the app pointed at the simulator, probe objects, role accounts."""

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from sync.cluster import reset_uccx_client
from uccx_client import UccxClient
from uccx_simulator import Simulator

TIMEOUT = 1.0  # seconds; the simulator answers in milliseconds unless a test slows it down


@pytest.fixture
def uccx(settings: Any, uccx_sim: Simulator) -> Simulator:
    """The reset simulator, with the app's settings (client, cache) pointed at it for this test alone."""
    settings.UCCX_PRIMARY_URL = uccx_sim.url("A")
    settings.UCCX_SECONDARY_URL = uccx_sim.url("B")
    settings.UCCX_USERNAME = "administrator"
    settings.UCCX_PASSWORD = "ciscopsdt"
    settings.UCCX_TIMEOUT = TIMEOUT
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    reset_uccx_client()  # the client remembers refusals: no test inherits another's
    return uccx_sim


@pytest.fixture
def outsider(uccx: Simulator) -> Iterator[UccxClient]:
    """Someone changing UCCX outside the app (its own client)."""
    client = UccxClient(
        uccx.url("A"), uccx.url("B"), username="administrator", password="ciscopsdt", timeout=2
    )
    yield client
    client.close()


def make_user(username: str, role: str | None = None, **fields: Any) -> Any:
    user = get_user_model().objects.create_user(username=username, password=f"{username}-pw", **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def writes(sim: Simulator, method: str | None = None) -> list[Any]:
    """The calendar writes that reached UCCX (answered or not), in order."""
    return [
        r
        for r in sim.requests
        if r.path.startswith("/adminapi/calendar")
        and r.method in ({method} if method else {"POST", "PUT", "DELETE"})
        and (r.dropped or (r.status or 0) < 300)
    ]
