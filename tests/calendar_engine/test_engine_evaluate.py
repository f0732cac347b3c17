"""Example-based tests of ``evaluate``/``transitions`` and the per-date helpers."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from calendars.engine import (
    FORCE_CLOSED,
    FORCE_OPEN,
    CalendarSpec,
    DateRange,
    Emergency,
    HolidayRule,
    Interval,
    OnDate,
    Prompts,
    ShiftPattern,
    SpecialDay,
    Weekday,
    WeeklyHours,
    YearlyDate,
    YearlyRange,
    compile_calendar,
    evaluate,
    split_at_midnight,
    transitions,
    uccx_limit_errors,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
hours = Interval.parse
PROMPTS = Prompts(
    closed="p/closed.wav", after_hours="p/after.wav", holiday="p/holiday.wav", emergency="p/emergency.wav"
)
OFFICE = WeeklyHours(
    monday=[hours("08:00-17:00")],
    tuesday=[hours("08:00-17:00")],
    wednesday=[hours("08:00-17:00")],
    thursday=[hours("08:00-17:00")],
    friday=[hours("08:00-17:00"), hours("22:00-02:00")],
)


def berlin(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=BERLIN, fold=fold)


def spec(**kwargs) -> CalendarSpec:
    return CalendarSpec(
        **{"name": "Main", "time_zone": "Europe/Berlin", "weekly": OFFICE, "prompts": PROMPTS} | kwargs
    )


def state(calendar, at: datetime) -> tuple[str, bool, str, str]:
    return tuple(evaluate(calendar, at).verdict)


def test_overnight_interval_runs_into_the_next_day():
    calendar = compile_calendar(spec())
    before = calendar.evaluate(berlin(2026, 6, 5, 21, 59))  # Friday
    assert (before.state, before.reason, before.prompt) == ("closed", "after hours", "p/after.wav")
    assert before.next_change == berlin(2026, 6, 5, 22)
    night = calendar.evaluate(berlin(2026, 6, 6, 1))  # Saturday 01:00
    assert (night.state, night.is_open, night.reason, night.prompt) == ("open", True, "business hours", "")
    assert night.next_change == berlin(2026, 6, 6, 2)
    after = calendar.evaluate(berlin(2026, 6, 6, 2))  # Saturday 02:00
    assert (after.state, after.is_open, after.reason, after.prompt) == (
        "closed",
        False,
        "closed",
        "p/closed.wav",
    )
    # Monday's "after hours" from midnight is only a new reason: callers stay closed until 08:00.
    assert after.next_change == after.next_open == berlin(2026, 6, 8, 8)
    assert calendar.evaluate(berlin(2026, 6, 8, 7)).next_change == berlin(2026, 6, 8, 8)


def test_status_fields_follow_the_contract():
    status = evaluate(spec(), datetime(2026, 6, 5, 8, 30, tzinfo=UTC))
    assert status.calendar == "Main"
    assert status.time_zone == "Europe/Berlin"
    assert status.evaluated_at == berlin(2026, 6, 5, 10, 30)
    assert status.evaluated_at.utcoffset() == timedelta(hours=2)
    assert status.next_change.utcoffset() == timedelta(hours=2)


def test_partial_day_holiday_closes_only_inside_its_window():
    rules = [
        HolidayRule("Christmas Eve", YearlyDate(12, 24), prompt="p/eve.wav", window=hours("12:00-00:00")),
        HolidayRule("New Year", YearlyDate(1, 1)),
    ]
    calendar = compile_calendar(spec(holidays=rules))
    morning = calendar.evaluate(berlin(2026, 12, 24, 11, 59))  # Thursday
    assert (morning.state, morning.next_change) == ("open", berlin(2026, 12, 24, 12))
    noon = calendar.evaluate(berlin(2026, 12, 24, 12))
    assert noon.verdict == ("holiday", False, "Christmas Eve", "p/eve.wav")
    assert noon.next_change == berlin(2026, 12, 25)
    assert state(calendar, berlin(2026, 12, 24, 7)) == ("closed", False, "after hours", "p/after.wav")
    assert state(calendar, berlin(2027, 1, 1, 10)) == ("holiday", False, "New Year", "p/holiday.wav")


def test_the_first_listed_holiday_wins_where_several_apply():
    rules = [
        HolidayRule("Staff party", OnDate(date(2026, 12, 25)), window=hours("10:00-12:00")),
        HolidayRule("Christmas", YearlyDate(12, 25)),
        HolidayRule("Company day", OnDate(date(2026, 12, 25))),
    ]
    calendar = compile_calendar(spec(holidays=rules))
    assert state(calendar, berlin(2026, 12, 25, 11))[2] == "Staff party"
    assert state(calendar, berlin(2026, 12, 25, 9))[2] == "Christmas"
    assert state(calendar, berlin(2026, 12, 25, 13))[2] == "Christmas"


def test_full_day_holiday_covers_the_spill_of_the_previous_night():
    calendar = compile_calendar(spec(holidays=[HolidayRule("Town fair", OnDate(date(2026, 6, 6)))]))
    assert calendar.evaluate(berlin(2026, 6, 5, 23)).next_change == berlin(2026, 6, 6)
    assert state(calendar, berlin(2026, 6, 6, 1)) == ("holiday", False, "Town fair", "p/holiday.wav")


def test_special_day_replaces_the_days_hours():
    days = [
        SpecialDay(date(2026, 6, 8), "Training", [hours("13:00-15:00")], prompt="p/training.wav"),
        SpecialDay(date(2026, 6, 9), "Short day", [hours("08:00-12:00")]),
        SpecialDay(date(2026, 6, 6), "Inventory"),
    ]
    calendar = compile_calendar(spec(special_days=days))
    assert state(calendar, berlin(2026, 6, 8, 9)) == ("closed", False, "Training", "p/training.wav")
    assert state(calendar, berlin(2026, 6, 8, 13)) == ("open", True, "Training", "")
    assert calendar.evaluate(berlin(2026, 6, 8, 13)).next_change == berlin(2026, 6, 8, 15)
    assert state(calendar, berlin(2026, 6, 9, 14)) == ("closed", False, "Short day", "p/after.wav")
    # A closure replaces the whole date, including Friday night's spill into Saturday.
    assert state(calendar, berlin(2026, 6, 6, 1)) == ("closed", False, "Inventory", "p/closed.wav")
    assert calendar.evaluate(berlin(2026, 6, 5, 23)).next_change == berlin(2026, 6, 6)


def test_holiday_beats_special_day():
    calendar = compile_calendar(
        spec(
            holidays=[HolidayRule("Founders' day", OnDate(date(2026, 6, 8)))],
            special_days=[SpecialDay(date(2026, 6, 8), "Training", [hours("00:00-00:00")])],
        )
    )
    assert state(calendar, berlin(2026, 6, 8, 10)) == ("holiday", False, "Founders' day", "p/holiday.wav")


def test_emergency_wins_until_it_expires():
    storm = Emergency(FORCE_CLOSED, "Storm", expires_at=berlin(2026, 6, 5, 12))
    calendar = compile_calendar(
        spec(emergency=storm, holidays=[HolidayRule("Fair", OnDate(date(2026, 6, 4)))])
    )
    during = calendar.evaluate(berlin(2026, 6, 5, 10))
    assert during.verdict == ("emergency", False, "Storm", "p/emergency.wav")
    assert during.next_change == berlin(2026, 6, 5, 12)
    assert state(calendar, berlin(2026, 6, 4, 10)) == ("emergency", False, "Storm", "p/emergency.wav")
    expired = calendar.evaluate(berlin(2026, 6, 5, 12))
    assert expired.verdict == ("open", True, "business hours", "")
    assert state(calendar, berlin(2026, 6, 6, 10)) == ("closed", False, "closed", "p/closed.wav")


def test_force_open_routes_to_agents_and_plays_only_its_own_prompt():
    calendar = compile_calendar(spec(emergency=Emergency(FORCE_OPEN, "Product recall hotline")))
    saturday = calendar.evaluate(berlin(2026, 6, 6, 10))
    assert saturday.verdict == ("emergency", True, "Product recall hotline", "")
    assert saturday.next_change is None
    announced = Emergency(FORCE_OPEN, "Recall", prompt="p/recall.wav")
    assert state(spec(emergency=announced), berlin(2026, 6, 6, 10)) == (
        "emergency",
        True,
        "Recall",
        "p/recall.wav",
    )


def test_spring_forward_gap_in_berlin():
    # Sunday 2026-03-29: the clock jumps from 02:00 CET to 03:00 CEST (01:00 UTC).
    empty = compile_calendar(spec(weekly=WeeklyHours(sunday=[hours("02:00-03:00")])))
    changes = empty.transitions(berlin(2026, 3, 29), berlin(2026, 3, 30))
    assert [status.state for _, status in changes] == ["closed"]
    calendar = compile_calendar(spec(weekly=WeeklyHours(sunday=[hours("01:00-02:30"), hours("04:00-05:00")])))
    late = calendar.evaluate(berlin(2026, 3, 29, 1, 59, 59))
    assert late.state == "open"
    assert late.next_change == datetime(2026, 3, 29, 1, tzinfo=UTC)
    assert late.next_change.isoformat() == "2026-03-29T03:00:00+02:00"
    # 02:30 does not exist: Python reads fold=0 with the old offset (01:30 UTC), fold=1 with the new one.
    missing = calendar.evaluate(berlin(2026, 3, 29, 2, 30))
    assert missing.evaluated_at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert missing.verdict == ("closed", False, "after hours", "p/after.wav")
    assert calendar.evaluate(berlin(2026, 3, 29, 2, 30, fold=1)).state == "open"  # 00:30 UTC = 01:30 CET


def test_fall_back_fold_in_berlin():
    # Sunday 2026-10-25: 02:00-03:00 happens twice (CEST, then CET); a time names its first occurrence.
    calendar = compile_calendar(spec(weekly=WeeklyHours(sunday=[hours("01:00-02:30")])))
    assert calendar.evaluate(berlin(2026, 10, 25, 2, 15)).state == "open"
    assert calendar.evaluate(berlin(2026, 10, 25, 2, 15, fold=1)).state == "closed"
    first = calendar.evaluate(berlin(2026, 10, 25, 1, 30)).next_change
    # Python never finds a time in a fold == a time in another zone, so compare in UTC.
    assert first.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert first.utcoffset() == timedelta(hours=2)
    whole_hour = compile_calendar(spec(weekly=WeeklyHours(sunday=[hours("02:00-03:00")])))
    opened = whole_hour.evaluate(berlin(2026, 10, 25, 2))
    assert opened.state == "open"
    elapsed = opened.next_change.astimezone(UTC) - opened.evaluated_at.astimezone(UTC)
    assert elapsed == timedelta(hours=2)  # both 02:00-03:00 hours
    assert whole_hour.evaluate(berlin(2026, 10, 25, 2, 59, fold=1)).state == "open"


def test_new_york_overnight_shifts_across_both_dst_changes():
    weekly = WeeklyHours.from_mapping(
        {day: [hours("09:00-17:00")] for day in range(5)} | {Weekday.SATURDAY: [hours("22:00-06:00")]}
    )
    calendar = compile_calendar(CalendarSpec("NY", "America/New_York", weekly))
    friday = calendar.evaluate(datetime(2026, 3, 6, 17, tzinfo=NEW_YORK))
    assert friday.next_change == datetime(2026, 3, 8, 3, tzinfo=UTC)  # Sat 22:00 EST
    night = calendar.evaluate(friday.next_change)
    assert night.state == "open"
    assert night.next_change == datetime(2026, 3, 8, 10, tzinfo=UTC)  # Sun 06:00 EDT: a 7-hour night
    autumn = calendar.evaluate(datetime(2026, 10, 31, 22, tzinfo=NEW_YORK))
    assert autumn.next_change == datetime(2026, 11, 1, 11, tzinfo=UTC)  # Sun 06:00 EST: a 9-hour night
    assert calendar.evaluate(datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK, fold=1)).state == "open"
    monday = calendar.evaluate(datetime(2026, 3, 9, 8, tzinfo=NEW_YORK))
    assert monday.next_change == datetime(2026, 3, 9, 13, tzinfo=UTC)  # 09:00 EDT


def test_leap_day_rules():
    calendar = compile_calendar(
        spec(
            holidays=[HolidayRule("Leap day", YearlyDate(2, 29))],
            shift_patterns=[
                ShiftPattern(
                    "February hours",
                    WeeklyHours.from_mapping({d: [hours("10:00-12:00")] for d in range(5)}),
                    [YearlyRange(2, 1, 2, 29)],
                )
            ],
        )
    )
    assert state(calendar, berlin(2028, 2, 29, 10)) == ("holiday", False, "Leap day", "p/holiday.wav")
    assert state(calendar, berlin(2027, 2, 26, 11)) == ("open", True, "February hours", "")
    assert state(calendar, berlin(2027, 3, 1, 11)) == ("open", True, "business hours", "")
    assert [h.date for h in calendar.concrete_holidays(date(2026, 1, 1), date(2031, 12, 31))] == [
        date(2028, 2, 29)
    ]


def test_year_end():
    weekly = WeeklyHours.from_mapping(
        {d: [hours("08:00-17:00")] for d in range(5)} | {Weekday.THURSDAY: [hours("20:00-02:00")]}
    )
    calendar = compile_calendar(spec(weekly=weekly, holidays=[HolidayRule("New Year", YearlyDate(1, 1))]))
    eve = calendar.evaluate(berlin(2026, 12, 31, 23))  # Thursday
    assert (eve.state, eve.next_change) == ("open", berlin(2027, 1, 1))
    new_year = calendar.evaluate(berlin(2027, 1, 1, 0, 30))
    assert (new_year.reason, new_year.next_change) == ("New Year", berlin(2027, 1, 2))
    office = compile_calendar(
        spec(weekly=WeeklyHours.from_mapping({d: [hours("08:00-17:00")] for d in range(5)}))
    )
    # "after hours" from Thursday evening runs on into Friday morning of the next year.
    assert office.evaluate(berlin(2026, 12, 31, 18)).next_change == berlin(2027, 1, 1, 8)


def test_next_change_is_none_beyond_366_days():
    assert evaluate(spec(weekly=WeeklyHours()), berlin(2026, 6, 1)).next_change is None
    far = spec(weekly=WeeklyHours(), holidays=[HolidayRule("Jubilee", OnDate(date(2028, 6, 1)))])
    assert evaluate(far, berlin(2027, 6, 1)).next_change == berlin(2028, 6, 1)  # exactly 366 days
    assert evaluate(far, berlin(2027, 5, 31, 23, 59)).next_change is None


def test_transitions_preview_and_long_ranges():
    calendar = compile_calendar(spec())
    week = calendar.transitions(berlin(2026, 6, 1, 12), berlin(2026, 6, 15))
    assert week[0] == (berlin(2026, 6, 1, 12), calendar.evaluate(berlin(2026, 6, 1, 12)))
    assert [(at.strftime("%a %H:%M"), status.state) for at, status in week[:5]] == [
        ("Mon 12:00", "open"),
        ("Mon 17:00", "closed"),
        ("Tue 08:00", "open"),
        ("Tue 17:00", "closed"),
        ("Wed 08:00", "open"),
    ]
    assert all(status == calendar.evaluate(at) for at, status in week)
    far = spec(weekly=WeeklyHours(), holidays=[HolidayRule("Jubilee", OnDate(date(2028, 6, 1)))])
    assert [(at.date(), s.state) for at, s in transitions(far, berlin(2026, 1, 1), berlin(2029, 1, 1))] == [
        (date(2026, 1, 1), "closed"),
        (date(2028, 6, 1), "holiday"),
        (date(2028, 6, 2), "closed"),
    ]
    with pytest.raises(ValueError, match="end must be after start"):
        calendar.transitions(berlin(2026, 6, 2), berlin(2026, 6, 1))


def test_bad_instants_are_refused_clearly():
    calendar = compile_calendar(spec())
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.evaluate(datetime(2026, 6, 1, 12))
    with pytest.raises(ValueError, match="years 1900 to 9000"):
        calendar.evaluate(datetime(1850, 6, 1, tzinfo=UTC))


def test_shift_patterns_choose_the_weekly_hours():
    summer = ShiftPattern(
        "Summer hours",
        WeeklyHours.from_mapping(
            {d: [hours("07:00-15:00")] for d in range(5)} | {Weekday.MONDAY: [hours("20:00-02:00")]}
        ),
        [YearlyRange(6, 1, 8, 31)],
    )
    works = ShiftPattern("Renovation", WeeklyHours(), [DateRange(date(2026, 7, 13), date(2026, 7, 17))])
    calendar = compile_calendar(spec(shift_patterns=[works, summer]))
    assert state(calendar, berlin(2026, 7, 10, 7)) == ("open", True, "Summer hours", "")
    assert state(calendar, berlin(2026, 7, 14, 10)) == ("closed", False, "closed", "p/closed.wav")
    assert state(calendar, berlin(2026, 9, 1, 7)) == ("closed", False, "after hours", "p/after.wav")
    # Monday Aug 31's summer night shift spills into Tuesday Sep 1 under the default hours.
    assert state(calendar, berlin(2026, 9, 1, 1)) == ("open", True, "Summer hours", "")
    assert state(calendar, berlin(2026, 9, 1, 9)) == ("open", True, "business hours", "")
    assert calendar.shift_pattern_for(date(2026, 7, 14)) is works
    assert calendar.shift_pattern_for(date(2026, 9, 1)) is None
    assert calendar.weekly_hours_for(date(2026, 8, 3)) is summer.weekly


def test_a_dates_own_hours_win_over_a_spill_from_another_pattern():
    late_shift = ShiftPattern(
        "Late shift",
        WeeklyHours(monday=[hours("20:00-04:00")]),
        [DateRange(date(2026, 8, 31), date(2026, 8, 31))],
    )
    calendar = compile_calendar(
        spec(weekly=WeeklyHours(tuesday=[hours("02:00-10:00")]), shift_patterns=[late_shift])
    )
    assert state(calendar, berlin(2026, 9, 1, 1)) == ("open", True, "Late shift", "")
    assert state(calendar, berlin(2026, 9, 1, 3)) == ("open", True, "business hours", "")
    # The reason changes at 02:00, but callers stay routed until 10:00: that is the next change.
    assert calendar.evaluate(berlin(2026, 9, 1, 1)).next_change == berlin(2026, 9, 1, 10)
    changes = calendar.transitions(berlin(2026, 9, 1, 1), berlin(2026, 9, 1, 12))
    assert [(at.hour, status.reason) for at, status in changes] == [
        (1, "Late shift"),
        (2, "business hours"),
        (10, "after hours"),
    ]


def test_day_helpers_split_at_midnight():
    calendar = compile_calendar(
        spec(
            holidays=[
                HolidayRule("Eve", YearlyDate(12, 24), window=hours("12:00-00:00")),
                HolidayRule("Fair", OnDate(date(2026, 6, 3))),
            ],
            special_days=[SpecialDay(date(2026, 6, 4), "Training", [hours("13:00-15:00")])],
        )
    )
    assert calendar.weekly_intervals_for(date(2026, 6, 6)) == (hours("00:00-02:00"),)
    assert calendar.weekly_intervals_for(date(2026, 6, 5)) == (hours("08:00-17:00"), hours("22:00-00:00"))
    assert calendar.open_intervals_for(date(2026, 12, 24)) == (hours("08:00-12:00"),)
    assert calendar.open_intervals_for(date(2026, 6, 3)) == ()
    assert calendar.weekly_intervals_for(date(2026, 6, 3)) == (hours("08:00-17:00"),)
    assert calendar.open_intervals_for(date(2026, 6, 4)) == (hours("13:00-15:00"),)
    nights = WeeklyHours(
        thursday=[hours("22:00-02:00")],
        friday=[hours("02:00-06:00"), hours("10:00-11:00")],
        sunday=[hours("00:00-00:00")],
    )
    split = split_at_midnight(nights)
    assert split[Weekday.THURSDAY] == (hours("22:00-00:00"),)
    assert split[Weekday.FRIDAY] == (hours("00:00-06:00"), hours("10:00-11:00"))
    assert split[Weekday.SUNDAY] == (hours("00:00-00:00"),)
    assert split[Weekday.MONDAY] == ()


def test_uccx_limits():
    busy = WeeklyHours(
        monday=[hours("06:00-08:00"), hours("09:00-12:00"), hours("13:00-17:00")],
        sunday=[hours("22:00-02:00")],
    )
    errors = uccx_limit_errors(spec(name="A calendar name over thirty chars", weekly=busy))
    assert [error.field for error in errors] == ["name", "weekly.monday"]
    assert "at most 3 intervals a day; Monday has 4" in errors[1].message
    assert uccx_limit_errors(spec()) == []


def test_after_hours_prompt_falls_back_to_closed():
    calendar = compile_calendar(spec(prompts=Prompts(closed="p/closed.wav")))
    assert state(calendar, berlin(2026, 6, 5, 18)) == ("closed", False, "after hours", "p/closed.wav")
