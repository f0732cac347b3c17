"""Prometheus metrics: IVR latency per endpoint (at the WSGI layer), stale answers, the outbox queue,
UCCX errors by kind, drift; aggregated over processes in multiprocess mode."""

import os
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from ops.metrics import count_stale_answer, ivr_endpoint, uccx_error_kind
from ops.wsgi import ObservedApplication
from supervisor_tools.wsgi import application
from sync.cluster import get_uccx_client, refresh_cluster_state
from sync.models import Drift, OutboxChange, SyncObject
from uccx_client import UccxError, UccxReadOnlyError, UccxUnavailableError, UccxValidationError
from uccx_simulator import Simulator

BASE_DIR = Path(__file__).resolve().parents[2]


def scrape(client: Client, **headers: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    answer = client.get("/metrics", **headers)
    assert answer.status_code == 200, answer.content
    samples = {}
    for family in text_string_to_metric_families(answer.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def wsgi_get(path: str, query: str = "", **extra: str) -> tuple[str, dict[str, str], bytes]:
    environ: dict[str, Any] = {"PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1", **extra}
    setup_testing_defaults(environ)
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    # As Django's test client does: the test's database connection must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        answer = application(environ, start_response)
        body = b"".join(answer)
        answer.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], body


@pytest.mark.parametrize(
    ("path", "endpoint"),
    [
        ("/ivr/v1/calendars/Support%20Hours/status", "calendars/{name}/status"),
        ("/ivr/v1/announcements", "announcements"),
        ("/ivr/v1/announcements/welcome", "announcements/{name}"),
        ("/ivr/v1/callers/+41441234567", "callers/{number}"),
        ("/ivr/v1/switches/overflow", "switches/{name}"),
        ("/ivr/v1/call", "call"),
        ("/ivr/v1/anything-else/x", "other"),
        ("/ivr/v2/call", "other"),
    ],
)
def test_ivr_endpoint_labels_are_bounded(path: str, endpoint: str) -> None:
    assert ivr_endpoint(path) == endpoint


@pytest.mark.django_db
def test_ivr_latency_is_recorded_per_endpoint_at_the_wsgi_layer(client: Client) -> None:
    before = scrape(client)
    count = "supervisor_tools_ivr_request_duration_seconds_count"
    status, _, _ = wsgi_get("/ivr/v1/calendars/No%20Such/status")
    assert status.startswith("401")  # no credentials: still an IVR answer, still timed
    wsgi_get("/ivr/v1/calendars/Other/status")
    wsgi_get("/health/live")  # not an IVR request: not in the IVR histogram
    after = scrape(client)
    labels = {"endpoint": "calendars/{name}/status", "status": "4xx"}
    assert value(after, count, **labels) - value(before, count, **labels) == 2
    assert value(after, "supervisor_tools_ivr_request_duration_seconds_sum", **labels) > 0


def test_every_answer_carries_a_request_id_and_keeps_a_good_one_offered() -> None:
    _, headers, _ = wsgi_get("/health/live")
    assert len(headers["X-Request-ID"]) >= 16
    _, headers, _ = wsgi_get("/health/live", HTTP_X_REQUEST_ID="nginx-4f2a.1")
    assert headers["X-Request-ID"] == "nginx-4f2a.1"
    _, headers, _ = wsgi_get("/health/live", HTTP_X_REQUEST_ID="bad id\nInjected: 1")
    assert headers["X-Request-ID"] != "bad id\nInjected: 1"
    assert "\n" not in headers["X-Request-ID"]


def test_a_crashing_app_is_still_timed_as_a_5xx(client: Client) -> None:
    def broken(environ: dict, start_response: Any) -> list[bytes]:
        raise RuntimeError("boom")

    wrapped = ObservedApplication(broken)
    environ: dict[str, Any] = {"PATH_INFO": "/ivr/v1/call"}
    setup_testing_defaults(environ)
    from ops.metrics import IVR_LATENCY

    child = IVR_LATENCY.labels("call", "5xx")
    before = child._sum.get()
    with pytest.raises(RuntimeError):
        wrapped(environ, lambda *a: None)
    assert child._sum.get() > before


@pytest.mark.django_db
def test_stale_answers_are_counted(client: Client) -> None:
    before = value(scrape(client), "supervisor_tools_ivr_stale_answers_total", endpoint="calendars")
    count_stale_answer("calendars")
    after = value(scrape(client), "supervisor_tools_ivr_stale_answers_total", endpoint="calendars")
    assert after - before == 1


@pytest.mark.django_db
def test_queue_depth_oldest_age_failures_and_drift_come_from_the_database(client: Client) -> None:
    target = SyncObject.objects.create(kind="probe_calendar", key="1", pending_since=timezone.now())
    old = timezone.now() - timedelta(seconds=90)
    OutboxChange.objects.create(target=target, operation="upsert", created_at=old)
    OutboxChange.objects.create(target=target, operation="upsert")
    OutboxChange.objects.create(target=target, operation="upsert", state="failed")
    Drift.objects.create(target=target, expected={}, found={})
    samples = scrape(client)
    assert value(samples, "supervisor_tools_outbox_queued_changes") == 2
    assert value(samples, "supervisor_tools_outbox_objects_waiting") == 1
    assert 89 <= value(samples, "supervisor_tools_outbox_oldest_queued_age_seconds") < 150
    assert value(samples, "supervisor_tools_outbox_failed_changes") == 1
    assert value(samples, "supervisor_tools_drift_found_total") == 1
    assert value(samples, "supervisor_tools_drift_unacknowledged") == 1


@pytest.mark.django_db
def test_uccx_errors_are_counted_by_kind_and_node(
    client: Client, uccx_settings: Any, uccx_sim: Simulator
) -> None:
    before = scrape(client)
    uccx_sim.set_node("A", "down")
    get_uccx_client().list_calendars()  # A refuses the connection, B answers
    uccx_sim.set_node("A", "up")
    uccx_sim.set_node("B", "failing")
    uccx_sim.set_master("B")
    refresh_cluster_state()
    after = scrape(client)
    name = "supervisor_tools_uccx_errors_total"
    assert (
        value(after, name, kind="unreachable", node="A") - value(before, name, kind="unreachable", node="A")
        >= 1
    )
    assert (
        value(after, name, kind="server_error", node="B") - value(before, name, kind="server_error", node="B")
        >= 1
    )
    assert value(after, "supervisor_tools_uccx_node_up", node="A") == 1
    assert value(after, "supervisor_tools_uccx_state_known") == 1


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (UccxReadOnlyError("ro", node="A"), "read_only"),
        (UccxUnavailableError("503", status=503, node="A"), "server_error"),
        (UccxUnavailableError("timeout", node="A"), "unreachable"),
        (UccxValidationError("bad", status=400, node="A"), "validation"),
        (UccxError("odd", status=418, node="A"), "other"),
    ],
)
def test_uccx_error_kinds(error: UccxError, kind: str) -> None:
    assert uccx_error_kind(error) == kind


