"""The client over real TLS: UCCX_VERIFY_TLS wins over REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE in every case.

The simulator's nodes speak HTTPS with a self-signed certificate (like a UCCX node's Tomcat certificate),
and the CA variables are set the way many servers set them, to a system bundle that does not trust it.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from uccx_client import UccxClient, UccxUnavailableError
from uccx_simulator import Simulator
from uccx_simulator.tls import self_signed

from .helpers import PASSWORD, TIMEOUT, USERNAME, calendar_body

SYSTEM_BUNDLE = requests.certs.where()
CA_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


@pytest.fixture(scope="module")
def https_sim() -> Iterator[Simulator]:
    sim = Simulator(username=USERNAME, password=PASSWORD, https=True)
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def tls_client(https_sim: Simulator) -> Iterator[object]:
    https_sim.reset()
    made: list[UccxClient] = []

    def make(verify: bool | str) -> UccxClient:
        client = UccxClient(
            https_sim.url("A"), https_sim.url("B"), username=USERNAME, password=PASSWORD,
            verify=verify, timeout=TIMEOUT,
        )  # fmt: skip
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture(params=CA_VARIABLES)
def ca_variable(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """One CA variable set to a bundle that does not trust the simulator (the other one unset)."""
    for name in CA_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(request.param, SYSTEM_BUNDLE)
    return request.param


def test_simulator_nodes_speak_https_with_self_urls_of_that_scheme(https_sim: Simulator, tls_client) -> None:
    assert https_sim.url("A").startswith("https://127.0.0.1:")
    client = tls_client(https_sim.certificate.certfile)
    cal_id = client.create_calendar(calendar_body("Hotline"))
    listed = client.list_calendars()
    assert listed[0]["self"] == f"{https_sim.url('A')}/adminapi/calendar/{cal_id}"


def test_verify_false_wins_over_the_ca_variables(ca_variable: str, https_sim: Simulator, tls_client) -> None:
    client = tls_client(False)
    cal_id = client.create_calendar(calendar_body("Hotline"))
    assert client.get_calendar(cal_id)["name"] == "Hotline"
    assert {state.name: state.reachable for state in client.probe_nodes()} == {"A": True, "B": True}


def test_ca_file_wins_over_the_ca_variables(ca_variable: str, https_sim: Simulator, tls_client) -> None:
    client = tls_client(https_sim.certificate.certfile)
    cal_id = client.create_calendar(calendar_body("Hotline"))
    assert client.get_calendar(cal_id)["calId"] == cal_id


def test_verify_true_refuses_the_untrusted_certificate(
    ca_variable: str, https_sim: Simulator, tls_client
) -> None:
    client = tls_client(True)
    with pytest.raises(UccxUnavailableError, match="TLS handshake failed"):
        client.list_calendars()
    assert [state.reachable for state in client.probe_nodes()] == [False, False]


def test_verify_true_is_not_loosened_by_a_ca_variable_that_trusts_the_node(
    monkeypatch: pytest.MonkeyPatch, https_sim: Simulator, tls_client
) -> None:
    """Only UCCX_VERIFY_TLS decides what is trusted: a CA variable naming the node's certificate (e.g. set
    for another program) does not make `true` accept it."""
    for name in CA_VARIABLES:
        monkeypatch.setenv(name, https_sim.certificate.certfile)
    with pytest.raises(UccxUnavailableError, match="TLS handshake failed"):
        tls_client(True).list_calendars()


def test_a_ca_file_of_another_certificate_is_refused(
    tmp_path: Path, ca_variable: str, https_sim: Simulator, tls_client
) -> None:
    other = self_signed(directory=str(tmp_path))
    with pytest.raises(UccxUnavailableError, match="TLS handshake failed"):
        tls_client(other.certfile).list_calendars()


def test_a_missing_ca_file_is_refused_at_construction(https_sim: Simulator) -> None:
    with pytest.raises(ValueError, match="CA bundle file"):
        UccxClient(https_sim.url("A"), username=USERNAME, password=PASSWORD, verify="/nonexistent/ca.pem")


def test_django_settings_reach_the_client_over_tls(
    settings, monkeypatch: pytest.MonkeyPatch, https_sim: Simulator
) -> None:
    """UCCX_VERIFY_TLS (as settings hold it) reaches the process's client: the monitor's probe works."""
    from sync.cluster import get_uccx_client, reset_uccx_client

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", SYSTEM_BUNDLE)
    https_sim.reset()
    settings.UCCX_PRIMARY_URL, settings.UCCX_SECONDARY_URL = https_sim.url("A"), https_sim.url("B")
    settings.UCCX_USERNAME, settings.UCCX_PASSWORD, settings.UCCX_TIMEOUT = USERNAME, PASSWORD, TIMEOUT
    for verify, reachable in ((https_sim.certificate.certfile, True), (False, True), (True, False)):
        settings.UCCX_VERIFY_TLS = verify
        reset_uccx_client()
        assert [node.reachable for node in get_uccx_client().probe_nodes()] == [reachable, reachable]
    reset_uccx_client()
