"""GET /ivr/v1/calendars/{name}/status per ivr-api.md: JSON and XML (XPath), errors, offsets, no UCCX."""

from __future__ import annotations

import base64
from datetime import date
from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client

from calendars.data import CalendarData
from calendars.engine import HolidayRule, Interval, OnDate, Prompts, WeeklyHours
from calendars.services import calendar_create, emergency_switch_on
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db
FIELDS = [
    "calendar",
    "state",
    "is_open",
    "reason",
    "prompt",
    "next_change",
    "next_open",
    "time_zone",
    "evaluated_at",
]


def ivr_client(username: str = "ivr", password: str = "ivr-pw") -> Client:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return Client(HTTP_AUTHORIZATION=f"Basic {token}")


@pytest.fixture
def support(uccx: Simulator, accounts: dict) -> Any:
    return calendar_create(
        actor=None,
        data=CalendarData(
            name="Support Line",
            time_zone="Europe/Zurich",
            prompts=Prompts(closed="en_US/closed.wav", holiday="en_US/holidays/default.wav"),
            weekly=WeeklyHours(friday=(Interval.parse("08:00-12:00"), Interval.parse("22:00-02:00"))),
            holidays=(
                HolidayRule("Christmas", OnDate(date(2026, 12, 25)), prompt="en_US/holidays/xmas.wav"),
            ),
        ),
    ).calendar


