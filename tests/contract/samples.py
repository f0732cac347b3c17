"""Cisco's adminapi samples (`cisco-samples/`) and a driver of the simulator's node A to send them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from uccx_simulator import Simulator

SAMPLES = Path(__file__).parent / "cisco-samples"
AUTH = ("administrator", "ciscopsdt")
PLACEHOLDER = "........"  # Cisco's "and more calendars" stand-in in calendar-list-summary.xml
CCCALENDAR = "com.cisco.cccalendar.CCCalendar"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


class Uccx:
    def __init__(self, sim: Simulator) -> None:
        self.sim = sim

    def call(self, method: str, path: str, *, fmt: str = "xml", **kwargs: Any) -> requests.Response:
        accept = {"Accept": f"application/{fmt}"}
        return requests.request(
            method, self.sim.url("A") + path, auth=AUTH, headers={**accept, **kwargs.pop("headers", {})},
            timeout=10, **kwargs,
        )  # fmt: skip

    def send_sample(self, method: str, path: str, name: str) -> requests.Response:
        return self.call(method, path, data=sample(name), headers={"Content-Type": "application/xml"})

    def folder(self, repo: str, parent: str, name: str) -> None:
        title = repo.capitalize()
        body = {title: {"Folder": {"path": parent, "FolderName": name}}}
        assert self.call("POST", f"/adminapi/{repo}", json=body).status_code == 201

    def calendar(self, name: str, **fields: Any) -> None:
        body = {"name": name, "timeZone": "Asia/Kolkata", "calendarType": "FULLTIME", **fields}
        assert self.call("POST", "/adminapi/calendar", json=body).status_code == 201

    def application(self, name: str, app_id: int, script: str, params: list[dict[str, Any]]) -> None:
        self.sim.add_application(
            {
                "ScriptApplication": {"script": script, "scriptParams": params},
                "id": app_id,
                "applicationName": name,
                "type": "Cisco Script Application",
                "description": f"{name} description",
                "maxsession": 10,
                "enabled": True,
            }
        )

    def bound_applications(self, calendar: str) -> None:
        for app_id, name in enumerate(("TestApplication", "TestApp2"), start=1):
            self.application(
                name, app_id, "SCRIPT[icd.aef]", [{"name": "Hours", "value": calendar, "type": CCCALENDAR}]
            )
