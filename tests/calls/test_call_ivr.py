"""`GET /ivr/v1/call`: each nested part is exactly what its own endpoint answers at the same instant, on
random calls over the demo data (services, calendars, announcements, caller lists), and the decision
(`action`, `prompt`, `target`) follows the contract."""

from __future__ import annotations

import base64
import random
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode
from xml.etree import ElementTree

import pytest
from django.test import Client

from announcements.demo import seed as seed_announcements
from announcements.publish import announcement_snapshots
from calendars.demo import seed as seed_calendars
from callers.demo import seed as seed_callers
from core.models import Team
from tests.core.helpers import make_user
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db

DNS = ["8005550100", "8005550200", "8005550999", "800-555-0100", "+1 800 555 0100"]
ANIS = [
    "+15550100100",  # VIP: Ann
    "5550100101",  # VIP: Bob, national form
    "+15550100666",  # blocked
    "+41441234567",  # Zurich region (announcements)
    "+493012345678",  # Berlin prefix list
    "+12125550123",  # New York region
    "+15550109999",  # nobody
    "",  # withheld
]
CALENDARS = ["", "Support Hours", "Sales Desk"]


@pytest.fixture
def demo(uccx_settings: Any, uccx_sim: Simulator) -> Client:
    make_user("admin", "Administrator", is_staff=True)
    make_user("ivr", "IVR")
    Team.objects.create(uccx_id=1, name="Support")
    Team.objects.create(uccx_id=2, name="Sales")
    seed_calendars()
    seed_announcements()
    seed_callers()
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(b"ivr:ivr-pw").decode()
    return client


def get(client: Client, path: str, **query: str) -> Any:
    answer = client.get(f"{path}?{urlencode(query)}")
    assert answer.status_code == 200, (path, query, answer.content)
    return answer.json()


def random_instant(rng: random.Random) -> str:
    start = datetime(datetime.now(UTC).year, 1, 1, tzinfo=UTC)
    moment = start + timedelta(minutes=rng.randrange(2 * 366 * 24 * 60))
    return moment.isoformat()


def test_every_part_is_what_its_own_endpoint_answers_on_random_calls(demo: Client) -> None:
    rng = random.Random(15)
    actions: set[str] = set()
    for _ in range(150):
        dn, ani, at = rng.choice(DNS), rng.choice(ANIS), random_instant(rng)
        named = rng.choice(CALENDARS)
        query = {"dn": dn, "ani": ani, "at": at, **({"calendar": named} if named else {})}
        call = get(demo, "/ivr/v1/call", **query)

        caller = get(demo, f"/ivr/v1/callers/{quote(ani, safe='+')}", dn=dn, at=at)
        announcements = get(demo, "/ivr/v1/announcements", dn=dn, ani=ani, at=at)
        assert call["caller"] == caller, query
        assert {"count": call["count"], "announcement": call["announcement"]} == announcements, query
        service = announcement_snapshots.read().value.service(dn)  # the DN as the announcements app knows it
        own = service.calendar if service else ""
        calendar_name = own or named
        if calendar_name:
            status = get(demo, f"/ivr/v1/calendars/{quote(calendar_name)}/status", at=at)
            assert call["calendar"] == status, query
        else:
            assert call["calendar"] is None, query
        assert list(call) == ["action", "prompt", "target", "calendar", "caller", "count", "announcement"]
        check_decision(call, service_target=service.target if service else "")
        actions.add(call["action"])
    assert actions == {"blocked", "closed", "route"}  # the random calls met every branch


def check_decision(call: dict[str, Any], service_target: str) -> None:
    caller, calendar = call["caller"], call["calendar"]
    if caller["blocked"]:
        assert (call["action"], call["prompt"], call["target"]) == ("blocked", caller["prompt"] or "", "")
    elif calendar is not None and not calendar["is_open"]:
        assert (call["action"], call["prompt"], call["target"]) == ("closed", calendar["prompt"] or "", "")
    else:
        assert call["action"] == "route"
        assert call["prompt"] == ""
        assert call["target"] == (caller["target"] or service_target)


def test_the_xml_answer_nests_each_part_for_xpath(demo: Client) -> None:
    at = f"{datetime.now(UTC).year}-12-25T10:00:00+01:00"
    answer = demo.get("/ivr/v1/call", {"dn": "8005550100", "ani": "+41441234567", "at": at, "format": "xml"})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(answer.content)
    assert root.tag == "response"
    assert root.findtext("action") == "closed"  # Christmas Day: a holiday of Support Hours
    assert root.findtext("calendar/state") == "holiday"
    assert root.findtext("calendar/calendar") == "Support Hours"
    assert root.findtext("caller/found") == "false"
    assert root.findtext("count") == str(len(root.findall("announcement")))
    assert [a.findtext("name") for a in root.findall("announcement")][:1] in (["welcome"], ["christmas"])


def test_a_vip_caller_is_routed_to_the_callers_target(demo: Client) -> None:
    at = f"{datetime.now(UTC).year + 1}-03-03T10:00:00+01:00"  # a Wednesday morning: Support Hours open
    call = get(demo, "/ivr/v1/call", dn="8005550100", ani="+15550100100", at=at)
    assert call["calendar"]["is_open"] is True
    assert (call["action"], call["target"], call["caller"]["vip"]) == ("route", "CSQ_Gold", True)
    plain = get(demo, "/ivr/v1/call", dn="8005550100", ani="+15550109999", at=at)
    assert (plain["action"], plain["target"]) == ("route", "SupportCSQ")  # the service's default target


def test_a_blocked_caller_is_blocked_whatever_the_calendar(demo: Client) -> None:
    call = get(demo, "/ivr/v1/call", dn="8005550200", ani="+15550100666")
    assert (call["action"], call["prompt"], call["target"]) == ("blocked", "en_US/callers/blocked.wav", "")


@pytest.mark.parametrize(
    ("query", "status", "error"),
    [
        ({"ani": "+15550100100"}, 400, "bad_parameter"),
        ({"dn": "8005550200", "ani": "1", "calendar": "No such calendar"}, 404, "not_found"),
        ({"dn": "8005550200", "at": "tomorrow"}, 400, "bad_parameter"),
        ({"dn": "8" * 65}, 400, "bad_parameter"),
    ],
)
def test_bad_calls_get_the_contracts_errors(
    demo: Client, query: dict[str, str], status: int, error: str
) -> None:
    answer = demo.get("/ivr/v1/call", query)
    assert answer.status_code == status
    assert answer.json()["error"] == error
    assert answer.json()["detail"]


def test_the_call_endpoint_needs_the_ivr_role(demo: Client) -> None:
    assert Client().get("/ivr/v1/call", {"dn": "8005550100"}).status_code == 401
    make_user("viewer", "Viewer")
    viewer = Client(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"viewer:viewer-pw").decode())
    assert viewer.get("/ivr/v1/call", {"dn": "8005550100"}).status_code == 403
