"""GET /ivr/v1/callers/{number}: exactly the contract (JSON and XML), from the snapshot, no query per call."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from callers.lookups import UNMATCHED, flush_lookups, recent_lookups
from callers.models import CallerList
from callers.services import EntryData, ListData, caller_entry_save, caller_list_save

pytestmark = pytest.mark.django_db
FIELDS = [
    "found",
    "number",
    "name",
    "lists",
    "vip",
    "blocked",
    "priority",
    "target",
    "prompt",
    "language",
    "expires_at",
]


def ivr(accounts: dict[str, Any], path: str, **query: str) -> Any:
    token = base64.b64encode(b"ivr:ivr-pw").decode()
    return Client().get(path, query, HTTP_AUTHORIZATION=f"Basic {token}")


@pytest.fixture
def lists(accounts: dict[str, Any], vip_list: CallerList, blocked_list: CallerList) -> dict[str, CallerList]:
    berlin = caller_list_save(
        caller_list=None, data=ListData(name="Berlin", order=50, language="de_DE"), actor=None
    )
    caller_entry_save(
        caller_list=vip_list,
        entry=None,
        data=EntryData("+1 555 010 0100", name="Ann", priority=9),
        actor=None,
    )
    caller_entry_save(
        caller_list=blocked_list, entry=None, data=EntryData("5550100199", reason="abuse"), actor=None
    )
    caller_entry_save(caller_list=blocked_list, entry=None, data=EntryData("anonymous"), actor=None)
    caller_entry_save(caller_list=berlin, entry=None, data=EntryData("+4930*", name="Berlin"), actor=None)
    soon = timezone.now() + timedelta(hours=1)
    caller_entry_save(
        caller_list=vip_list,
        entry=None,
        data=EntryData("+49301234567", name="Bea", expires_at=soon),
        actor=None,
    )
    return {"vip": vip_list, "blocked": blocked_list, "berlin": berlin}


@pytest.mark.parametrize("number", ["+1 (555) 010-0100", "15550100100", "5550100100", "+15550100100"])
def test_every_form_of_a_vip_number_gets_the_same_profile(
    accounts: dict[str, Any], lists: Any, number: str
) -> None:
    answer = ivr(accounts, f"/ivr/v1/callers/{number}")
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "no-store"
    body = answer.json()
    assert list(body) == FIELDS
    assert body == {
        "found": True,
        "number": "+15550100100",
        "name": "Ann",
        "lists": ["VIP customers"],
        "vip": True,
        "blocked": False,
        "priority": 9,
        "target": "CSQ_VIP",
        "prompt": "",
        "language": "",
        "expires_at": None,
    }


def test_an_unknown_number_is_200_found_false(accounts: dict[str, Any], lists: Any) -> None:
    body = ivr(accounts, "/ivr/v1/callers/5550100155").json()
    assert body == {
        "found": False,
        "number": "+15550100155",
        "name": "",
        "lists": [],
        "vip": False,
        "blocked": False,
        "priority": 0,
        "target": "",
        "prompt": "",
        "language": "",
        "expires_at": None,
    }
    assert ivr(accounts, "/ivr/v1/callers/not a number").json()["found"] is False


def test_blocked_withheld_prefix_and_expiry(accounts: dict[str, Any], lists: Any) -> None:
    blocked = ivr(accounts, "/ivr/v1/callers/555-010-0199").json()
    assert (blocked["blocked"], blocked["prompt"], blocked["lists"]) == (
        True,
        "en_US/blocked.wav",
        ["Blocked"],
    )
    withheld = ivr(accounts, "/ivr/v1/callers/").json()
    assert (withheld["number"], withheld["blocked"]) == ("anonymous", True)
    assert ivr(accounts, "/ivr/v1/callers/anonymous").json()["blocked"] is True
    berlin = ivr(accounts, "/ivr/v1/callers/+49 30 9999999").json()
    assert (berlin["found"], berlin["vip"], berlin["language"], berlin["name"]) == (
        True,
        False,
        "de_DE",
        "Berlin",
    )
    bea = ivr(accounts, "/ivr/v1/callers/+49301234567").json()
    assert (bea["vip"], bea["lists"], bea["language"], bea["name"]) == (
        True,
        ["VIP customers", "Berlin"],
        "de_DE",
        "Bea",
    )
    assert bea["expires_at"] is not None
    later = (timezone.now() + timedelta(hours=2)).isoformat()
    after = ivr(accounts, "/ivr/v1/callers/+49301234567", at=later).json()
    assert (after["vip"], after["lists"], after["name"]) == (False, ["Berlin"], "Berlin")


def test_xml_for_xpath(accounts: dict[str, Any], lists: Any) -> None:
    answer = ivr(accounts, "/ivr/v1/callers/+49301234567", format="xml")
    assert answer["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(answer.content)
    assert root.tag == "response"
    assert [child.tag for child in root] == [
        "found",
        "number",
        "name",
        "list",
        "list",
        "vip",
        "blocked",
        "priority",
        "target",
        "prompt",
        "language",
        "expires_at",
    ]
    assert root.findtext("vip") == "true"
    assert root.findtext("list[2]") == "Berlin"
    unknown = ElementTree.fromstring(ivr(accounts, "/ivr/v1/callers/5550100155", format="xml").content)
    assert unknown.findtext("found") == "false"
    assert unknown.findtext("expires_at") == ""


@pytest.mark.django_db(transaction=True)
def test_a_change_is_answered_at_once_and_a_lookup_costs_no_query(
    accounts: dict[str, Any], lists: Any, settings: Any
) -> None:
    """Steady state: the lists are committed and published, so the shared versions (Redis) and the
    database's agree with this process's copy. Every request checks them here (as a slow run would, past
    the check interval); none may reload the set. (Data left uncommitted in a test's transaction is newer
    than anything published, so the store would rightly re-read it at each check.)"""
    settings.SNAPSHOT_CHECK_SECONDS = 0.0
    ivr(accounts, "/ivr/v1/callers/5550100100")  # warm: snapshot compiled, credentials remembered
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            ivr(accounts, "/ivr/v1/callers/5550100100")
    assert len(queries) == 0
    caller_entry_save(caller_list=lists["blocked"], entry=None, data=EntryData("5550100100"), actor=None)
    assert ivr(accounts, "/ivr/v1/callers/5550100100").json()["blocked"] is True


def test_lookups_are_logged_for_block_this_caller(
    accounts: dict[str, Any], lists: Any, settings: Any
) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ivr-log"}
    }
    ivr(accounts, "/ivr/v1/callers/5550100166", dn="8000")
    ivr(accounts, "/ivr/v1/callers/5550100100", dn="8000")
    flush_lookups()
    assert recent_lookups(UNMATCHED)[0]["number"] == "+15550100166"
    assert recent_lookups(lists["vip"].pk)[0]["dn"] == "8000"


def test_ivr_accounts_only(accounts: dict[str, Any], lists: Any) -> None:
    assert Client().get("/ivr/v1/callers/5550100100").status_code == 401
    token = base64.b64encode(b"viewer:viewer-pw").decode()
    assert Client().get("/ivr/v1/callers/5550100100", HTTP_AUTHORIZATION=f"Basic {token}").status_code == 403


def test_the_endpoint_is_in_the_openapi_schema(accounts: dict[str, Any]) -> None:
    client = Client()
    client.force_login(accounts["admin"])
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/ivr/v1/callers/{number}"]["get"]
    assert operation["operationId"] == "ivr_caller_profile"
