"""One calendar, three answers that must agree: the IVR endpoint, the preview selector and UCCX's own copy
(as the simulator stores it), for a calendar with overnight hours, imported national holidays, a special
day and an emergency switch, at instants across four months (Christmas, New Year, a DST change, Easter)."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from calendars.models import Calendar
from calendars.selectors import calendar_preview
from tests.calendars.uccx_eval import uccx_state
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db
ZURICH = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 12, 18, 9, 0, tzinfo=ZURICH)  # a Friday
SPECIFIC = [
    datetime(2026, 12, 18, 23, 30, tzinfo=ZURICH),  # Friday night: the overnight interval, emergency
    datetime(2026, 12, 19, 10, 0, tzinfo=ZURICH),  # Saturday morning: normally open, emergency closed
    datetime(2026, 12, 21, 9, 59, tzinfo=ZURICH),  # the emergency's last minute
    datetime(2026, 12, 21, 10, 0, tzinfo=ZURICH),  # it expired: Monday hours
    datetime(2026, 12, 25, 23, 30, tzinfo=ZURICH),  # Christmas is a Friday: no overnight shift
    datetime(2026, 12, 26, 1, 0, tzinfo=ZURICH),  # Saint Stephen's Day covers the Friday spill too
    datetime(2027, 1, 8, 23, 30, tzinfo=ZURICH),  # an ordinary Friday night: open
    datetime(2027, 1, 9, 1, 30, tzinfo=ZURICH),  # ... until 02:00 on Saturday
    datetime(2027, 1, 9, 2, 0, tzinfo=ZURICH),  # closed again
    datetime(2027, 1, 15, 23, 30, tzinfo=ZURICH),  # a special-day Friday: no overnight interval ...
    datetime(2027, 1, 16, 1, 0, tzinfo=ZURICH),  # ... so no spill after midnight either
    datetime(2027, 3, 26, 10, 0, tzinfo=ZURICH),  # Good Friday
    datetime(2027, 3, 28, 1, 30, tzinfo=ZURICH),  # the night the clocks go forward
]


def _agreeing_calendar(uccx: Simulator, accounts: dict, team: Any) -> Calendar:
    client = Client()
    client.force_login(accounts["supervisor_x"])
    office = ["08:00-12:00", "13:00-17:00"]
    created = client.post(
        "/api/v1/calendars/",
        {
            "name": "Support",
            "time_zone": "Europe/Zurich",
            "team": team.pk,
            "weekly": {
                "monday": office,
                "tuesday": office,
                "wednesday": office,
                "thursday": office,
                "friday": [*office, "22:00-02:00"],
                "saturday": ["09:00-12:00"],
            },
            "special_days": [{"date": "2027-01-15", "name": "Short Friday", "intervals": ["08:00-12:00"]}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    imported = client.post(
        f"/api/v1/calendars/{pk}/holidays/import/",
        {"country": "CH", "subdivision": "ZH", "years": [2026, 2027]},
        content_type="application/json",
    )
    assert imported.status_code == 200, imported.json()
    switched = client.post(
        f"/api/v1/calendars/{pk}/emergency/",
        {"mode": "force_closed", "note": "Storm", "expires_at": "2026-12-21T10:00:00+01:00"},
        content_type="application/json",
    )
    assert switched.status_code == 200, switched.json()
    assert switched.json()["sync"]["state"] == "applied"
    return Calendar.objects.get(pk=pk)


def test_ivr_preview_and_uccx_copy_agree(uccx: Simulator, accounts: dict, team_x: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        calendar = _agreeing_calendar(uccx, accounts, team_x)
    [body] = uccx.calendars.values()
    token = base64.b64encode(b"ivr:ivr-pw").decode()
    ivr = Client(HTTP_AUTHORIZATION=f"Basic {token}")
    sampled = [NOW + timedelta(minutes=97 * n) for n in range(120 * 24 * 60 // 97)]
    seen: set[tuple[str, bool]] = set()

    for at in SPECIFIC + sampled:
        local = at.astimezone(ZURICH)
        if (local.hour, local.minute) == (23, 59):
            continue  # UCCX's day ends at 23:59: the one minute its copy cannot express
        answer = ivr.get("/ivr/v1/calendars/Support/status", {"at": at.isoformat()}).json()
        preview = calendar_preview(calendar, at)
        uccx_says = uccx_state(body, at)
        assert (answer["state"], answer["is_open"], answer["reason"]) == (
            preview.state,
            preview.is_open,
            preview.reason,
        )
        for field in ("next_change", "next_open"):
            moment = getattr(preview, field)
            assert answer[field] == (moment and moment.isoformat(timespec="seconds")), field
        assert answer["evaluated_at"] == preview.evaluated_at.isoformat(timespec="seconds")
        assert (uccx_says == "open") == answer["is_open"], (local, answer, uccx_says)
        assert (uccx_says == "holiday") == (answer["state"] == "holiday"), (local, answer, uccx_says)
        seen.add((answer["state"], answer["is_open"]))

    assert seen == {("open", True), ("closed", False), ("holiday", False), ("emergency", False)}
    states = {
        at: ivr.get("/ivr/v1/calendars/Support/status", {"at": at.isoformat()}).json()["state"]
        for at in SPECIFIC
    }
    assert list(states.values()) == [
        "emergency",
        "emergency",
        "emergency",
        "open",
        "holiday",
        "holiday",
        "open",
        "open",
        "closed",
        "closed",
        "closed",
        "holiday",
        "closed",
    ]
