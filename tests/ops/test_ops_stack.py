"""An operator's node as docs/deployment.md runs it: gunicorn (2 workers), a Celery worker with beat and
the UCCX monitor, PROMETHEUS_MULTIPROC_DIR shared by them. Health answers, and /metrics sums what every
gunicorn worker counted (whichever worker the scrape lands on)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from bench.stack import RedisServer, Stack, wait_for
from tests.core.helpers import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not RedisServer.available(), reason="redis-server is not on PATH (the node uses one)"),
]


@pytest.fixture
def node(app_stack: Callable[..., Stack], tmp_path: Path) -> Stack:
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    return app_stack(
        settings_module="supervisor_tools.test_settings",
        UCCX_TIMEOUT="1",
        UCCX_MONITOR_INTERVAL="0.3",
        SYNC_SWEEP_SECONDS="2",
        WORKER_HEARTBEAT_SECONDS="1",
        PROMETHEUS_MULTIPROC_DIR=str(metrics),
        LOG_FORMAT="json",
    )


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_health_and_metrics_answer_on_a_production_like_node(node: Stack) -> None:
    make_user("ivr-node", "IVR")
    base = node.web_url
    assert requests.get(f"{base}/health/live", timeout=60).text == "ok\n"  # the workers load Django first
    ready = wait_for(
        lambda: (r := requests.get(f"{base}/health/ready?format=json", timeout=10)).status_code == 200 and r,
        30,
        "readiness (worker heartbeat and beat's first sweep)",
        interval=0.3,
    )
    assert set(ready.json().values()) == {"OK"}
    wait_for(
        lambda: requests.get(f"{base}/health/uccx?format=json", timeout=10).status_code == 200,
        10,
        "the UCCX nodes",
    )

    session = requests.Session()
    calls = 40
    ids = set()
    for _ in range(calls):  # new connections: gunicorn spreads them over its two workers
        answer = requests.get(f"{base}/ivr/v1/calendars/Nowhere/status", auth=("ivr-node", "ivr-node-pw"))
        assert answer.status_code == 404
        ids.add(answer.headers["X-Request-ID"])
    assert len(ids) == calls

    scraped = {
        samples(session.get(f"{base}/metrics", timeout=10).text).get(
            (
                "supervisor_tools_ivr_request_duration_seconds_count",
                (("endpoint", "calendars/{name}/status"), ("status", "4xx")),
            )
        )
        for _ in range(6)
    }
    assert scraped == {float(calls)}, "every scrape, on either worker, sums both workers' counts"
    text = session.get(f"{base}/metrics", timeout=10).text
    assert "supervisor_tools_outbox_queued_changes 0.0" in text
    assert 'supervisor_tools_uccx_node_up{node="A"} 1.0' in text

    log = node.web.log_path.read_text()
    assert '"request_id": "' in log  # JSON log lines with the request id
    assert "ivr-node-pw" not in log
    assert f"rid={sorted(ids)[0]}" in log  # gunicorn's access line names the same id
