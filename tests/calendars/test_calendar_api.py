"""The management API /api/v1/calendars/: each bad input is a 400 with field errors and saves nothing; a
save is 201/200 once UCCX has it, 202 while UCCX is read-only and applied after the drain; team rules."""

from __future__ import annotations

from copy import deepcopy
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from calendars.models import Calendar
from sync.models import OutboxChange
from sync.replay import drain, wake_pending
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db
URL = "/api/v1/calendars/"
ZURICH = ZoneInfo("Europe/Zurich")

DOCUMENT: dict[str, Any] = {
    "name": "Support",
    "time_zone": "Europe/Zurich",
    "description": "Hotline",
    "weekly": {"monday": ["08:00-12:00", "13:00-17:00"], "friday": ["08:00-12:00", "22:00-02:00"]},
    "holidays": [
        {"name": "Christmas", "when": {"kind": "yearly", "month": 12, "day": 25}},
        {
            "name": "Thanksgiving",
            "when": {"kind": "rrule", "rule": "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "dtstart": "2020-01-01"},
        },
    ],
    "special_days": [{"date": "2030-12-24", "name": "Christmas Eve", "intervals": ["08:00-12:00"]}],
}


def document(team: Any = None, **changes: Any) -> dict[str, Any]:
    return {**deepcopy(DOCUMENT), "team": team.pk if team else None, **changes}


def api(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json")


def test_a_supervisor_creates_a_calendar_and_uccx_has_it(
    uccx: Simulator, accounts: dict, team_x: Any
) -> None:
    response = post(api(accounts["supervisor_x"]), URL, document(team_x))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["sync"]["state"] == "applied"
    assert body["weekly"]["friday"] == ["08:00-12:00", "22:00-02:00"]
    assert body["holidays"][1]["when"]["rule"] == "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH"
    assert body["team"] == team_x.pk
    assert body["emergency"]["active"] is False
    [copy] = uccx.calendars.values()
    assert copy["name"] == "Support"
    assert {b["dayOfWeek"] for b in copy["businessDays"]["businessDay"]} == {"MON", "FRI", "SAT"}


BAD = [
    (
        "overlap",
        {"weekly": {"friday": ["08:00-12:00", "11:00-13:00"]}},
        ["weekly", "friday", "1"],
        "overlaps",
    ),
    (
        "end before start",
        {"special_days": [{"date": "2030-12-24", "name": "Eve", "intervals": ["12:00-08:00"]}]},
        ["special_days", "0", "intervals", "0"],
        "runs past midnight",
    ),
    ("unknown time zone", {"time_zone": "Europe/Atlantis"}, ["time_zone"], "IANA"),
    (
        "25:00",
        {"weekly": {"monday": ["08:00-25:00"]}},
        ["weekly", "monday", "0"],
        "25:00 is not a time of day",
    ),
    ("not an interval", {"weekly": {"monday": ["8 to 5"]}}, ["weekly", "monday", "0"], "HH:MM-HH:MM"),
    (
        "malformed RRULE",
        {
            "holidays": [
                {
                    "name": "X",
                    "when": {"kind": "rrule", "rule": "FREQ=YEARLY;BYDAY=4XX", "dtstart": "2026-01-01"},
                }
            ]
        },
        ["holidays", "0", "when", "rule"],
        "Not a valid RRULE",
    ),
    ("a name UCCX refuses", {"name": "Support: 24/7"}, ["name"], "UCCX would refuse"),
    ("a name too long", {"name": "A" * 31}, ["name"], "1 to 30 characters"),
    ("unknown weekday", {"weekly": {"funday": ["08:00-12:00"]}}, ["weekly", "funday"], "Not a weekday"),
    (
        "missing date of a holiday",
        {"holidays": [{"name": "X", "when": {"kind": "date"}}]},
        ["holidays", "0", "when", "date"],
        "Required when kind is date",
    ),
    (
        "four intervals once split at midnight",
        {"weekly": {"friday": ["22:00-01:00"], "saturday": ["02:00-03:00", "04:00-05:00", "06:00-07:00"]}},
        ["weekly", "saturday"],
        "at most 3 intervals",
    ),
    ("description too long", {"description": "x" * 71}, ["description"], "at most 70"),
]


@pytest.mark.parametrize(("label", "changes", "path", "words"), BAD, ids=[b[0] for b in BAD])
def test_each_bad_input_is_a_400_with_field_errors_and_saves_nothing(
    uccx: Simulator, accounts: dict, team_x: Any, label: str, changes: dict, path: list[str], words: str
) -> None:
    response = post(api(accounts["supervisor_x"]), URL, document(team_x, **changes))

    assert response.status_code == 400, response.json()
    node = response.json()
    for key in path:
        assert key in node, (label, response.json())
        node = node[key]
    assert any(words in message for message in node), node
    assert not Calendar.objects.exists()
    assert not OutboxChange.objects.exists()
    assert uccx.calendars == {}


def test_unknown_holiday_country_and_malformed_ics_are_400(
    uccx: Simulator, accounts: dict, team_x: Any
) -> None:
    client = api(accounts["supervisor_x"])
    pk = post(client, URL, document(team_x)).json()["id"]
    version = Calendar.objects.get().version

    country = post(client, f"{URL}{pk}/holidays/import/", {"country": "XX"})
    subdivision = post(client, f"{URL}{pk}/holidays/import/", {"country": "CH", "subdivision": "QQ"})
    ics = client.post(f"{URL}{pk}/holidays.ics", {"file": _upload(b"BEGIN:VCALENDAR\r\nnot ical\r\n")})

    assert country.status_code == 400
    assert "Unknown country 'XX'" in country.json()["country"][0]
    assert subdivision.status_code == 400
    assert "has no subdivision 'QQ'" in subdivision.json()["subdivision"][0]
    assert ics.status_code == 400
    assert "not a valid iCalendar" in ics.json()["file"][0]
    assert Calendar.objects.get().version == version


def _upload(data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("holidays.ics", data, content_type="text/calendar")


def test_holidays_import_and_ics_round_trip(uccx: Simulator, accounts: dict, team_x: Any) -> None:
    client = api(accounts["supervisor_x"])
    pk = post(client, URL, document(team_x, holidays=[])).json()["id"]

    imported = post(
        client, f"{URL}{pk}/holidays/import/", {"country": "DE", "subdivision": "BY", "years": [2027]}
    )
    assert imported.status_code == 200, imported.json()
    assert imported.json()["added"] >= 12
    exported = client.get(f"{URL}{pk}/holidays.ics")
    assert exported["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Heilige Drei K" in exported.content or b"SUMMARY:Epiphany" in exported.content

    other = post(client, URL, document(team_x, name="Copy", holidays=[])).json()["id"]
    loaded = client.post(f"{URL}{other}/holidays.ics", {"file": _upload(exported.content)})
    assert loaded.status_code == 200, loaded.json()
    assert loaded.json()["added"] == imported.json()["added"]


def test_queued_202_when_uccx_is_read_only_then_applied_after_the_drain(
    uccx: Simulator, accounts: dict, team_x: Any
) -> None:
    uccx.set_cluster("read_only")
    response = post(api(accounts["supervisor_x"]), URL, document(team_x))

    assert response.status_code == 202, response.json()
    sync = response.json()["sync"]
    assert sync["state"] == "queued"
    assert "read-only" in sync["detail"]
    assert uccx.calendars == {}
    assert Calendar.objects.filter(name="Support").exists()  # saved here, and the IVR API answers from it

    uccx.set_cluster("normal")
    wake_pending()
    drain(budget=5.0)

    assert OutboxChange.objects.get(pk=sync["change"]).state == "applied"
    [copy] = uccx.calendars.values()
    assert copy["name"] == "Support"


def test_put_replaces_patch_merges_delete_removes(uccx: Simulator, accounts: dict, team_x: Any) -> None:
    client = api(accounts["supervisor_x"])
    pk = post(client, URL, document(team_x)).json()["id"]

    patched = client.patch(f"{URL}{pk}/", {"description": "New text"}, content_type="application/json")
    assert patched.status_code == 200, patched.json()
    assert patched.json()["description"] == "New text"
    assert patched.json()["weekly"]["friday"] == ["08:00-12:00", "22:00-02:00"]

    put = client.put(
        f"{URL}{pk}/", document(team_x, weekly={"tuesday": ["09:00-11:00"]}), content_type="application/json"
    )
    assert put.status_code == 200, put.json()
    assert put.json()["weekly"] == {"tuesday": ["09:00-11:00"]}
    [copy] = uccx.calendars.values()
    assert [b["dayOfWeek"] for b in copy["businessDays"]["businessDay"]] == ["TUE"]

    deleted = client.delete(f"{URL}{pk}/")
    assert deleted.status_code == 200
    assert deleted.json()["sync"]["state"] == "applied"
    assert uccx.calendars == {}


def test_emergency_switch_preview_and_transitions(uccx: Simulator, accounts: dict, team_x: Any) -> None:
    client = api(accounts["supervisor_x"])
    pk = post(client, URL, document(team_x)).json()["id"]

    on = post(client, f"{URL}{pk}/emergency/", {"mode": "force_closed", "note": "Power cut"})
    assert on.status_code == 200, on.json()
    assert on.json()["emergency"] | {"since": None} == {
        "mode": "force_closed",
        "active": True,
        "note": "Power cut",
        "prompt": "",
        "expires_at": None,
        "since": None,
    }
    preview = client.get(f"{URL}{pk}/preview/")
    assert preview.json()["state"] == "emergency"
    assert preview.json()["reason"] == "Power cut"
    dashboard = client.get(f"{URL}dashboard/").json()
    assert [(row["name"], row["emergency"]["active"]) for row in dashboard] == [("Support", True)]

    bad = post(
        client,
        f"{URL}{pk}/emergency/",
        {"mode": "force_closed", "note": "x", "expires_at": "2001-01-01T00:00:00Z"},
    )
    assert bad.status_code == 400
    assert bad.json() == {"expires_at": ["The end must be in the future."]}

    off = client.delete(f"{URL}{pk}/emergency/")
    assert off.status_code == 200
    assert off.json()["emergency"]["active"] is False

    at = client.get(f"{URL}{pk}/preview/", {"at": "2030-12-24T10:00:00+01:00"}).json()
    assert (at["state"], at["reason"], at["next_change"]) == (
        "open",
        "Christmas Eve",
        "2030-12-24T12:00:00+01:00",
    )
    wrong = client.get(f"{URL}{pk}/preview/", {"at": "tomorrow"})
    assert wrong.status_code == 400
    assert "ISO 8601" in wrong.json()["at"][0]

    start = datetime(2030, 12, 23, 0, 0, tzinfo=ZURICH).isoformat()
    transitions = client.get(f"{URL}{pk}/transitions/", {"start": start, "days": 3}).json()
    assert [(t["evaluated_at"][:16], t["state"]) for t in transitions] == [
        ("2030-12-23T00:00", "closed"),
        ("2030-12-23T08:00", "open"),
        ("2030-12-23T12:00", "closed"),
        ("2030-12-23T13:00", "open"),
        ("2030-12-23T17:00", "closed"),
        ("2030-12-24T00:00", "closed"),  # the reason changes: after hours -> Christmas Eve
        ("2030-12-24T08:00", "open"),
        ("2030-12-24T12:00", "closed"),
        ("2030-12-25T00:00", "holiday"),
    ]


def test_copy_day_endpoint(uccx: Simulator, accounts: dict, team_x: Any) -> None:
    client = api(accounts["supervisor_x"])
    pk = post(client, URL, document(team_x)).json()["id"]
    copied = post(client, f"{URL}{pk}/weekly/copy/", {"from_day": 0, "to_days": [1, 2]})
    assert copied.status_code == 200, copied.json()
    assert (
        copied.json()["weekly"]["tuesday"]
        == copied.json()["weekly"]["wednesday"]
        == ["08:00-12:00", "13:00-17:00"]
    )
    nothing = post(client, f"{URL}{pk}/weekly/copy/", {"from_day": 0, "to_days": [0]})
    assert nothing.status_code == 400
    assert "other day" in nothing.json()["to_days"][0]


def test_a_supervisor_of_another_team_is_refused(
    uccx: Simulator, accounts: dict, team_x: Any, team_y: Any
) -> None:
    pk = post(api(accounts["supervisor_x"]), URL, document(team_x)).json()["id"]
    other = api(accounts["supervisor_y"])

    assert other.get(f"{URL}{pk}/").status_code == 403
    assert (
        other.patch(f"{URL}{pk}/", {"description": "mine"}, content_type="application/json").status_code
        == 403
    )
    assert post(other, f"{URL}{pk}/emergency/", {"mode": "force_closed", "note": "x"}).status_code == 403
    assert other.delete(f"{URL}{pk}/").status_code == 403
    assert other.get(f"{URL}{pk}/preview/").status_code == 403
    assert other.get(URL).json() == []
    assert Calendar.objects.get().emergency_mode == ""

    foreign_team = post(other, URL, document(team_x, name="Mine"))
    assert foreign_team.status_code == 400
    assert "do not supervise team Support" in foreign_team.json()["team"][0]
    everyone = post(other, URL, document(None, name="Mine"))
    assert everyone.status_code == 400
    assert "only administrators" in everyone.json()["team"][0]


def test_viewers_read_and_cannot_write(uccx: Simulator, accounts: dict, team_x: Any) -> None:
    pk = post(api(accounts["admin"]), URL, document(None)).json()["id"]
    viewer = api(accounts["viewer"])
    assert viewer.get(f"{URL}{pk}/").status_code == 200
    assert post(viewer, URL, document(None, name="Other")).status_code == 403
    assert post(viewer, f"{URL}{pk}/emergency/", {"mode": "force_closed", "note": "x"}).status_code == 403
    supervisor = api(accounts["supervisor_x"])
    assert supervisor.get(f"{URL}{pk}/").status_code == 200  # shared with everyone: visible
    assert (
        supervisor.patch(f"{URL}{pk}/", {"description": "x"}, content_type="application/json").status_code
        == 403
    )


def test_the_schema_documents_the_calendar_api(accounts: dict) -> None:
    response = api(accounts["admin"]).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/calendars/{id}/emergency/" in paths
    assert "/api/v1/calendars/" in paths
