"""Error mapping, JSON quirks, and secrets kept out of messages and logs."""

import base64
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from uccx_client import UccxAuthError, UccxClient, UccxError, UccxUnavailableError, UccxValidationError
from uccx_client.quirks import api_errors, as_list, error_message, plain_keys

from .helpers import PASSWORD, USERNAME, calendar_body, wait_for

SECRETS = (PASSWORD, base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode())


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def test_wrong_password_is_an_auth_error_without_failover(make_client, uccx_sim) -> None:
    uccx = make_client(password="wrong-" + PASSWORD)
    with pytest.raises(UccxAuthError) as caught:
        uccx.list_calendars()
    assert caught.value.status == 401
    assert [r.node for r in uccx_sim.requests] == ["A"]
    assert_no_secret(str(caught.value) + repr(caught.value))


def test_credentials_never_reach_messages_or_logs(make_client, uccx_sim, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    uccx = make_client()
    errors: list[UccxError] = []
    uccx.create_calendar(calendar_body("Support"))
    for setup, call in [
        (lambda: uccx_sim.set_ambiguous(True), lambda: uccx.create_calendar(calendar_body("Sales"))),
        (lambda: uccx_sim.set_cluster("read_only"), lambda: uccx.create_calendar(calendar_body("Ops"))),
        (lambda: uccx_sim.set_node("A", "down"), lambda: uccx.create_calendar(calendar_body("HR"))),
        (lambda: uccx_sim.set_node("B", "failing"), lambda: uccx.list_calendars()),
    ]:
        setup()
        with pytest.raises(UccxError) as caught:
            call()
        errors.append(caught.value)
    probes = uccx.probe_nodes()

    assert len(caplog.records) > 0
    assert_no_secret(caplog.text)
    assert_no_secret(repr(uccx) + repr(probes))
    for error in errors:
        assert_no_secret(str(error) + repr(error) + str(error.__cause__ or ""))


def test_urls_with_credentials_are_refused_without_echoing_them() -> None:
    with pytest.raises(ValueError, match="must not contain credentials") as caught:
        UccxClient(
            f"https://{USERNAME}:{PASSWORD}@ccx-a.example.com", "", username=USERNAME, password=PASSWORD
        )
    assert_no_secret(str(caught.value))


@pytest.mark.parametrize("url", ["ccx-a.example.com", "ftp://ccx-a", "https://ccx-a/x?y=1"])
def test_bad_node_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="UCCX node A URL"):
        UccxClient(url, "", username=USERNAME, password=PASSWORD)


class _ErrorOnSuccessHandler(BaseHTTPRequestHandler):
    """Answers 200 with an apiError body, as UCCX does on some calls."""

    def do_GET(self) -> None:
        error = {"errorData": "x", "errorMessage": "Calendar x is broken.", "errorType": "Bad Request"}
        body = json.dumps({"apiError": error}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def error_on_success_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ErrorOnSuccessHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_api_errors_on_a_2xx_answer_are_errors(error_on_success_url: str) -> None:
    uccx = UccxClient(error_on_success_url, "", username=USERNAME, password=PASSWORD, timeout=2)
    with pytest.raises(UccxValidationError) as caught:
        uccx.get_calendar(1)
    assert caught.value.message == "Calendar x is broken."
    assert caught.value.status == 400


def test_json_quirk_helpers() -> None:
    assert as_list(None) == []
    assert as_list("") == []
    assert as_list({"a": 1}) == [{"a": 1}]
    assert as_list([1, 2]) == [1, 2]
    assert plain_keys({"@name": "HR", "refURL": "u", "list": [{"@id": 1}]}) == {
        "name": "HR",
        "refURL": "u",
        "list": [{"id": 1}],
    }
    nested = {"apiErrors": {"apiError": [{"errorMessage": "one"}, {"errorData": "two"}]}}
    assert error_message(api_errors(nested)) == "one; two"
    assert api_errors({"calendar": []}) == []
    assert api_errors(["not", "a", "dict"]) == []


def test_probe_nodes(uccx: UccxClient, uccx_sim) -> None:
    a, b = uccx.probe_nodes()
    assert (a.name, a.reachable, a.master, a.read_only, a.error) == ("A", True, True, False, "")
    assert (b.name, b.reachable, b.master, b.read_only) == ("B", True, False, False)
    assert a.latency_ms is not None
    assert a.url == uccx_sim.url("A")
    assert a.checked_at.tzinfo is not None

    uccx_sim.set_node("A", "down")
    a, b = uccx.probe_nodes()
    assert (a.reachable, a.master, a.latency_ms) == (False, False, None)
    assert "connection refused" in a.error
    assert (b.reachable, b.master) == (True, True)  # the survivor takes mastership

    uccx_sim.set_node("A", "up")
    uccx_sim.set_cluster("island")
    assert [(p.master, p.read_only) for p in uccx.probe_nodes()] == [(True, True), (True, True)]


def test_probe_of_a_slow_node_is_bounded_by_the_timeout(make_client, uccx_sim) -> None:
    uccx = make_client(timeout=0.5)
    uccx_sim.set_node("B", "up", latency=2.0)
    a, b = uccx.probe_nodes()
    assert a.reachable is True
    assert (b.reachable, b.error.endswith("no answer within 0.5 s")) == (False, True)
    wait_for(lambda: any(r.node == "B" for r in uccx_sim.requests), timeout=7)  # let B's late answer land


def test_is_db_master(uccx: UccxClient, uccx_sim) -> None:
    assert uccx.is_db_master(uccx_sim.url("A")) is True
    assert uccx.is_db_master(uccx_sim.url("B") + "/") is False
    uccx_sim.set_master("B")
    assert uccx.is_db_master(uccx_sim.url("B")) is True
    with pytest.raises(ValueError, match="one of the client's UCCX nodes"):
        uccx.is_db_master("http://elsewhere.example.com")
    uccx_sim.set_node("A", "down")
    with pytest.raises(UccxUnavailableError):
        uccx.is_db_master(uccx_sim.url("A"))