def test_json_answer_with_the_calendars_offset(support: Any) -> None:
    response = ivr_client().get("/ivr/v1/calendars/Support Line/status", {"at": "2026-12-18T22:30:00Z"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "calendar": "Support Line",
        "state": "open",
        "is_open": True,
        "reason": "business hours",
        "prompt": "",
        "next_change": "2026-12-19T02:00:00+01:00",
        "next_open": None,
        "time_zone": "Europe/Zurich",
        "evaluated_at": "2026-12-18T23:30:00+01:00",
    }


def test_xml_answer_reads_with_xpath(support: Any) -> None:
    response = ivr_client().get(
        "/ivr/v1/calendars/Support%20Line/status",
        {"at": "2026-12-25T10:00:00+01:00"},
        HTTP_ACCEPT="application/xml",
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "response"
    assert [child.tag for child in root] == FIELDS
    assert root.findtext("./state") == "holiday"
    assert root.findtext("./is_open") == "false"
    assert root.findtext("./reason") == "Christmas"
    assert root.findtext("./prompt") == "en_US/holidays/xmas.wav"
    assert root.findtext("./next_change") == "2026-12-26T00:00:00+01:00"
    assert root.findtext("./next_open") == "2027-01-01T08:00:00+01:00"
    summer = ivr_client().get(
        "/ivr/v1/calendars/Support Line/status", {"at": "2026-07-03T09:00:00Z", "format": "xml"}
    )
    assert ElementTree.fromstring(summer.content).findtext("./evaluated_at") == "2026-07-03T11:00:00+02:00"


def test_next_change_is_empty_when_nothing_changes_within_a_year(uccx: Simulator, accounts: dict) -> None:
    calendar_create(actor=None, data=CalendarData(name="Closed", time_zone="UTC"))
    client = ivr_client()

    as_json = client.get("/ivr/v1/calendars/Closed/status").json()
    as_xml = ElementTree.fromstring(client.get("/ivr/v1/calendars/Closed/status?format=xml").content)

    assert (as_json["state"], as_json["reason"], as_json["next_change"]) == ("closed", "closed", None)
    element = as_xml.find("./next_change")
    assert element is not None
    assert element.text is None


def test_emergency_wins_and_plays_its_prompt(support: Any) -> None:
    emergency_switch_on(
        calendar=support, actor=None, mode="force_closed", note="Fire alarm", prompt="en_US/fire.wav"
    )
    answer = (
        ivr_client().get("/ivr/v1/calendars/Support Line/status", {"at": "2026-12-25T10:00:00+01:00"}).json()
    )
    assert (answer["state"], answer["is_open"], answer["reason"], answer["prompt"]) == (
        "emergency",
        False,
        "Fire alarm",
        "en_US/fire.wav",
    )


def test_unknown_calendar_is_404_with_an_error_body(support: Any) -> None:
    response = ivr_client().get("/ivr/v1/calendars/Nope/status")
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "detail": "There is no calendar named 'Nope'."}
    xml = ivr_client().get("/ivr/v1/calendars/Nope/status", {"format": "xml"})
    assert ElementTree.fromstring(xml.content).findtext("./error") == "not_found"


@pytest.mark.parametrize("at", ["tomorrow", "2026-12-25T10:00:00", "2026-13-01T00:00:00Z"])
def test_a_bad_at_is_400(support: Any, at: str) -> None:
    response = ivr_client().get("/ivr/v1/calendars/Support Line/status", {"at": at})
    assert response.status_code == 400
    assert response.json()["error"] == "bad_parameter"
    assert "ISO 8601" in response.json()["detail"]


def test_credentials_and_role_are_required(support: Any, accounts: dict) -> None:
    anonymous = Client().get("/ivr/v1/calendars/Support Line/status")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"].startswith("Basic")
    assert ivr_client(password="wrong").get("/ivr/v1/calendars/Support Line/status").status_code == 401
    assert ivr_client("viewer", "viewer-pw").get("/ivr/v1/calendars/Support Line/status").status_code == 403


def test_answers_come_from_the_app_even_when_uccx_is_down(support: Any, uccx: Simulator) -> None:
    uccx.set_node("A", "down")
    uccx.set_node("B", "down")
    uccx.clear_requests()
    response = ivr_client().get("/ivr/v1/calendars/Support Line/status")
    assert response.status_code == 200
    assert uccx.requests == []


def test_a_rename_moves_the_endpoint(support: Any) -> None:
    from calendars.rows import calendar_data
    from calendars.services import calendar_update

    calendar_update(
        calendar=support,
        actor=None,
        data=CalendarData(**{**calendar_data(support).__dict__, "name": "Hotline"}),
    )
    client = ivr_client()
    assert client.get("/ivr/v1/calendars/Hotline/status").status_code == 200
    assert client.get("/ivr/v1/calendars/Support Line/status").status_code == 404


@pytest.fixture
def published(uccx: Simulator, accounts: dict, django_capture_on_commit_callbacks: Any) -> Client:
    """A calendar saved and published (its commit ran), and an IVR client that has signed in once."""
    with django_capture_on_commit_callbacks(execute=True):
        calendar_create(
            actor=None,
            data=CalendarData(
                name="Cached", time_zone="UTC", weekly=WeeklyHours(monday=(Interval.parse("09:00-17:00"),))
            ),
        )
    client = ivr_client()
    assert client.get("/ivr/v1/calendars/Cached/status").status_code == 200
    return client


def _database_down(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import OperationalError

    from calendars.models import CalendarSnapshot
    from core import snapshots
    from core.models import SnapshotVersion

    def unreachable(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("database is unreachable")

    monkeypatch.setattr(snapshots, "database_version", unreachable)
    monkeypatch.setattr(CalendarSnapshot.objects, "values_list", unreachable)
    monkeypatch.setattr(SnapshotVersion.objects, "values_list", unreachable)


def _cache_down(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.cache import caches

    def unreachable(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("Redis is unreachable")

    for method in ("get", "get_many", "set", "set_many", "add", "incr"):
        monkeypatch.setattr(caches["default"], method, unreachable)


def test_steady_state_answers_make_no_database_query(
    published: Client, accounts: dict, django_assert_num_queries: Any
) -> None:
    from rest_framework.authtoken.models import Token

    token = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=accounts['ivr']).key}")
    for client in (published, token):  # verified once (an account change, the new token, forgot all)
        client.get("/ivr/v1/calendars/Cached/status")
    with django_assert_num_queries(0):
        for client in (published, token):
            for fmt in ("json", "xml"):
                assert client.get("/ivr/v1/calendars/Cached/status", {"format": fmt}).status_code == 200


def test_database_down_answers_from_the_shared_snapshot_saying_so(
    published: Client, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from bench.stack import wait_for
    from core.snapshot_versions import versions
    from core.snapshots import reset_for_tests

    reset_for_tests()  # a process that never loaded the calendars: only Redis holds them
    _database_down(monkeypatch)
    settings.SNAPSHOT_DB_PROBE_SECONDS = 0.05  # the probe thread notices the database is gone
    published.get("/ivr/v1/calendars/Cached/status")
    wait_for(lambda: versions.database_down, 5, "the probe to notice")
    answer = published.get("/ivr/v1/calendars/Cached/status", {"at": "2030-01-07T10:00:00Z"})
    assert answer.status_code == 200
    assert answer.json()["state"] == "open"
    assert answer["X-Snapshot-Stale"] == "database unreachable"


def test_cache_down_answers_from_the_database(published: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.snapshots import reset_for_tests

    reset_for_tests()
    _cache_down(monkeypatch)
    answer = published.get("/ivr/v1/calendars/Cached/status", {"at": "2030-01-07T10:00:00Z"})
    assert answer.status_code == 200
    assert answer.json()["state"] == "open"
    assert "X-Snapshot-Stale" not in answer


def test_both_down_answers_from_the_process_copy(published: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    _database_down(monkeypatch)
    _cache_down(monkeypatch)
    answer = published.get("/ivr/v1/calendars/Cached/status", {"at": "2030-01-07T20:00:00Z"})
    assert answer.status_code == 200
    assert answer.json()["state"] == "closed"


def test_both_down_in_a_cold_process_is_a_503_in_the_contracts_shape(
    published: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.snapshots import reset_for_tests

    reset_for_tests()
    _database_down(monkeypatch)
    _cache_down(monkeypatch)
    for fmt in ("json", "xml"):
        answer = published.get("/ivr/v1/calendars/Cached/status", {"format": fmt})
        assert answer.status_code == 503
        assert answer["Cache-Control"] == "no-store"
    assert answer["Content-Type"].startswith("application/xml")
    assert ElementTree.fromstring(answer.content).findtext("./error") == "unavailable"


def test_a_calendar_deleted_and_created_again_under_its_name_answers_with_the_new_one(
    uccx: Simulator, accounts: dict
) -> None:
    """Its versions start at 1 again: the IVR must not answer from the old calendar's compiled spec."""
    from calendars.services import calendar_delete

    always = WeeklyHours.from_mapping({day: [Interval.parse("00:00-00:00")] for day in range(7)})
    old = calendar_create(
        actor=None, data=CalendarData(name="Reused", time_zone="UTC", weekly=always)
    ).calendar
    assert ivr_client().get("/ivr/v1/calendars/Reused/status").json()["state"] == "open"  # compiled, cached
    calendar_delete(calendar=old, actor=None)
    calendar_create(actor=None, data=CalendarData(name="Reused", time_zone="UTC"))  # closed all week

    assert ivr_client().get("/ivr/v1/calendars/Reused/status").json()["state"] == "closed"


@pytest.mark.django_db(transaction=True)
def test_a_load_begun_before_a_commit_does_not_replace_the_newer_copy(support: Any) -> None:
    """Seen under load with two app nodes: a gunicorn thread answering an IVR call began loading the
    snapshot while another thread's save was still in its transaction (old data, old version); the save
    committed and published the new version; the slower load then installed its older copy over it, and
    the save's own answer found no snapshot of the calendar it had just created (a 500)."""
    from calendars.selectors import calendar_compiled
    from calendars.snapshot import calendar_snapshots

    calendar_snapshots.read()
    started_before_the_commit = calendar_snapshots._from_database()  # the IVR thread's load begins
    sales = calendar_create(actor=None, data=CalendarData(name="Sales", time_zone="UTC")).calendar
    version, data = started_before_the_commit
    calendar_snapshots._install(data, version, loaded=True)  # ... and ends, after the commit published
    assert calendar_compiled(sales) is not None
    assert ivr_client().get("/ivr/v1/calendars/Sales/status").status_code == 200
