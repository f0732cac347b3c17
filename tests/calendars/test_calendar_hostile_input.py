"""Issue 9: hostile or careless input to the calendar API is a clear 4xx with a JSON body, never a 500,
and never stores a text the IVR's XML cannot carry. One test per finding."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from calendars.engine import limits
from calendars.models import Calendar
from sync.models import OutboxChange
from tests.calendars.test_calendar_api import URL, _upload, api, document, post
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(uccx: Simulator, accounts: dict) -> Client:
    return api(accounts["supervisor_x"])


@pytest.fixture
def pk(client: Client, team_x: Any) -> int:
    response = post(client, URL, document(team_x))
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def _json_4xx(response: Any, status: int = 400) -> Any:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()


def test_json_nested_1000_deep_is_a_400(client: Client) -> None:
    body = "[" * 1000 + "]" * 1000
    response = client.post(URL, body, content_type="application/json")
    assert "nested" in _json_4xx(response)["detail"]


def test_json_nested_deeper_than_the_limit_is_a_400_even_when_python_could_parse_it(client: Client) -> None:
    body = '{"name": ' + "[" * 100 + "]" * 100 + "}"
    response = client.post(URL, body, content_type="application/json")
    assert "nested" in _json_4xx(response)["detail"]


def test_a_10_mb_json_body_is_a_json_413(client: Client) -> None:
    body = '{"name": "' + "x" * 10_000_000 + '"}'
    response = client.post(URL, body, content_type="application/json")
    assert "too large" in _json_4xx(response, 413)["detail"]


@pytest.mark.parametrize(
    "at", ["0001-01-01T00:00:00+00:00", "1899-12-31T00:00:00+00:00", "9999-12-31T00:00:00+00:00"]
)
def test_preview_at_outside_the_evaluable_years_is_a_400(client: Client, pk: int, at: str) -> None:
    response = client.get(f"{URL}{pk}/preview/", {"at": at})
    assert "1900 to 9000" in _json_4xx(response)["at"][0]


@pytest.mark.parametrize(
    "start", ["9999-12-31T00:00:00+00:00", "0001-01-01T00:00:00+00:00", "9000-12-31T00:00:00+00:00"]
)
def test_transitions_start_outside_the_evaluable_years_is_a_400(client: Client, pk: int, start: str) -> None:
    response = client.get(f"{URL}{pk}/transitions/", {"start": start, "days": 366})
    assert "1900 to 9000" in _json_4xx(response)["start"][0]


def test_emergency_expiring_in_9999_is_a_400(client: Client, pk: int) -> None:
    body = {"mode": "force_closed", "note": "Storm", "expires_at": "9999-12-31T23:59:59Z"}
    response = post(client, f"{URL}{pk}/emergency/", body)
    assert _json_4xx(response)["expires_at"] == ["Enter an expiry in the years 1900 to 8999."]
    assert Calendar.objects.get(pk=pk).emergency_mode == ""


def test_rrule_interval_minus_one_is_a_400(client: Client, team_x: Any) -> None:
    holiday = {
        "name": "Odd",
        "when": {"kind": "rrule", "rule": "FREQ=DAILY;INTERVAL=-1", "dtstart": "2026-01-01"},
    }
    response = post(client, URL, document(team_x, holidays=[holiday]))
    body = _json_4xx(response)
    assert body["holidays"]["0"]["when"]["rule"] == [
        "INTERVAL must be a whole number from 1 to 1,000 (-1 given)."
    ]
    assert not Calendar.objects.exists()


def _ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\nUID:{n}@test\r\n{e}END:VEVENT\r\n" for n, e in enumerate(events))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n".encode()


def test_ics_with_a_huge_duration_is_a_400(client: Client, pk: int) -> None:
    data = _ics("SUMMARY:Forever\r\nDTSTART;VALUE=DATE:20260101\r\nDURATION:P100000000D\r\n")
    response = client.post(f"{URL}{pk}/holidays.ics", {"file": _upload(data)})
    assert "Event 1 (Forever)" in _json_4xx(response)["file"][0]


def test_emergency_note_with_control_characters_is_refused(client: Client, pk: int) -> None:
    response = post(client, f"{URL}{pk}/emergency/", {"mode": "force_closed", "note": "Storm\u0001\u001b"})
    assert "control character" in _json_4xx(response)["note"][0]
    assert Calendar.objects.get(pk=pk).emergency_note == ""


def test_ics_summary_with_control_characters_is_refused(client: Client, pk: int) -> None:
    data = _ics("SUMMARY:Bad\x01\x1bDay\r\nDTSTART;VALUE=DATE:20260101\r\n")
    response = client.post(f"{URL}{pk}/holidays.ics", {"file": _upload(data)})
    message = _json_4xx(response)["file"][0]
    assert message.startswith("Event 1: its SUMMARY holds a control character.")


def test_names_and_descriptions_with_control_characters_are_refused(client: Client, team_x: Any) -> None:
    holiday = {"name": "New\u0007Year", "when": {"kind": "yearly", "month": 1, "day": 1}}
    named = _json_4xx(post(client, URL, document(team_x, holidays=[holiday])))
    described = _json_4xx(post(client, URL, document(team_x, description="Hot\u001bline")))
    assert named["holidays"]["0"]["name"] == ["Remove the control character U+0007 at position 4."]
    assert described["description"] == ["Remove the control character U+001B at position 4."]
    assert not Calendar.objects.exists()


@pytest.mark.timeout(20)
def test_20000_holidays_are_refused_by_the_body_limit_and_600_by_count(client: Client, team_x: Any) -> None:
    """20,000 holidays took 25.6 s to save."""
    holiday = {"name": "Day", "when": {"kind": "date", "date": "2026-01-01"}}
    too_large = post(client, URL, document(team_x, holidays=[holiday] * 20_000))
    too_many = post(client, URL, document(team_x, holidays=[holiday] * 600))
    assert "too large" in _json_4xx(too_large, 413)["detail"]
    assert _json_4xx(too_many)["holidays"] == [
        f"At most {limits.MAX_HOLIDAYS} items are allowed (600 given)."
    ]
    assert not OutboxChange.objects.exists()


@pytest.mark.timeout(20)
def test_10000_monday_intervals_are_refused_by_count(client: Client, team_x: Any) -> None:
    response = post(client, URL, document(team_x, weekly={"monday": ["08:00-09:00"] * 10_000}))
    body = _json_4xx(response)
    assert body["weekly"]["monday"] == [
        f"At most {limits.MAX_INTERVALS_PER_DAY} items are allowed (10,000 given)."
    ]


def test_an_ics_file_larger_than_the_limit_is_refused_before_parsing(client: Client, pk: int) -> None:
    from calendars.ics import MAX_ICS_BYTES

    data = _ics("SUMMARY:Big\r\nDTSTART;VALUE=DATE:20260101\r\nDESCRIPTION:" + "x" * MAX_ICS_BYTES + "\r\n")
    response = client.post(f"{URL}{pk}/holidays.ics", {"file": _upload(data)})
    assert "at most" in _json_4xx(response)["file"][0]


def test_an_ics_file_with_more_events_than_holidays_allowed_is_refused(client: Client, pk: int) -> None:
    data = _ics(*["SUMMARY:Day\r\nDTSTART;VALUE=DATE:20260101\r\n"] * (limits.MAX_HOLIDAYS + 1))
    response = client.post(f"{URL}{pk}/holidays.ics", {"file": _upload(data)})
    assert f"at most {limits.MAX_HOLIDAYS}" in _json_4xx(response)["file"][0]


def test_a_management_view_reusing_the_ivr_s_at_reader_answers_400_not_500(accounts: dict) -> None:
    """Found by the schema fuzzer: /api/v1/announcements/preview/?at=no-store answered 500."""
    response = api(accounts["admin"]).get("/api/v1/announcements/preview/", {"at": "no-store"})
    assert "must be an ISO 8601 date" in str(_json_4xx(response))  # as a field error of `at`
