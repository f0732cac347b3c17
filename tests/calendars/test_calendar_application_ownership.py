"""Issue 9, team ownership of what reaches UCCX: applications come from UCCX; only administrators bind a
calendar to one; one application's calendar parameter names one calendar; binding to an application UCCX
lacks is refused; a calendar UCCX still uses is not deleted."""

from __future__ import annotations

from typing import Any

import pytest

from calendars.models import Calendar
from sync.applications import applications_sync
from sync.models import OutboxChange, UccxApplication
from tests.calendars.test_calendar_api import URL, api, document, post
from uccx_simulator import Simulator
from uccx_simulator.seed import script_application

pytestmark = pytest.mark.django_db


def _application(uccx: Simulator, number: int, name: str) -> None:
    uccx.add_application(
        script_application(number, name, "hours.aef", [("Hours", "Old", "com.cisco.cccalendar.CCCalendar")])
    )


@pytest.fixture
def apps(uccx: Simulator) -> Simulator:
    _application(uccx, 1, "SalesApp")
    _application(uccx, 2, "SupportApp")
    return uccx


def test_applications_are_mirrored_from_uccx(apps: Simulator) -> None:
    assert applications_sync() == ["SalesApp", "SupportApp"]
    assert list(UccxApplication.objects.filter(in_uccx=True).values_list("name", flat=True)) == [
        "SalesApp",
        "SupportApp",
    ]


def test_a_supervisor_cannot_bind_or_rebind_an_application(
    apps: Simulator, accounts: dict, team_x: Any
) -> None:
    client = api(accounts["supervisor_x"])
    response = post(client, URL, document(team_x, uccx_application="SalesApp"))
    assert response.status_code == 400
    assert response.json()["uccx_application"] == [
        "Only administrators bind a calendar to a UCCX application."
    ]
    assert apps.applications["SalesApp"]["ScriptApplication"]["scriptParams"][0]["value"] == "Old"


def test_one_application_names_one_calendar(
    apps: Simulator, accounts: dict, team_x: Any, team_y: Any
) -> None:
    admin = api(accounts["admin"])
    first = post(admin, URL, document(team_x, uccx_application="SalesApp"))
    assert first.status_code == 201, first.json()
    second = post(admin, URL, document(team_y, name="Sales", uccx_application="SalesApp"))
    assert second.status_code == 400
    assert second.json()["uccx_application"] == [
        "Application SalesApp already uses calendar Support; unbind that one first."
    ]


def test_binding_to_an_application_uccx_lacks_is_refused(
    apps: Simulator, accounts: dict, team_x: Any
) -> None:
    response = post(api(accounts["admin"]), URL, document(team_x, uccx_application="NoSuchApp"))
    assert response.status_code == 400
    assert response.json()["uccx_application"][0].startswith("UCCX has no application called 'NoSuchApp'")
    assert not Calendar.objects.exists()
    assert not OutboxChange.objects.exists()


def test_a_supervisor_renaming_a_bound_calendar_keeps_the_binding_theirs(
    apps: Simulator, accounts: dict, team_x: Any
) -> None:
    admin = api(accounts["admin"])
    pk = post(admin, URL, document(team_x, uccx_application="SupportApp")).json()["id"]
    renamed = api(accounts["supervisor_x"]).patch(
        f"{URL}{pk}/", {"name": "Support2"}, content_type="application/json"
    )
    assert renamed.status_code == 200, renamed.json()
    assert apps.applications["SupportApp"]["ScriptApplication"]["scriptParams"][0]["value"] == "Support2"
    moved = api(accounts["supervisor_x"]).patch(
        f"{URL}{pk}/", {"uccx_application": "SalesApp"}, content_type="application/json"
    )
    assert moved.status_code == 400
    assert apps.applications["SalesApp"]["ScriptApplication"]["scriptParams"][0]["value"] == "Old"


def test_deleting_a_calendar_uccx_still_uses_is_refused_before_anything_is_deleted(
    apps: Simulator, accounts: dict, team_x: Any
) -> None:
    admin = api(accounts["admin"])
    pk = post(admin, URL, document(team_x, uccx_application="SupportApp")).json()["id"]
    changes = OutboxChange.objects.count()

    response = admin.delete(f"{URL}{pk}/")

    assert response.status_code == 400
    assert "SupportApp still uses calendar Support" in response.json()["non_field_errors"][0]
    assert Calendar.objects.filter(pk=pk).exists()
    assert OutboxChange.objects.count() == changes
    assert len(apps.calendars) == 1
