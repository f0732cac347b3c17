"""The UCCX projection: midnight split, exact dates over the horizon, and UCCX's limits refused by name."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calendars.engine import (
    FORCE_CLOSED,
    FORCE_OPEN,
    CalendarSpec,
    DateRange,
    Emergency,
    HolidayRule,
    Interval,
    OnDate,
    ShiftPattern,
    SpecialDay,
    WeeklyHours,
    YearlyDate,
    compile_calendar,
)
from calendars.uccx_projection import HORIZON_DAYS, ProjectionError, project_calendar
from tests.calendar_engine.reference import verdict_at
from tests.calendars.uccx_eval import uccx_state

ZONE = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)  # a Monday


def iv(text: str) -> Interval:
    return Interval.parse(text)


def week(**days: str) -> WeeklyHours:
    return WeeklyHours(**{day: tuple(iv(t) for t in text.split(",")) for day, text in days.items()})


def spec(**kwargs) -> CalendarSpec:
    kwargs.setdefault(
        "weekly", week(monday="08:00-17:00", friday="08:00-12:00,22:00-02:00", saturday="09:00-12:00")
    )
    return CalendarSpec(name="Support", time_zone="Europe/Zurich", **kwargs)


def project(calendar: CalendarSpec, now: datetime = NOW):
    return project_calendar(compile_calendar(calendar), now=now, description="Support line")


def business(body: dict) -> dict[str, list[tuple[str, str]]]:
    return {
        b["dayOfWeek"]: [(i["startTime"], i["endTime"]) for i in b["intervals"]["interval"]]
        for b in body["businessDays"]["businessDay"]
    }


def test_overnight_interval_is_split_at_midnight_and_merged_with_the_next_day():
    body = project(spec()).body
    assert business(body) == {
        "MON": [("08:00", "17:00")],
        "FRI": [("08:00", "12:00"), ("22:00", "23:59")],
        "SAT": [("00:00", "02:00"), ("09:00", "12:00")],
    }
    assert body["name"] == "Support"
    assert body["timeZone"] == "Europe/Zurich"
    assert body["description"] == "Support line"
    assert body["calendarType"] == "FLEXIBLEHOURS"
    names = [i["name"] for b in body["businessDays"]["businessDay"] for i in b["intervals"]["interval"]]
    assert all(1 <= len(name) <= 25 for name in names)


def test_touching_spill_merges_and_sunday_night_runs_into_monday():
    body = project(spec(weekly=week(saturday="22:00-03:00", sunday="03:00-05:00,23:00-06:00"))).body
    assert business(body) == {
        "SAT": [("22:00", "23:59")],
        "SUN": [("00:00", "05:00"), ("23:00", "23:59")],
        "MON": [("00:00", "06:00")],
    }


def test_full_day_holidays_become_holidays_and_partial_ones_special_days():
    calendar = spec(
        holidays=(
            HolidayRule("Christmas", YearlyDate(12, 25)),
            HolidayRule("Easter Monday", OnDate(date(2026, 4, 6))),
            HolidayRule("Staff party", OnDate(date(2026, 3, 9)), window=iv("13:00-00:00")),
        )
    )
    projection = project(calendar)
    holidays = projection.body["holidays"]["holiday"]
    assert {"name": "Easter Monday", "date": "2026-04-06"} in holidays
    assert {"name": "Christmas", "date": "2026-12-25"} in holidays
    specials = projection.body["specialDays"]["specialDay"]
    assert specials == [
        {
            "name": "Staff party",
            "date": "2026-03-09",
            "intervals": {"interval": [{"name": "08:00-13:00", "startTime": "08:00", "endTime": "13:00"}]},
        },
        {  # Christmas is a Friday: its 22:00-02:00 does not run after midnight either
            "name": "Christmas: no overnight hours",
            "date": "2026-12-26",
            "intervals": {"interval": [{"name": "09:00-12:00", "startTime": "09:00", "endTime": "12:00"}]},
        },
    ]
    assert projection.horizon_end == date(2027, 3, 1)
    assert not projection.shortened


def test_a_holiday_on_saturday_closes_the_friday_night_spill_too():
    calendar = spec(holidays=(HolidayRule("Inventory", OnDate(date(2026, 3, 7))),))
    body = project(calendar).body
    assert body["holidays"]["holiday"] == [{"name": "Inventory", "date": "2026-03-07"}]
    friday_night = datetime(2026, 3, 7, 1, 0, tzinfo=ZONE)
    assert uccx_state(body, friday_night) == "holiday"
    assert compile_calendar(calendar).evaluate(friday_night).state == "holiday"


@pytest.mark.parametrize(
    "replacing",
    [
        {"holidays": (HolidayRule("Town fair", OnDate(date(2026, 3, 6))),)},
        {"special_days": (SpecialDay(date(2026, 3, 6), "Town fair", (iv("08:00-11:00"),)),)},
    ],
    ids=["holiday", "special day"],
)
def test_a_replaced_friday_keeps_its_overnight_hours_out_of_saturday(replacing: dict):
    """Hours belong to the day they start on: UCCX's Saturday loses Friday's spill after midnight."""
    calendar = spec(**replacing)
    body = project(calendar).body
    saturday = next(s for s in body["specialDays"]["specialDay"] if s["date"] == "2026-03-07")
    assert saturday["name"] == "Town fair: no overnight hours"
    assert [(i["startTime"], i["endTime"]) for i in saturday["intervals"]["interval"]] == [("09:00", "12:00")]
    night = datetime(2026, 3, 7, 1, 0, tzinfo=ZONE)
    assert uccx_state(body, night) == "closed"
    assert not compile_calendar(calendar).evaluate(night).is_open
    assert uccx_state(body, datetime(2026, 3, 14, 1, 0, tzinfo=ZONE)) == "open"  # an ordinary Saturday


def test_special_days_carry_their_own_hours_or_close_the_day():
    calendar = spec(
        special_days=(
            SpecialDay(date(2026, 3, 16), "Inventory"),
            SpecialDay(date(2026, 3, 22), "Sunday sale", (iv("10:00-14:00"),)),
            SpecialDay(date(2026, 3, 23), "Same as usual", (iv("08:00-17:00"),)),
        )
    )
    specials = project(calendar).body["specialDays"]["specialDay"]
    assert [(s["date"], s["name"], len(s["intervals"]["interval"])) for s in specials] == [
        ("2026-03-16", "Inventory", 0),
        ("2026-03-22", "Sunday sale", 1),
    ]


def test_a_future_shift_pattern_appears_as_special_days_named_after_it():
    summer = ShiftPattern(
        "Summer", week(monday="07:00-15:00"), (DateRange(date(2026, 3, 9), date(2026, 3, 16)),)
    )
    specials = project(spec(shift_patterns=(summer,))).body["specialDays"]["specialDay"]
    assert [(s["date"], s["name"]) for s in specials] == [
        ("2026-03-09", "Summer"),
        ("2026-03-13", "Summer"),  # Friday: the pattern has no Friday hours
        ("2026-03-14", "Summer"),  # Saturday
        ("2026-03-16", "Summer"),
    ]


def test_business_days_follow_the_pattern_in_force_today():
    summer = ShiftPattern(
        "Summer", week(monday="07:00-15:00"), (DateRange(date(2026, 2, 1), date(2026, 3, 31)),)
    )
    assert business(project(spec(shift_patterns=(summer,))).body) == {"MON": [("07:00", "15:00")]}


def test_four_intervals_on_a_weekday_are_refused_naming_the_day_and_the_limit():
    calendar = spec(weekly=week(friday="22:00-01:00", saturday="02:00-03:00,04:00-05:00,06:00-07:00"))
    with pytest.raises(ProjectionError) as refused:
        project(calendar)
    [error] = refused.value.errors
    assert error.field == "weekly.saturday"
    assert "Saturday" in error.message
    assert "at most 3 intervals" in error.message


def test_a_partial_holiday_that_splits_a_day_into_four_is_refused_naming_the_date():
    calendar = spec(
        weekly=week(tuesday="08:00-10:00,11:00-13:00,14:00-18:00"),
        holidays=(HolidayRule("Fire drill", OnDate(date(2026, 3, 10)), window=iv("15:00-16:00")),),
    )
    with pytest.raises(ProjectionError) as refused:
        project(calendar)
    [error] = refused.value.errors
    assert error.field == "holidays[0].window"
    assert "Tuesday 2026-03-10" in error.message
    assert "at most 3 intervals" in error.message
    assert "would have 4" in error.message


def test_a_special_day_with_four_intervals_is_refused():
    hours = tuple(iv(t) for t in ("08:00-09:00", "10:00-11:00", "12:00-13:00", "14:00-15:00"))
    with pytest.raises(ProjectionError) as refused:
        project(spec(special_days=(SpecialDay(date(2026, 5, 1), "Odd day", hours),)))
    assert refused.value.errors[0].field == "special_days[0].intervals"


def test_more_than_40_holidays_shorten_the_horizon_to_the_day_before_the_41st():
    rules = tuple(
        HolidayRule(f"Day {n}", OnDate(date(2026, 3, 2) + timedelta(days=3 * n))) for n in range(60)
    )
    projection = project(spec(holidays=rules))
    assert projection.holidays == 40
    assert len(projection.body["holidays"]["holiday"]) == 40
    last = projection.body["holidays"]["holiday"][-1]["date"]
    assert last == (date(2026, 3, 2) + timedelta(days=3 * 39)).isoformat()
    assert projection.horizon_end == date(2026, 3, 2) + timedelta(days=3 * 40 - 1)
    assert projection.shortened


def test_force_closed_without_expiry_closes_every_working_day_within_the_horizon():
    calendar = spec(emergency=Emergency(FORCE_CLOSED, "Flooded office"))
    projection = project(calendar)
    specials = projection.body["specialDays"]["specialDay"]
    assert len(specials) == 40
    assert all(s["name"] == "Flooded office" and s["intervals"]["interval"] == [] for s in specials)
    assert projection.shortened
    assert business(projection.body)["MON"] == [("08:00", "17:00")]  # back to normal once switched off


def test_force_closed_until_noon_keeps_the_afternoon():
    expiry = datetime(2026, 3, 3, 12, 0, tzinfo=ZONE)
    calendar = spec(
        weekly=week(monday="08:00-17:00", tuesday="08:00-17:00"),
        emergency=Emergency(FORCE_CLOSED, "Storm", expires_at=expiry),
    )
    specials = project(calendar).body["specialDays"]["specialDay"]
    assert [
        (s["date"], [(i["startTime"], i["endTime"]) for i in s["intervals"]["interval"]]) for s in specials
    ] == [
        ("2026-03-02", []),
        ("2026-03-03", [("12:00", "17:00")]),
    ]


def test_force_open_on_its_last_day_merges_the_shortest_gaps_to_fit_three_intervals():
    expiry = datetime(2026, 3, 3, 7, 0, tzinfo=ZONE)
    calendar = spec(
        weekly=week(tuesday="08:00-10:00,11:00-13:00,13:30-16:00"),
        emergency=Emergency(FORCE_OPEN, "Outage elsewhere", expires_at=expiry),
    )
    specials = project(calendar).body["specialDays"]["specialDay"]
    tuesday = next(s for s in specials if s["date"] == "2026-03-03")
    assert [(i["startTime"], i["endTime"]) for i in tuesday["intervals"]["interval"]] == [
        ("00:00", "07:00"),
        ("08:00", "10:00"),
        ("11:00", "16:00"),
    ]
    monday = next(s for s in specials if s["date"] == "2026-03-02")
    assert [(i["startTime"], i["endTime"]) for i in monday["intervals"]["interval"]] == [("00:00", "23:59")]


def test_an_expired_emergency_is_not_projected():
    calendar = spec(emergency=Emergency(FORCE_CLOSED, "Old", expires_at=NOW - timedelta(hours=1)))
    assert project(calendar).body == project(spec()).body


def test_long_names_are_cut_to_uccx_limits():
    calendar = spec(holidays=(HolidayRule("x" * 80, OnDate(date(2026, 3, 3))),))
    [holiday] = project(calendar).body["holidays"]["holiday"]
    assert len(holiday["name"]) == 50


def _agreement_calendar() -> CalendarSpec:
    return spec(
        weekly=week(
            monday="08:00-12:00,13:00-17:00",
            wednesday="08:00-17:00",
            friday="08:00-12:00,22:00-02:00",
            saturday="09:00-12:00",
            sunday="23:00-00:00",
        ),
        holidays=(
            HolidayRule("Christmas", YearlyDate(12, 25)),
            HolidayRule("Boxing Day", YearlyDate(12, 26)),
            HolidayRule("Half day", OnDate(date(2026, 6, 3)), window=iv("12:00-00:00")),
            HolidayRule("Good Friday", OnDate(date(2026, 4, 3))),
            HolidayRule("Friday staff meeting", OnDate(date(2026, 4, 24)), window=iv("09:00-10:00")),
        ),
        special_days=(
            SpecialDay(date(2026, 5, 16), "Open Saturday", (iv("08:00-18:00"),)),
            SpecialDay(date(2026, 4, 10), "Short Friday", (iv("08:00-11:00"),)),
            SpecialDay(date(2026, 5, 31), "Sunday closure"),  # Sunday 23:00-00:00 does not reach Monday
        ),
        shift_patterns=(
            ShiftPattern(
                "Summer", week(monday="07:00-15:00"), (DateRange(date(2026, 7, 1), date(2026, 7, 20)),)
            ),
        ),
        emergency=Emergency(FORCE_CLOSED, "Storm", expires_at=datetime(2026, 3, 4, 10, 0, tzinfo=ZONE)),
    )


@settings(max_examples=300, deadline=None)
@given(minutes=st.integers(min_value=0, max_value=(HORIZON_DAYS - 1) * 24 * 60 - 1))
def test_uccx_copy_agrees_with_the_engine_on_being_open(minutes: int):
    calendar = compile_calendar(_agreement_calendar())
    body = project_calendar(calendar, now=NOW).body
    start = datetime.combine(NOW.date(), time(0), tzinfo=ZONE)
    at = (start.astimezone(ZoneInfo("UTC")) + timedelta(minutes=minutes)).astimezone(ZONE)
    if at.hour == 23 and at.minute == 59:
        return  # UCCX's day ends at 23:59: its last minute is the one it cannot express
    status = calendar.evaluate(at)
    uccx = uccx_state(body, at)
    assert (uccx == "open") == status.is_open, (at, status, uccx)
    if uccx == "holiday":
        assert status.state in ("holiday", "emergency")


def test_uccx_copy_agrees_with_the_engine_at_every_quarter_hour_of_the_horizon():
    """Every interval edge of the agreement calendar is on a quarter hour (the emergency ends at 10:00):
    checking each one, and the minute before it, covers every date, overnight spills included. UCCX's
    copy is held to the engine and to the brute-force reading of the contract in the engine's tests."""
    rules = _agreement_calendar()
    calendar = compile_calendar(rules)
    body = project_calendar(calendar, now=NOW).body
    start = datetime.combine(NOW.date(), time(0), tzinfo=ZONE).astimezone(ZoneInfo("UTC"))
    disagreements = []
    for quarter in range(HORIZON_DAYS * 96):
        for at in (start + timedelta(minutes=15 * quarter), start + timedelta(minutes=15 * quarter - 1)):
            local = at.astimezone(ZONE)
            if (local.hour, local.minute) == (23, 59) or at < start:
                continue  # UCCX's day ends at 23:59: its last minute is the one it cannot express
            uccx_open = uccx_state(body, at) == "open"
            if not uccx_open == calendar.evaluate(at).is_open == verdict_at(rules, at).is_open:
                disagreements.append(local.isoformat())
    assert disagreements == []


