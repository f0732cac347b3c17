"""Test helpers: an HTTP client bound to the running simulator and request body builders."""

from __future__ import annotations

from typing import Any

import requests

from uccx_simulator import Simulator
from uccx_simulator.representation import as_list

AUTH = ("administrator", "ciscopsdt")
ACCEPT = {"json": "application/json", "xml": "application/xml"}


class Uccx:
    """Real HTTP against one simulator node, JSON by default."""

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim

    def request(
        self, method: str, path: str, *, node: str = "A", fmt: str = "json", auth: Any = AUTH, **kwargs: Any
    ) -> requests.Response:
        headers = {"Accept": ACCEPT[fmt], **kwargs.pop("headers", {})}
        return requests.request(
            method, self.sim.url(node) + path, auth=auth, headers=headers, timeout=10, **kwargs
        )

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def create_calendar(self, body: dict[str, Any], **kwargs: Any) -> int:
        response = self.post("/adminapi/calendar", json=body, **kwargs)
        assert response.status_code == 201, response.text
        return int(response.text.rsplit("/", 1)[-1])

    def upload(self, repo: str, name: str, data: bytes, **kwargs: Any) -> requests.Response:
        return self.post(f"/adminapi/{repo}/uploadFile", files={"file": (name, data)}, **kwargs)

    def store(self, repo: str, folder: str, name: str, **kwargs: Any) -> requests.Response:
        title = repo.capitalize()
        return self.post(
            f"/adminapi/{repo}", json={title: {"File": {"path": folder, "FileName": name}}}, **kwargs
        )


def api_errors(response: requests.Response) -> list[dict[str, Any]]:
    """The apiError entries of a JSON error body (a single entry may come back as a bare object)."""
    return as_list(response.json()["apiError"])


def error_text(response: requests.Response) -> str:
    return " | ".join(error["errorMessage"] for error in api_errors(response))


def interval(name: str = "Morning", start: str = "08:00", end: str = "12:00") -> dict[str, str]:
    return {"name": name, "startTime": start, "endTime": end}


def day(day_of_week: str = "MON", *intervals: dict[str, str]) -> dict[str, Any]:
    return {"dayOfWeek": day_of_week, "intervals": {"interval": list(intervals or [interval()])}}


def calendar(**fields: Any) -> dict[str, Any]:
    """A valid calendar body; keyword arguments replace fields."""
    body: dict[str, Any] = {
        "name": "Support",
        "description": "Support hotline",
        "timeZone": "Europe/Zurich",
        "calendarType": "FLEXIBLEHOURS",
        "businessDays": {"businessDay": [day("MON"), day("TUE")]},
        "specialDays": {"specialDay": []},
        "holidays": {"holiday": [{"name": "Christmas", "date": "2026-12-25"}]},
    }
    body.update(fields)
    return body
