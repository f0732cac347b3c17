"""The HTTP control API and the command line, as other processes and the demo drive them."""

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from .helpers import AUTH, calendar

ROOT = Path(__file__).resolve().parents[2]


def control(uccx, method: str, path: str, body=None) -> requests.Response:
    return requests.request(method, uccx.sim.control_url + path, json=body, timeout=5)


def test_state_reports_nodes_and_urls(uccx):
    state = control(uccx, "GET", "/state").json()

    assert state["cluster"] == "normal"
    assert state["master"] == "A"
    assert state["nodes"]["A"] == {"mode": "up", "latency": 0.0, "master": True, "url": uccx.sim.url("A")}
    assert state["nodes"]["B"]["master"] is False


def test_node_down_and_up_over_http(uccx):
    assert control(uccx, "POST", "/nodes/A", {"mode": "down"}).json()["nodes"]["A"]["mode"] == "down"
    with pytest.raises(requests.ConnectionError):
        uccx.get("/adminapi/calendar")

    control(uccx, "POST", "/nodes/A", {"mode": "up", "latency": 0.05})

    assert uccx.get("/adminapi/calendar").status_code == 200
    assert uccx.sim.state.nodes["A"].latency == 0.05


def test_cluster_master_ambiguous_and_write_latency_over_http(uccx):
    control(uccx, "POST", "/cluster", {"mode": "read_only"})
    assert uccx.post("/adminapi/calendar", json=calendar()).status_code == 503

    control(uccx, "POST", "/cluster", {"mode": "normal"})
    control(uccx, "POST", "/master", {"node": "B"})
    control(uccx, "POST", "/ambiguous", {"enabled": True})
    state = control(uccx, "POST", "/write-latency", {"seconds": 0.01}).json()

    assert (state["master"], state["ambiguous"], state["write_latency"]) == ("B", True, 0.01)
    with pytest.raises(requests.ConnectionError):
        uccx.post("/adminapi/calendar", json=calendar())
    assert len(uccx.sim.calendars) == 1


def test_requests_log_and_reset_over_http(uccx):
    uccx.create_calendar(calendar())

    logged = control(uccx, "GET", "/requests").json()["requests"]
    assert [(r["node"], r["method"], r["path"], r["status"], r["dropped"]) for r in logged] == [
        ("A", "POST", "/adminapi/calendar", 201, False)
    ]
    assert '"Support"' in logged[0]["body"]

    assert control(uccx, "DELETE", "/requests").json() == {"requests": []}
    assert uccx.sim.requests == []

    control(uccx, "POST", "/reset")
    assert uccx.sim.calendars == {}


def test_seed_demo_over_http(uccx):
    counts = control(uccx, "POST", "/seed-demo").json()["counts"]

    assert counts["teams"] == 3
    assert counts["applications"] == 2
    assert counts["prompts"] >= 3


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/nodes/A", {"mode": "sideways"}, 400),
        ("/nodes/C", {"mode": "down"}, 404),
        ("/cluster", {"mode": "split"}, 400),
        ("/master", {"node": "Z"}, 400),
        ("/ambiguous", {"enabled": "yes"}, 400),
        ("/write-latency", {"seconds": -1}, 400),
        ("/nowhere", {}, 404),
    ],
)
def test_control_rejects_bad_input(uccx, path, body, status):
    response = control(uccx, "POST", path, body)

    assert response.status_code == status
    assert response.json()["error"]


def test_control_rejects_non_json(uccx):
    response = requests.post(uccx.sim.control_url + "/cluster", data="mode=island", timeout=5)

    assert response.status_code == 400
    assert uccx.sim.state.cluster == "normal"


def test_command_line_serves_until_sigterm():
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uccx_simulator",
            "--port-a",
            "0",
            "--port-b",
            "0",
            "--control-port",
            "0",
            "--seed-demo",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        banner = process.stdout.readline()
        urls = dict(re.findall(r"(node A|node B|control) (http://\S+?),?(?:\s|$)", banner))
        assert set(urls) == {"node A", "node B", "control"}, banner

        teams = requests.get(
            urls["node B"] + "/adminapi/team", auth=AUTH, headers={"Accept": "application/json"}, timeout=5
        )
        assert [t["teamname"] for t in teams.json()["team"]] == ["Support", "Sales", "Billing"]
        assert requests.get(urls["control"] + "/state", timeout=5).json()["cluster"] == "normal"

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=5) == 0
    finally:
        process.kill()
        process.wait()


def test_wipe_empties_the_configuration_behind_the_apps_back(uccx):
    control(uccx, "POST", "/seed-demo")
    control(uccx, "POST", "/nodes/B", {"mode": "down"})

    state = control(uccx, "POST", "/wipe").json()

    assert state["counts"]["calendars"] == state["counts"]["applications"] == state["counts"]["teams"] == 0
    assert state["nodes"]["B"]["mode"] == "down"  # only the data went


def test_command_line_https_prints_the_certificate_that_trusts_it():
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uccx_simulator",
            "--port-a",
            "0",
            "--port-b",
            "0",
            "--control-port",
            "0",
            "--https",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        banner = process.stdout.readline()
        node_a = re.search(r"node A (https://\S+?),", banner)
        assert node_a, banner
        certificate = re.search(r"UCCX_VERIFY_TLS=this path\): (\S+)", process.stdout.readline())
        assert certificate

        answer = requests.get(node_a[1] + "/uccx/isDBMaster", verify=certificate[1], timeout=5)
        assert "<isMaster>true</isMaster>" in answer.text
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(node_a[1] + "/uccx/isDBMaster", verify=requests.certs.where(), timeout=5)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=5)
