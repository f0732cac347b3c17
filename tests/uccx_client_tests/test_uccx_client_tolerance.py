"""What real UCCX servers send that our simulator does not, and that the client must still read.

A scripted one-node UCCX answers each request as a real server was seen to: `businessDays` as a bare array,
ids as strings, an empty description as `[]`, a `201 Created` with neither body nor `Location`, and bodies
that cannot be read at all (a clear error naming the field, never "Internal error").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from uccx_client import UccxClient, UccxResponseError
from uccx_simulator.transport import Listener, Request, Response

Route = Callable[[Request], Response]


class ScriptedUccx:
    """Answers `(method, path)` from a table; anything else is a 404 apiErrors."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Route] = {}
        self.seen: list[tuple[str, str]] = []
        self.url = ""

    def __call__(self, request: Request) -> Response:
        self.seen.append((request.method, request.path))
        route = self.routes.get((request.method, request.path))
        if route is None:
            body = {
                "apiError": [
                    {"errorData": request.path, "errorMessage": "Not found", "errorType": "Not Found"}
                ]
            }
            return Response(404, json.dumps(body).encode(), "application/json")
        return route(request)

    def json(self, method: str, path: str, body: Any, status: int = 200) -> None:
        self.routes[(method, path)] = lambda request: Response(
            status, json.dumps(body).encode(), "application/json"
        )


@pytest.fixture
def scripted() -> Iterator[tuple[ScriptedUccx, UccxClient]]:
    uccx = ScriptedUccx()
    listener = Listener("127.0.0.1", 0, uccx)
    listener.start()
    uccx.url = f"http://127.0.0.1:{listener.port}"
    client = UccxClient(uccx.url, "", username="u", password="p", timeout=5)
    yield uccx, client
    client.close()
    listener.stop()


REAL_CALENDAR = {
    "self": "https://ccx/adminapi/calendar/12",
    "calId": "12",
    "name": "Support",
    "timeZone": "Europe/Zurich",
    "description": [],
    "calendarType": "FLEXIBLEHOURS",
    "businessDays": [
        {
            "dayOfWeek": "MON",
            "intervals": {"interval": {"name": "Day", "startTime": "08:00", "endTime": "17:00"}},
        },
        {"dayOfWeek": "TUE", "intervals": [{"name": "Day", "startTime": "08:00", "endTime": "17:00"}]},
    ],
    "holidays": {"holiday": {"name": "Christmas", "date": "2026-12-25"}},
}


def test_a_calendar_with_bare_arrays_string_ids_and_an_empty_description_reads_canonically(scripted) -> None:
    uccx, client = scripted
    uccx.json("GET", "/adminapi/calendar/12", REAL_CALENDAR)

    calendar = client.get_calendar(12)

    assert calendar["calId"] == 12
    assert calendar["description"] == ""
    days = calendar["businessDays"]["businessDay"]
    assert [day["dayOfWeek"] for day in days] == ["MON", "TUE"]
    assert days[0]["intervals"]["interval"] == [{"name": "Day", "startTime": "08:00", "endTime": "17:00"}]
    assert calendar["holidays"] == {"holiday": [{"name": "Christmas", "date": "2026-12-25"}]}
    assert calendar["specialDays"] == {"specialDay": []}


def test_a_list_with_one_calendar_as_a_bare_object_and_string_ids(scripted) -> None:
    uccx, client = scripted
    uccx.json("GET", "/adminapi/calendar", {"calendar": REAL_CALENDAR})

    assert [(cal["calId"], cal["name"]) for cal in client.list_calendars()] == [(12, "Support")]
    assert client.find_calendar_by_name("Support")["calId"] == 12


