"""The IVR endpoints of announcements and switches (contract: docs/ivr-api.md): JSON and XML,
the call's filters, the slot, the switch's expiry, errors, answers from the snapshot after each write."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, time, timedelta
from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone

from announcements.services import (
    AnnouncementData,
    SwitchData,
    announcement_enable,
    announcement_save,
    region_save,
    switch_flip,
    switch_save,
)

pytestmark = pytest.mark.django_db
CHRISTMAS = "2030-12-25T10:00:00+01:00"


@pytest.fixture
def ivr(accounts: dict[str, Any]) -> Client:
    return Client(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"ivr:ivr-pw").decode())


@pytest.fixture
def calls(accounts: dict[str, Any], upload: Any, support_line: Any) -> dict[str, Any]:
    admin = accounts["admin"]
    welcome, xmas = upload("welcome"), upload("xmas")
    zurich = region_save(actor=admin, name="Zurich", prefixes="+41 44", team=None)
    rows = {
        "welcome": announcement_save(actor=admin, data=AnnouncementData(name="welcome", prompt=welcome)),
        "xmas": announcement_save(
            actor=admin,
            data=AnnouncementData(
                name="xmas",
                kind="holiday",
                prompt=xmas,
                services=(support_line,),
                regions=(zurich,),
                order=2,
                then="stop",
                time_zone="Europe/Zurich",
                starts_at=datetime(2030, 12, 25, tzinfo=UTC) - timedelta(hours=1),
                recurrence="yearly",
            ),
        ),
        "late": announcement_save(
            actor=admin,
            data=AnnouncementData(
                name="late", prompt=welcome, order=3, window_start=time(20), window_end=time(6)
            ),
        ),
    }
    return {name: result.announcement for name, result in rows.items()}


def test_the_announcements_of_a_call_in_json(ivr: Client, calls: Any) -> None:
    answer = ivr.get(
        "/ivr/v1/announcements", {"dn": "800-555-0100", "ani": "+41 44 668 18 00", "at": CHRISTMAS}
    )
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "no-store"
    assert answer.json() == {
        "count": 2,
        "announcement": [
            {
                "name": "welcome",
                "kind": "general",
                "prompt": "en_US/welcome.wav",
                "language": "en_US",
                "order": 1,
                "then": "continue",
            },
            {
                "name": "xmas",
                "kind": "holiday",
                "prompt": "en_US/xmas.wav",
                "language": "en_US",
                "order": 2,
                "then": "stop",
            },
        ],
    }  # "late" (order 3) comes after a stop: it never plays
    other_caller = ivr.get(
        "/ivr/v1/announcements", {"dn": "8005550100", "ani": "+33 1 23", "at": CHRISTMAS}
    ).json()
    assert [a["name"] for a in other_caller["announcement"]] == ["welcome"]
    night = ivr.get("/ivr/v1/announcements", {"at": "2030-12-26T23:00:00+00:00"}).json()
    assert [a["name"] for a in night["announcement"]] == ["welcome", "late"]
    holidays = ivr.get(
        "/ivr/v1/announcements",
        {"dn": "8005550100", "ani": "41446681800", "kind": "holiday", "at": CHRISTMAS},
    )
    assert holidays.json()["count"] == 1


def test_xml_for_xpath(ivr: Client, calls: Any) -> None:
    answer = ivr.get(
        "/ivr/v1/announcements", {"dn": "8005550100", "ani": "+41446681800", "at": CHRISTMAS, "format": "xml"}
    )
    assert answer["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(answer.content)
    assert root.tag == "response"
    assert root.findtext("count") == "2"
    assert root.findtext("announcement[2]/prompt") == "en_US/xmas.wav"
    assert root.findtext("announcement[2]/then") == "stop"
    empty = ElementTree.fromstring(
        ivr.get(
            "/ivr/v1/announcements", {"dn": "1", "kind": "working"}, HTTP_ACCEPT="application/xml"
        ).content
    )
    assert empty.findtext("count") == "0"
    assert empty.find("announcement") is None


def test_a_named_slot_after_its_schedule(ivr: Client, calls: Any, accounts: Any) -> None:
    assert ivr.get("/ivr/v1/announcements/xmas", {"at": CHRISTMAS}).json() == {
        "name": "xmas", "enabled": True, "prompt": "en_US/xmas.wav", "language": "en_US",
    }  # fmt: skip
    assert (
        ivr.get("/ivr/v1/announcements/XMAS", {"at": "2030-12-27T10:00:00+01:00"}).json()["enabled"] is False
    )
    announcement_enable(actor=accounts["admin"], announcement=calls["xmas"], enabled=False)
    assert ivr.get("/ivr/v1/announcements/xmas", {"at": CHRISTMAS}).json()["enabled"] is False  # at once
    root = ElementTree.fromstring(ivr.get("/ivr/v1/announcements/welcome?format=xml").content)
    assert root.findtext("enabled") == "true"


def test_a_switch_and_its_expiry(ivr: Client, accounts: Any, team_x: Any) -> None:
    switch = switch_save(
        actor=accounts["admin"], data=SwitchData(name="overflow", value="PartnerCSQ", team=team_x)
    )
    assert ivr.get("/ivr/v1/switches/overflow").json() == {
        "name": "overflow", "on": False, "value": "PartnerCSQ", "note": "", "expires_at": None,
    }  # fmt: skip
    until = timezone.now() + timedelta(hours=1)
    switch_flip(actor=accounts["supervisor_x"], switch=switch, on=True, note="storm", expires_at=until)
    now = ivr.get("/ivr/v1/switches/overflow").json()
    assert (now["on"], now["note"]) == (True, "storm")
    assert datetime.fromisoformat(now["expires_at"]) == until
    later = (until + timedelta(seconds=1)).isoformat()
    assert ivr.get("/ivr/v1/switches/Overflow", {"at": later}).json()["on"] is False
    root = ElementTree.fromstring(ivr.get("/ivr/v1/switches/overflow?format=xml").content)
    assert root.findtext("on") == "true"
    assert root.findtext("value") == "PartnerCSQ"


def test_errors_in_the_contracts_shape(ivr: Client, calls: Any, accounts: Any) -> None:
    missing = ivr.get("/ivr/v1/announcements/nope")
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"
    assert ivr.get("/ivr/v1/switches/nope?format=xml").status_code == 404
    bad_kind = ivr.get("/ivr/v1/announcements", {"kind": "sometimes"})
    assert (bad_kind.status_code, bad_kind.json()["error"]) == (400, "bad_parameter")
    assert ivr.get("/ivr/v1/announcements", {"at": "yesterday"}).status_code == 400
    assert ivr.get("/ivr/v1/announcements", {"dn": "1" * 100}).status_code == 400
    assert Client().get("/ivr/v1/announcements").status_code == 401
    supervisor = Client()
    supervisor.force_login(accounts["supervisor_x"])
    assert (
        supervisor.get(
            "/ivr/v1/switches/x", HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"sup_x:sup_x-pw").decode()
        ).status_code
        == 403
    )


def test_the_ivr_endpoints_are_in_the_openapi_schema(accounts: Any) -> None:
    client = Client()
    client.force_login(accounts["admin"])
    paths = client.get("/api/schema/?format=json").json()["paths"]
    assert {"/ivr/v1/announcements", "/ivr/v1/announcements/{name}", "/ivr/v1/switches/{name}"} <= set(paths)


def test_services_carry_their_calendar_for_the_call_endpoint(accounts: Any, support_line: Any) -> None:
    from announcements.publish import read
    from announcements.services import ServiceData, service_save
    from calendars.models import Calendar

    calendar = Calendar.objects.create(name="Support Hours", time_zone="Europe/Zurich")
    service_save(
        actor=accounts["admin"],
        data=ServiceData(
            dn="800 555 0100", name="Support line", calendar=calendar, default_target="SupportCSQ"
        ),
        service=support_line,
    )
    info = read().service("+1 (800) 555-0100"[4:])
    assert info is not None
    assert (info.name, info.calendar, info.target) == ("Support line", "Support Hours", "SupportCSQ")
    calendar.name = "Support Desk"
    calendar.save()  # a rename republishes the services that name it
    assert read().service("8005550100").calendar == "Support Desk"  # type: ignore[union-attr]
