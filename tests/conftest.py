"""Fixtures shared by every test area."""

import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from uccx_simulator import Simulator

if TYPE_CHECKING:
    from bench.stack import Stack


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API leaves an asyncio loop running in the main thread for
    the rest of the session, and code that is right under gunicorn (e.g. `async_to_sync` in the health
    checks) refuses to run beside it. Order within each group is kept."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def uccx_sim_session() -> Iterator[Simulator]:
    """One two-node UCCX simulator (ephemeral ports) for the whole run; prefer `uccx_sim`."""
    sim = Simulator(username="administrator", password="ciscopsdt", ports={"A": 0, "B": 0, "control": 0})
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def uccx_sim(uccx_sim_session: Simulator) -> Simulator:
    """The running simulator, reset (empty store, both nodes up, normal cluster, master A) for this test."""
    uccx_sim_session.reset()
    return uccx_sim_session


@pytest.fixture
def uccx_settings(settings: Any, uccx_sim: Simulator) -> Any:
    """Django settings pointed at the simulator, with a cache key prefix of this test's own."""
    settings.UCCX_PRIMARY_URL = uccx_sim.url("A")
    settings.UCCX_SECONDARY_URL = uccx_sim.url("B")
    settings.UCCX_USERNAME = "administrator"
    settings.UCCX_PASSWORD = "ciscopsdt"
    settings.UCCX_TIMEOUT = 1.0
    settings.UCCX_MONITOR_INTERVAL = 0.1
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    from sync.cluster import reset_uccx_client  # Django is set up by now

    reset_uccx_client()  # the client remembers refusals: no test inherits another's
    return settings


@pytest.fixture
def app_stack(uccx_settings: Any, uccx_sim: Simulator) -> Iterator[Callable[..., "Stack"]]:
    """`app_stack(**env)` starts the app's real processes (gunicorn, a Celery worker with beat, the UCCX
    monitor, a private Redis) on this test's database and simulator, with `env` over the defaults below
    (`settings_module=` too); everything started is stopped after the test."""
    from django.db import connection

    from bench.stack import Stack, database_url

    started: list[Stack] = []

    def start(settings_module: str = "tests.syncprobe.settings", **env: str) -> Stack:
        running = Stack(
            database_url=database_url(connection.settings_dict),
            uccx_urls=(uccx_sim.url("A"), uccx_sim.url("B")),
            settings_module=settings_module,
            **{"UCCX_TIMEOUT": "2", "UCCX_MONITOR_INTERVAL": "0.5", **env},
        ).start()
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Tasks sent with apply_async() run at once in this process (a worker's work, without the broker)."""
    from supervisor_tools.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def stopped_broker() -> Any:
    """Celery pointed at a Redis that does not answer (nothing listens on port 1), as after a Redis stop."""
    from supervisor_tools.celery import app

    broker, pool, producers = app.conf.broker_url, app._pool, app.amqp._producer_pool
    app.conf.broker_url, app._pool, app.amqp._producer_pool = "redis://127.0.0.1:1/0", None, None
    try:
        yield app
    finally:
        app.conf.broker_url, app._pool, app.amqp._producer_pool = broker, pool, producers


@pytest.fixture(autouse=True)
def _cold_process(settings: Any) -> Iterator[None]:
    """Every test starts like a fresh process: no snapshot copies, remembered credentials or failure
    counts, and a cache namespace of its own."""
    from calendars.snapshot import compiled_cache
    from core.auth_throttle import throttle
    from core.credentials import credential_memory
    from core.snapshots import reset_for_tests

    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    reset_for_tests()
    compiled_cache.clear()
    credential_memory.clear()
    throttle.clear()
    yield
    reset_for_tests()  # ends a database probe thread the test started
