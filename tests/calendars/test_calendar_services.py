"""Calendar services against the simulator: what a save writes (rows, snapshot, outbox, UCCX), and that a
refused save writes nothing at all."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from calendars.engine import HolidayRule, OnDate, RRuleDate, SpecialDay, WeeklyHours
from calendars.models import Calendar, CalendarSnapshot
from calendars.rows import calendar_data, calendar_spec
from calendars.selectors import calendar_preview
from calendars.services import (
    CalendarInvalid,
    calendar_create,
    calendar_delete,
    calendar_update,
    emergency_switch_on,
    holiday_profile_save,
    weekly_hours_set,
)
from calendars.snapshot import spec_from_data
from sync.models import OutboxChange
from uccx_simulator import Simulator

from .service_helpers import ZURICH, footprint, iv, support_data, uccx_copy

pytestmark = pytest.mark.django_db


def test_create_writes_rows_snapshot_and_the_uccx_copy(uccx: Simulator, accounts: dict, team_x: Any) -> None:
    result = calendar_create(actor=accounts["supervisor_x"], data=support_data(team=team_x))

    assert result.sync.state == "applied"
    calendar = result.calendar
    assert (calendar.version, calendar.team, calendar.last_change) == (1, team_x, "Created calendar Support")
    snapshot = CalendarSnapshot.objects.get(calendar=calendar)
    assert (snapshot.name, snapshot.version) == ("Support", 1)
    assert spec_from_data(snapshot.spec) == calendar_spec(calendar)  # the snapshot is the rows
    copy = uccx_copy(uccx)
    days = {b["dayOfWeek"]: b["intervals"]["interval"] for b in copy["businessDays"]["businessDay"]}
    assert [(i["startTime"], i["endTime"]) for i in days["SAT"]] == [("00:00", "02:00"), ("09:00", "12:00")]
    today = result.projection.horizon_start
    christmas = date(today.year + (today > date(today.year, 12, 25)), 12, 25)
    assert copy["holidays"]["holiday"] == [{"name": "Christmas", "date": christmas.isoformat()}]
    change = OutboxChange.objects.get(pk=result.sync.change)
    assert (change.state, change.actor, change.payload) == (
        "applied",
        accounts["supervisor_x"],
        result.projection.body,
    )
    assert calendar.history.first().history_user == accounts["supervisor_x"]


BAD_CREATES = [
    ("name", {"name": "Support/Hotline"}),
    ("name", {"name": "x" * 31}),
    ("name", {"name": ""}),
    ("time_zone", {"time_zone": "Mars/Olympus"}),
    ("description", {"description": "d" * 71}),
    ("weekly.friday[1]", {"weekly": WeeklyHours(friday=(iv("08:00-12:00"), iv("11:00-13:00")))}),
    (
        "weekly.saturday[0]",
        {"weekly": WeeklyHours(friday=(iv("22:00-02:00"),), saturday=(iv("01:00-03:00"),))},
    ),
    (
        "holidays[0].when.rule",
        {"holidays": (HolidayRule("Odd", RRuleDate("FREQ=SOMETIMES", date(2026, 1, 1))),)},
    ),
    ("holidays[0].name", {"holidays": (HolidayRule("h" * 51, OnDate(date(2026, 5, 1))),)}),
    (
        "special_days[0].intervals[0]",
        {"special_days": (SpecialDay(date(2026, 12, 24), "Eve", (iv("12:00-08:00"),)),)},
    ),
    ("prompts.closed", {"prompts": replace(support_data().prompts, closed="../../etc/passwd")}),
    (
        "weekly.tuesday",
        {
            "weekly": WeeklyHours(
                tuesday=tuple(iv(t) for t in ("06:00-07:00", "08:00-09:00", "10:00-11:00", "12:00-13:00"))
            )
        },
    ),
]


@pytest.mark.parametrize(("field", "changes"), BAD_CREATES, ids=[field for field, _ in BAD_CREATES])
def test_a_bad_create_leaves_no_rows_and_no_outbox_entry(uccx: Simulator, field: str, changes: dict) -> None:
    before = footprint()
    with pytest.raises(CalendarInvalid) as refused:
        calendar_create(actor=None, data=support_data(**changes))
    assert field in {error.field for error in refused.value.field_errors}, refused.value.field_errors
    assert footprint() == before
    assert uccx.calendars == {}


def test_a_name_is_unique_whatever_the_case(uccx: Simulator) -> None:
    calendar_create(actor=None, data=support_data())
    with pytest.raises(CalendarInvalid) as refused:
        calendar_create(actor=None, data=support_data(name="SUPPORT"))
    assert refused.value.field_errors[0].field == "name"
    assert "already called 'Support'" in refused.value.field_errors[0].message


def test_a_bad_update_changes_nothing(uccx: Simulator) -> None:
    calendar = calendar_create(actor=None, data=support_data()).calendar
    before, body = footprint(), uccx_copy(uccx)
    overlapping = WeeklyHours(monday=(iv("08:00-12:00"), iv("10:00-14:00")))
    with pytest.raises(CalendarInvalid) as refused:
        weekly_hours_set(calendar=calendar, actor=None, weekly=overlapping)
    assert refused.value.field_errors[0].field == "weekly.monday[1]"
    assert "overlaps" in refused.value.field_errors[0].message
    calendar.refresh_from_db()
    assert calendar.version == 1
    assert footprint() == before
    assert uccx_copy(uccx) == body
    assert calendar_data(calendar).weekly == support_data().weekly


def test_update_keeps_the_emergency_switch(uccx: Simulator) -> None:
    calendar = calendar_create(actor=None, data=support_data()).calendar
    emergency_switch_on(calendar=calendar, actor=None, mode="force_open", note="All hands")
    calendar.refresh_from_db()
    calendar_update(calendar=calendar, actor=None, data=support_data(description="Changed"))
    calendar.refresh_from_db()
    assert (calendar.emergency_mode, calendar.description) == ("force_open", "Changed")
    assert calendar_preview(calendar, datetime.now(ZURICH)).state == "emergency"


def test_the_team_rule_is_the_services_own_whatever_calls_them(
    uccx: Simulator, accounts: dict, team_x: Any
) -> None:
    """Pages, API and admin reach the same rule: a supervisor assigns only their teams, "everyone" is
    for administrators, and an unchanged team is always kept."""
    with pytest.raises(CalendarInvalid) as foreign:
        calendar_create(actor=accounts["supervisor_y"], data=support_data(team=team_x))
    assert [(e.field, e.message) for e in foreign.value.field_errors] == [
        ("team", "You do not supervise team Support.")
    ]
    with pytest.raises(CalendarInvalid, match="only administrators share a calendar with everyone"):
        calendar_create(actor=accounts["supervisor_x"], data=support_data(team=None))
    calendar = calendar_create(actor=accounts["admin"], data=support_data(team=None)).calendar
    with pytest.raises(CalendarInvalid, match="only administrators share a holiday profile"):
        holiday_profile_save(profile=None, actor=accounts["supervisor_x"], name="Swiss", team=None)

    kept = calendar_update(calendar=calendar, actor=accounts["supervisor_x"], data=support_data(team=None))

    assert kept.calendar.team is None
    assert not Calendar.objects.filter(team=team_x).exists()


def test_delete_removes_the_calendar_here_and_in_uccx(uccx: Simulator) -> None:
    calendar = calendar_create(actor=None, data=support_data()).calendar
    result = calendar_delete(calendar=calendar, actor=None)
    assert result.state == "applied"
    assert uccx.calendars == {}
    assert not Calendar.objects.exists()
    assert not CalendarSnapshot.objects.exists()
