"""Calendar services against the simulator: what a save writes (rows, snapshot, outbox, UCCX), and that a
refused save writes nothing at all."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from calendars.data import CalendarData
from calendars.engine import (
    HolidayRule,
    Interval,
    OnDate,
    RRuleDate,
    SpecialDay,
    WeeklyHours,
    YearlyDate,
)
from calendars.ics import ics_from_rules
from calendars.models import Calendar, CalendarSnapshot, Holiday, WeeklyInterval
from calendars.models import SpecialDay as SpecialDayRow
from calendars.rows import calendar_data, calendar_spec
from calendars.selectors import calendar_preview, uccx_projection
from calendars.services import (
    CalendarInvalid,
    calendar_create,
    calendar_delete,
    calendar_reproject,
    calendar_update,
    emergency_switch_off,
    emergency_switch_on,
    holiday_add,
    holiday_profile_save,
    holidays_import,
    ics_import,
    special_day_set,
    weekly_hours_copy,
    weekly_hours_set,
)
from calendars.snapshot import spec_from_data
from sync.models import OutboxChange
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db
ZURICH = ZoneInfo("Europe/Zurich")


def iv(text: str) -> Interval:
    return Interval.parse(text)


def support_data(**changes: Any) -> CalendarData:
    data = CalendarData(
        name="Support",
        time_zone="Europe/Zurich",
        description="Hotline",
        weekly=WeeklyHours(
            monday=(iv("08:00-12:00"), iv("13:00-17:00")),
            friday=(iv("08:00-12:00"), iv("22:00-02:00")),
            saturday=(iv("09:00-12:00"),),
        ),
        holidays=(HolidayRule("Christmas", YearlyDate(12, 25)),),
    )
    return replace(data, **changes)


def uccx_copy(sim: Simulator, name: str = "Support") -> dict[str, Any]:
    return next(cal for cal in sim.calendars.values() if cal["name"] == name)


def footprint() -> tuple[int, ...]:
    """Everything a save may write: if this is unchanged, nothing was half-saved."""
    return (
        Calendar.objects.count(),
        WeeklyInterval.objects.count(),
        Holiday.objects.count(),
        SpecialDayRow.objects.count(),
        CalendarSnapshot.objects.count(),
        OutboxChange.objects.count(),
        Calendar.history.count(),
    )


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


def test_unknown_country_and_subdivision_are_refused_by_field(uccx: Simulator) -> None:
    calendar = calendar_create(actor=None, data=support_data()).calendar
    before = footprint()
    with pytest.raises(CalendarInvalid) as country:
        holidays_import(calendar=calendar, actor=None, country="XX", years=[2026])
    with pytest.raises(CalendarInvalid) as region:
        holidays_import(calendar=calendar, actor=None, country="CH", subdivision="QQ", years=[2026])
    assert country.value.field_errors[0].field == "country"
    assert "Unknown country 'XX'" in country.value.field_errors[0].message
    assert region.value.field_errors[0].field == "subdivision"
    assert footprint() == before


def test_import_adds_national_holidays_once(uccx: Simulator) -> None:
    calendar = calendar_create(actor=None, data=support_data(holidays=())).calendar
    first = holidays_import(calendar=calendar, actor=None, country="CH", subdivision="ZH", years=[2026, 2027])
    again = holidays_import(calendar=calendar, actor=None, country="ch", subdivision="zh", years=[2027])

    assert first.added == 18
    assert (again.added, again.skipped, again.saved) == (0, 9, None)
    names = {rule.name for rule in calendar_data(calendar).holidays}
    assert {"Good Friday", "Easter Monday", "National Day", "Christmas Day"} <= names
    assert calendar_preview(calendar, datetime(2027, 8, 1, 10, tzinfo=ZURICH)).state == "holiday"


def test_ics_round_trip_and_a_malformed_file(uccx: Simulator) -> None:
    rules = [
        HolidayRule("Christmas", YearlyDate(12, 25)),
        HolidayRule("Staff party", OnDate(date(2026, 6, 5)), window=iv("13:00-00:00")),
    ]
    body = ics_from_rules("Other", "Europe/Zurich", rules, date(2026, 1, 1))
    calendar = calendar_create(actor=None, data=support_data(holidays=())).calendar

    result = ics_import(calendar=calendar, actor=None, data=body)
    assert result.added == 2
    assert calendar_preview(calendar, datetime(2026, 6, 5, 14, tzinfo=ZURICH)).reason == "Staff party"
    assert calendar_preview(calendar, datetime(2027, 12, 25, 10, tzinfo=ZURICH)).reason == "Christmas"

    before = footprint()
    with pytest.raises(CalendarInvalid) as refused:
        ics_import(calendar=calendar, actor=None, data=b"BEGIN:VCALENDAR\r\nthis is not ical\r\n")
    assert refused.value.field_errors[0].field == "file"
    assert footprint() == before


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


def test_a_partial_holiday_that_would_need_four_intervals_is_refused_naming_the_day(uccx: Simulator) -> None:
    calendar = calendar_create(
        actor=None,
        data=support_data(
            weekly=WeeklyHours(tuesday=(iv("08:00-10:00"), iv("11:00-13:00"), iv("14:00-18:00")))
        ),
    ).calendar
    next_tuesday = date.today() + timedelta(days=(1 - date.today().weekday()) % 7 or 7)
    with pytest.raises(CalendarInvalid) as refused:
        holiday_add(
            calendar=calendar,
            actor=None,
            rule=HolidayRule("Drill", OnDate(next_tuesday), window=iv("15:00-16:00")),
        )
    [error] = refused.value.field_errors
    assert error.field == "holidays[1].window"
    assert next_tuesday.isoformat() in error.message
    assert "at most 3 intervals" in error.message


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


def test_a_shared_profile_change_requeues_each_calendar_using_it(uccx: Simulator) -> None:
    profile, _ = holiday_profile_save(profile=None, actor=None, name="Company days")
    first = calendar_create(actor=None, data=support_data(holiday_profiles=(profile,))).calendar
    second = calendar_create(
        actor=None, data=support_data(name="Sales", holiday_profiles=(profile,))
    ).calendar
    anniversary = date.today() + timedelta(days=20)

    _, results = holiday_profile_save(
        profile=profile,
        actor=None,
        name="Company days",
        holidays=(HolidayRule("Anniversary", OnDate(anniversary)),),
    )

    assert [r.state for r in results] == ["applied", "applied"]
    for calendar, name in ((first, "Support"), (second, "Sales")):
        calendar.refresh_from_db()
        assert calendar.version == 2
        assert {"name": "Anniversary", "date": anniversary.isoformat()} in uccx_copy(uccx, name)["holidays"][
            "holiday"
        ]
        moment = datetime.combine(anniversary, time(10), tzinfo=ZURICH)
        assert calendar_preview(calendar, moment).reason == "Anniversary"


def test_reprojection_queues_only_when_the_copy_changes(uccx: Simulator) -> None:
    calendar = calendar_create(actor=None, data=support_data()).calendar
    assert calendar_reproject(calendar=calendar) is None
    with time_machine.travel(datetime.now(ZURICH) + timedelta(days=400)):
        result = calendar_reproject(calendar=calendar)
    assert result is not None
    assert result.state == "applied"
    assert OutboxChange.objects.latest("pk").summary.startswith("Daily re-projection")


def test_delete_removes_the_calendar_here_and_in_uccx(uccx: Simulator) -> None:
    calendar = calendar_create(actor=None, data=support_data()).calendar
    result = calendar_delete(calendar=calendar, actor=None)
    assert result.state == "applied"
    assert uccx.calendars == {}
    assert not Calendar.objects.exists()
    assert not CalendarSnapshot.objects.exists()


def test_an_application_is_bound_to_the_calendar(uccx: Simulator) -> None:
    uccx.add_application(
        {
            "id": 1,
            "applicationName": "SupportApp",
            "type": "Cisco Script Application",
            "description": "",
            "maxsession": 10,
            "enabled": True,
            "ScriptApplication": {
                "script": "SCRIPT[support.aef]",
                "defaultScript": "",
                "scriptParams": [
                    {"name": "Hours", "value": "Old", "type": "com.cisco.cccalendar.CCCalendar"},
                    {"name": "Queue", "value": '"Support"', "type": "java.lang.String"},
                ],
            },
        }
    )
    calendar_create(actor=None, data=support_data(uccx_application="SupportApp"))
    params = uccx.applications["SupportApp"]["ScriptApplication"]["scriptParams"]
    assert params == [
        {"name": "Hours", "value": "Support", "type": "com.cisco.cccalendar.CCCalendar"},
        {"name": "Queue", "value": '"Support"', "type": "java.lang.String"},
    ]


def test_an_application_whose_cccalendar_is_at_its_script_default_is_bound(uccx: Simulator) -> None:
    """Real UCCX leaves a parameter at its script default out of a plain GET; the binding reads with
    ?allScriptParams, so it finds the CCCalendar parameter and keeps the other default as it is."""
    uccx.add_application(
        {
            "id": 1,
            "applicationName": "SupportApp",
            "type": "Cisco Script Application",
            "description": "",
            "maxsession": 10,
            "enabled": True,
            "ScriptApplication": {
                "script": "SCRIPT[support.aef]",
                "scriptParams": [
                    {
                        "name": "Hours",
                        "value": "Old",
                        "type": "com.cisco.cccalendar.CCCalendar",
                        "isDefaultValue": True,
                    },
                    {
                        "name": "Queue",
                        "value": '"Support"',
                        "type": "java.lang.String",
                        "isDefaultValue": True,
                    },
                ],
            },
        }
    )
    calendar_create(actor=None, data=support_data(uccx_application="SupportApp"))
    binding = OutboxChange.objects.filter(target__kind="calendar_application").get()
    assert binding.state == "applied", binding.last_error
    params = uccx.applications["SupportApp"]["ScriptApplication"]["scriptParams"]
    assert {p["name"]: p["value"] for p in params} == {"Hours": "Support", "Queue": '"Support"'}
    put = [r for r in uccx.requests if r.method == "PUT" and r.path == "/adminapi/application/SupportApp"]
    assert len(put) == 1
    assert b"isDefaultValue" not in put[0].body
    assert b"Queue" not in put[0].body  # still at its default: left out, so it stays there


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


def test_binding_to_an_application_uccx_lacks_is_refused_before_saving(uccx: Simulator) -> None:
    """Issue 9: it was saved and answered "applied" while UCCX refused the binding; now UCCX's list of
    applications is checked first and nothing is saved."""
    with pytest.raises(CalendarInvalid) as refused:
        calendar_create(actor=None, data=support_data(uccx_application="NoSuchApp"))

    assert [(e.field, e.message) for e in refused.value.field_errors] == [
        ("uccx_application", "UCCX has no application called 'NoSuchApp' (it has: none).")
    ]
    assert not Calendar.objects.exists()
