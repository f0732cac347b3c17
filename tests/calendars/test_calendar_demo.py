"""The demo data: an overnight shift, imported national holidays, the emergency switch off; idempotent."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from calendars import demo
from calendars.models import Calendar, HolidayProfile
from calendars.rows import calendar_data
from calendars.selectors import calendar_preview
from core.models import Team
from sync.models import Drift
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db


def test_demo_seed_builds_the_calendars_and_runs_twice(uccx: Simulator) -> None:
    uccx.seed_demo()  # the simulator's own demo: a "Support Hours" calendar, SupportApp bound to it
    Team.objects.create(uccx_id=1, name="Support")
    Team.objects.create(uccx_id=2, name="Sales")

    demo.seed()
    demo.seed()

    assert sorted(Calendar.objects.values_list("name", flat=True)) == ["Sales Desk", "Support Hours"]
    assert HolidayProfile.objects.count() == 1
    support = Calendar.objects.get(name="Support Hours")
    assert support.emergency_mode == ""
    assert len(calendar_data(support).holidays) >= 18
    friday_night = datetime(2027, 1, 9, 1, 0, tzinfo=ZoneInfo("Europe/Zurich"))  # Saturday 01:00
    assert calendar_preview(support, friday_night).is_open
    names = sorted(cal["name"] for cal in uccx.calendars.values())
    assert names == [
        "Sales Desk",
        "Support Hours",
    ]  # the simulator's "Support Hours" was adopted, not doubled
    # The adoption is what the demo shows, not a drift record to look at (issue 11).
    assert not Drift.objects.filter(acknowledged_at__isnull=True).exists()
    params = uccx.applications["SupportApp"]["ScriptApplication"]["scriptParams"]
    assert {
        "name": "BusinessHours",
        "value": "Support Hours",
        "type": "com.cisco.cccalendar.CCCalendar",
    } in params


def test_demo_seed_without_uccx_queues_and_still_answers(uccx: Any) -> None:
    uccx.set_node("A", "down")
    uccx.set_node("B", "down")
    demo.seed()
    assert Calendar.objects.count() == 2
    assert uccx.calendars == {}
