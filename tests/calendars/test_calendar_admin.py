"""Calendars in Django admin: visible with history, never edited there, incident actions via services."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from calendars.models import Calendar
from calendars.services import calendar_create, emergency_switch_on
from sync.models import OutboxChange
from uccx_simulator import Simulator

from .test_calendar_services import support_data, uccx_copy

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/calendars/calendar/"


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def calendar_in_emergency(uccx: Simulator, accounts: dict, team_x: Any) -> Calendar:
    calendar = calendar_create(actor=accounts["admin"], data=support_data(team=team_x)).calendar
    return emergency_switch_on(
        calendar=calendar, actor=accounts["admin"], mode="force_closed", note="Flood"
    ).calendar


def test_admin_lists_calendars_with_their_uccx_state_and_a_link_to_the_page(calendar_in_emergency, accounts):
    page = signed_in(accounts["admin"]).get(CHANGELIST).content.decode()

    assert "Support" in page
    assert "force closed" in page
    assert "applied" in page
    assert f'href="/calendars/{calendar_in_emergency.pk}/"' in page


def test_admin_cannot_edit_or_revert_a_calendar_behind_the_services_back(calendar_in_emergency, accounts):
    client = signed_in(accounts["admin"])
    change_url = f"{CHANGELIST}{calendar_in_emergency.pk}/change/"

    client.post(change_url, {"name": "Renamed", "time_zone": "UTC"})

    assert Calendar.objects.get().name == "Support"
    history = client.get(f"{CHANGELIST}{calendar_in_emergency.pk}/history/").content.decode()
    assert "Emergency switch ON" in history or "Flood" in history
    assert client.get(f"{CHANGELIST}add/").status_code == 403


def test_turning_the_emergency_switch_off_from_admin_reaches_uccx(uccx, calendar_in_emergency, accounts):
    assert any("Flood" in day["name"] for day in _special_days(uccx_copy(uccx)))
    before = OutboxChange.objects.count()

    response = signed_in(accounts["admin"]).post(
        CHANGELIST,
        {"action": "turn_emergency_off", "_selected_action": [calendar_in_emergency.pk]},
        follow=True,
    )

    assert "Emergency switch turned off: Support." in response.content.decode()
    calendar_in_emergency.refresh_from_db()
    assert calendar_in_emergency.emergency_mode == ""
    assert OutboxChange.objects.count() == before + 1
    assert not any("Flood" in day["name"] for day in _special_days(uccx_copy(uccx)))


def _special_days(copy: dict[str, Any]) -> list[dict[str, Any]]:
    days = (copy.get("specialDays") or {}).get("specialDay") or []
    return days if isinstance(days, list) else [days]
