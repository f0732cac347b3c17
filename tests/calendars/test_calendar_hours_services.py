"""Calendar services for hours against the simulator: copying a day, special days and the emergency
switch, as far as the IVR snapshot and UCCX."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from calendars.engine import SpecialDay
from calendars.rows import calendar_data
from calendars.selectors import calendar_preview, uccx_projection
from calendars.services import (
    CalendarInvalid,
    calendar_create,
    emergency_switch_off,
    emergency_switch_on,
    special_day_set,
    weekly_hours_copy,
)
from uccx_simulator import Simulator

from .service_helpers import ZURICH, footprint, iv, support_data, uccx_copy

pytestmark = pytest.mark.django_db


def test_copy_to_other_days(uccx: Simulator) -> None:
    calendar = calendar_create(actor=None, data=support_data()).calendar
    result = weekly_hours_copy(calendar=calendar, actor=None, from_day=0, to_days=[1, 2, 3])
    weekly = calendar_data(calendar).weekly
    assert weekly.tuesday == weekly.wednesday == weekly.thursday == weekly.monday
    assert result.calendar.last_change == "Copied Monday's hours to Tuesday, Wednesday, Thursday"
    assert {b["dayOfWeek"] for b in uccx_copy(uccx)["businessDays"]["businessDay"]} >= {"TUE", "WED", "THU"}


def test_emergency_switch_on_and_off_reaches_the_ivr_snapshot_and_uccx(
    uccx: Simulator, accounts: dict
) -> None:
    calendar = calendar_create(actor=None, data=support_data()).calendar
    on = emergency_switch_on(
        calendar=calendar,
        actor=accounts["admin"],
        mode="force_closed",
        note="Flooded office",
        prompt="en_US/flood.wav",
    )
    status = calendar_preview(calendar, on.calendar.emergency_since + timedelta(minutes=1))
    assert (status.state, status.is_open, status.reason, status.prompt) == (
        "emergency",
        False,
        "Flooded office",
        "en_US/flood.wav",
    )
    specials = uccx_copy(uccx)["specialDays"]["specialDay"]
    assert specials
    assert all(s["name"] == "Flooded office" and not s["intervals"]["interval"] for s in specials)
    assert on.calendar.last_change == "Emergency switch ON (force closed): Flooded office"

    off = emergency_switch_off(calendar=calendar, actor=accounts["admin"])
    assert off.calendar.emergency_mode == ""
    assert off.calendar.emergency_since is None
    assert calendar_preview(calendar, datetime.now(ZURICH)).state != "emergency"
    # Only the dates the calendar itself needs remain (a Saturday after a Christmas Friday, for one).
    specials = uccx_copy(uccx)["specialDays"]["specialDay"]
    assert all(s["name"] != "Flooded office" for s in specials)
    assert specials == uccx_projection(calendar).body["specialDays"]["specialDay"]


def test_emergency_switch_refuses_a_past_expiry_and_an_empty_note(uccx: Simulator) -> None:
    calendar = calendar_create(actor=None, data=support_data()).calendar
    before = footprint()
    with pytest.raises(CalendarInvalid) as refused:
        emergency_switch_on(
            calendar=calendar,
            actor=None,
            mode="force_closed",
            note=" ",
            expires_at=datetime(2020, 1, 1, tzinfo=ZURICH),
        )
    assert {e.field for e in refused.value.field_errors} == {"emergency.note", "emergency.expires_at"}
    assert footprint() == before


def test_special_days_replace_and_reach_uccx(uccx: Simulator) -> None:
    calendar = calendar_create(actor=None, data=support_data()).calendar
    day = date.today() + timedelta(days=10)
    special_day_set(calendar=calendar, actor=None, day=SpecialDay(day, "Inventory"))
    special_day_set(
        calendar=calendar, actor=None, day=SpecialDay(day, "Inventory, morning only", (iv("08:00-12:00"),))
    )
    [stored] = calendar_data(calendar).special_days
    assert stored.name == "Inventory, morning only"
    special = next(s for s in uccx_copy(uccx)["specialDays"]["specialDay"] if s["date"] == day.isoformat())
    assert [(i["startTime"], i["endTime"]) for i in special["intervals"]["interval"]] == [("08:00", "12:00")]