def test_a_bare_201_is_resolved_by_name_at_once(scripted) -> None:
    """Neither body nor Location: the new calendar is looked up by name in the same call, so the change is
    applied now and not left for a later cycle as 'maybe applied'."""
    uccx, client = scripted
    uccx.routes[("POST", "/adminapi/calendar")] = lambda request: Response(201, b"", "text/plain")
    uccx.json("GET", "/adminapi/calendar", {"calendar": [{**REAL_CALENDAR, "calId": "31"}]})

    assert client.create_calendar({"name": "Support", "calendarType": "FULLTIME"}) == 31
    assert uccx.seen == [("POST", "/adminapi/calendar"), ("GET", "/adminapi/calendar")]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"businessDays": 7}, "businessDays"),
        ({"businessDays": {"something": []}}, "businessDays"),
        ({"calId": "twelve"}, "calId"),
        ({"holidays": {"holiday": ["Christmas"]}}, "holidays"),
        ({"name": {"text": "Support"}}, "name"),
    ],
)
def test_an_unreadable_calendar_is_a_clear_error_naming_the_field(scripted, change: dict, field: str) -> None:
    uccx, client = scripted
    uccx.json("GET", "/adminapi/calendar/12", {**REAL_CALENDAR, **change})

    with pytest.raises(UccxResponseError) as caught:
        client.get_calendar(12)

    assert caught.value.field == field
    assert field in caught.value.message


def test_a_body_that_is_neither_json_nor_xml_is_a_clear_error(scripted) -> None:
    uccx, client = scripted
    uccx.routes[("GET", "/adminapi/calendar/12")] = lambda request: Response(
        200, b"<html>login</", "text/html"
    )

    with pytest.raises(UccxResponseError, match="neither JSON nor XML"):
        client.get_calendar(12)


def test_xml_answers_read_like_json_ones(scripted) -> None:
    """Some UCCX answers ignore `Accept: application/json`; the client reads the XML the same way."""
    uccx, client = scripted
    xml = (
        b"<team><teamId>4</teamId><teamname>Night</teamname><primarySupervisor name='ann'><refURL>u</refURL>"
        b"</primarySupervisor><secondarySupervisors><secondrySupervisor name='bo'><refURL>u</refURL>"
        b"</secondrySupervisor></secondarySupervisors></team>"
    )
    uccx.routes[("GET", "/adminapi/team/4")] = lambda request: Response(200, xml, "application/xml")

    team = client.get_team(4)

    assert (team["teamId"], team["teamName"], team["primarySupervisor"]["name"]) == (4, "Night", "ann")
    assert team["secondarySupervisors"] == {"secondarySupervisor": [{"name": "bo", "refURL": "u"}]}


@pytest.mark.django_db
def test_an_unreadable_body_fails_the_change_naming_the_field_not_internal_error(scripted, settings) -> None:
    """The outbox turns the client's UccxResponseError into a failed change with UCCX's field named."""
    from sync.cluster import reset_uccx_client
    from sync.models import OutboxChange
    from sync.outbox import commit_and_sync, enqueue_change

    uccx, _ = scripted
    listener_url = uccx.url
    settings.UCCX_PRIMARY_URL, settings.UCCX_SECONDARY_URL = listener_url, ""
    reset_uccx_client()
    uccx.routes[("POST", "/adminapi/calendar")] = lambda request: Response(
        201, b"", "text/plain", {"Location": f"{listener_url}/adminapi/calendar/12"}
    )
    uccx.json("GET", "/adminapi/calendar/12", {**REAL_CALENDAR, "businessDays": 7})
    body = {"name": "Support", "timeZone": "Europe/Zurich", "calendarType": "FULLTIME"}

    def save(payload: dict) -> Callable[[], OutboxChange]:
        return lambda: enqueue_change(kind="calendar", key="support", operation="upsert", payload=payload)

    created = commit_and_sync(save(body)).result
    assert created.state == "applied"
    updated = commit_and_sync(save({**body, "description": "changed"})).result

    assert updated.state == "failed"
    assert "businessDays" in updated.detail
    assert "Internal error" not in updated.detail
    reset_uccx_client()
