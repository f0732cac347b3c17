"""Fixtures for the UCCX client tests: clients pointed at the simulator started by `uccx_sim`."""

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from uccx_client import UccxClient

from .helpers import PASSWORD, TIMEOUT, USERNAME


@pytest.fixture
def make_client(uccx_sim: Any) -> Iterator[Callable[..., UccxClient]]:
    """Build clients for the simulator's two nodes; `secondary=""` makes a single-node client."""
    made: list[UccxClient] = []

    def make(**options: Any) -> UccxClient:
        secondary = options.pop("secondary", uccx_sim.url("B"))
        settings = {"username": USERNAME, "password": PASSWORD, "timeout": TIMEOUT, **options}
        client = UccxClient(uccx_sim.url("A"), secondary, **settings)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def uccx(make_client: Callable[..., UccxClient]) -> UccxClient:
    return make_client()


@pytest.fixture
def uccx_settings(settings: Any, uccx_sim: Any) -> Any:
    """Django settings pointed at the simulator, with a cache key prefix of this test's own."""
    settings.UCCX_PRIMARY_URL = uccx_sim.url("A")
    settings.UCCX_SECONDARY_URL = uccx_sim.url("B")
    settings.UCCX_USERNAME = USERNAME
    settings.UCCX_PASSWORD = PASSWORD
    settings.UCCX_TIMEOUT = TIMEOUT
    settings.UCCX_MONITOR_INTERVAL = 0.1
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    return settings