def test_lenient_mode_fits_a_crowded_day_instead_of_refusing():
    calendar = spec(
        weekly=week(tuesday="08:00-10:00,11:00-13:00,14:00-18:00"),
        holidays=(HolidayRule("Fire drill", OnDate(date(2026, 3, 10)), window=iv("15:00-16:00")),),
    )
    projection = project_calendar(compile_calendar(calendar), now=NOW, strict=False)
    [special] = projection.body["specialDays"]["specialDay"]
    assert special["date"] == "2026-03-10"
    assert [(i["startTime"], i["endTime"]) for i in special["intervals"]["interval"]] == [
        (
            "08:00",
            "13:00",
        ),  # the shortest gap (10:00-11:00) is closed: open-biased, never closes an open minute
        ("14:00", "15:00"),
        ("16:00", "18:00"),
    ]
    assert projection.warnings == (
        "UCCX allows at most 3 intervals a day; Tuesday 2026-03-10 would have 4 (Fire drill).",
    )


def test_a_week_closed_every_day_still_sends_the_business_days_uccx_requires(uccx_sim):
    """UCCX refuses a FLEXIBLEHOURS calendar without businessDays: a closed week is one closed day."""
    import requests

    closed = project(spec(weekly=WeeklyHours(), special_days=())).body
    assert closed["businessDays"] == {"businessDay": [{"dayOfWeek": "MON", "intervals": {"interval": []}}]}
    assert business(closed) == {"MON": []}
    answer = requests.post(
        uccx_sim.url("A") + "/adminapi/calendar", json=closed, auth=("administrator", "ciscopsdt"), timeout=10
    )
    assert answer.status_code == 201, answer.text
    assert uccx_state(closed, NOW) == "closed"