@pytest.mark.django_db
def test_metrics_token_when_configured(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = "scrape-me"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert scrape(client, HTTP_AUTHORIZATION="Bearer scrape-me")


def test_counts_of_many_processes_add_up_in_multiprocess_mode(tmp_path: Path) -> None:
    """Gunicorn and Celery run several processes: each writes its own file, a scrape sums them."""
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "supervisor_tools.test_settings",
    }
    count = textwrap.dedent(
        """
        import django; django.setup()
        from ops.metrics import count_stale_answer, observe_ivr_request
        count_stale_answer("calendars")
        observe_ivr_request("/ivr/v1/call", 200, 0.002)
        """
    )
    for _ in range(3):
        subprocess.run([sys.executable, "-c", count], env=env, cwd=BASE_DIR, check=True, timeout=60)
    show = textwrap.dedent(
        """
        import django; django.setup()
        from prometheus_client import CollectorRegistry, generate_latest, multiprocess
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        print(generate_latest(registry).decode())
        """
    )
    text = subprocess.run(
        [sys.executable, "-c", show],
        env=env,
        cwd=BASE_DIR,
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    ).stdout
    assert 'supervisor_tools_ivr_stale_answers_total{endpoint="calendars"} 3.0' in text
    assert 'supervisor_tools_ivr_request_duration_seconds_count{endpoint="call",status="2xx"} 3.0' in text


def test_a_broken_error_observer_changes_nothing_for_the_caller(uccx_sim: Simulator) -> None:
    from uccx_client import UccxClient

    seen: list[UccxError] = []

    def observer(error: UccxError) -> None:
        seen.append(error)
        raise RuntimeError("observer bug")

    client = UccxClient(
        uccx_sim.url("A"), "", username="administrator", password="ciscopsdt", timeout=1, on_error=observer
    )
    uccx_sim.set_node("A", "down")
    with pytest.raises(UccxUnavailableError):
        client.list_calendars()
    client.close()
    assert [type(error) for error in seen] == [type(seen[0])]
    assert seen[0].node == "A"


def test_an_ivr_answer_marked_stale_is_counted_at_the_wsgi_layer() -> None:
    from ops.metrics import IVR_STALE

    def answering(stale: bool) -> Any:
        def app(environ: dict, start_response: Any) -> list[bytes]:
            headers = [("Content-Type", "application/json")]
            if stale:
                headers.append(("X-Snapshot-Stale", "database unreachable"))
            start_response("200 OK", headers)
            return [b"{}"]

        return ObservedApplication(app)

    child = IVR_STALE.labels("callers/{number}")
    before = child._value.get()
    for stale, path in ((True, "/ivr/v1/callers/123"), (False, "/ivr/v1/callers/123"), (True, "/calendars/")):
        environ: dict[str, Any] = {"PATH_INFO": path}
        setup_testing_defaults(environ)
        answering(stale)(environ, lambda *args: None)
    assert child._value.get() - before == 1
