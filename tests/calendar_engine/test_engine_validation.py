"""Validation returns clear, field-addressed messages; compiling refuses invalid specs."""

from datetime import UTC, date, datetime, time

import pytest

from calendars.engine import (
    CalendarSpec,
    CalendarValidationError,
    DateRange,
    EasterOffset,
    Emergency,
    FieldError,
    HolidayRule,
    Interval,
    NthWeekday,
    OnDate,
    RRuleDate,
    ShiftPattern,
    SpecialDay,
    WeeklyHours,
    YearlyDate,
    YearlyRange,
    compile_calendar,
    validate_holiday,
    validate_spec,
    validate_weekly,
)

hours = Interval.parse


def errors_of(**kwargs) -> dict[str, str]:
    spec = CalendarSpec(**{"name": "Main", "time_zone": "Europe/Berlin"} | kwargs)
    return {error.field: error.message for error in validate_spec(spec)}


def test_a_sound_spec_has_no_errors():
    spec = CalendarSpec(
        "Main",
        "America/New_York",
        WeeklyHours(friday=[hours("08:00-12:00"), hours("22:00-02:00")], saturday=[hours("02:00-06:00")]),
        shift_patterns=[
            ShiftPattern("Summer", WeeklyHours(monday=[hours("00:00-00:00")]), [YearlyRange(6, 1, 8, 31)])
        ],
        holidays=[
            HolidayRule("Leap", YearlyDate(2, 29)),
            HolidayRule("Thanksgiving", RRuleDate("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", date(2020, 1, 1))),
            HolidayRule("Eve", YearlyDate(12, 24), window=hours("12:00-00:00")),
        ],
        special_days=[SpecialDay(date(2026, 12, 31), "Short", [hours("08:00-12:00"), hours("12:00-13:00")])],
        emergency=Emergency("force_closed", "Storm", expires_at=datetime(2026, 1, 1, tzinfo=UTC)),
    )
    assert validate_spec(spec) == []


def test_overlaps_on_one_day_point_at_the_later_interval():
    weekly = WeeklyHours(monday=[hours("08:00-12:00"), hours("11:00-13:00")])
    assert validate_weekly(weekly) == [
        FieldError("weekly.monday[1]", "Monday 11:00-13:00 overlaps Monday 08:00-12:00.")
    ]


def test_overnight_spill_overlapping_the_next_day_is_reported():
    weekly = WeeklyHours(friday=[hours("22:00-02:00")], saturday=[hours("01:00-05:00")])
    assert validate_weekly(weekly) == [
        FieldError(
            "weekly.saturday[0]",
            "Saturday 01:00-05:00 overlaps Friday 22:00-02:00, which runs past midnight.",
        )
    ]


def test_sunday_night_spill_into_monday_is_reported():
    errors = errors_of(weekly=WeeklyHours(sunday=[hours("23:00-07:00")], monday=[hours("06:00-12:00")]))
    assert errors == {
        "weekly.monday[0]": "Monday 06:00-12:00 overlaps Sunday 23:00-07:00, which runs past midnight."
    }


def test_zero_length_and_whole_day_intervals():
    errors = errors_of(weekly=WeeklyHours(monday=[hours("08:00-08:00")], tuesday=[hours("00:00-00:00")]))
    assert errors == {"weekly.monday[0]": "08:00-08:00 has no length; use 00:00-00:00 for a whole day."}
    whole_day_twice = errors_of(weekly=WeeklyHours(tuesday=[hours("00:00-00:00"), hours("10:00-11:00")]))
    assert list(whole_day_twice) == ["weekly.tuesday[1]"]


def test_times_with_a_time_zone_are_refused():
    aware = Interval(time(8, tzinfo=UTC), time(17, tzinfo=UTC))
    assert "without a time zone" in errors_of(weekly=WeeklyHours(monday=[aware]))["weekly.monday[0]"]


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "europe/berlin", "localtime"])
def test_bad_time_zone(zone):
    assert "time_zone" in errors_of(time_zone=zone)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("garbage", "Write NAME=VALUE parts"),
        ("BYMONTH=11", "with a FREQ"),
        ("FREQ=HOURLY", "FREQ=HOURLY is not allowed"),
        ("FREQ=YEARLY;BYDAY=XX", "Not a valid RRULE: invalid 'BYDAY': XX."),
        ("DTSTART:20200101\nRRULE:FREQ=YEARLY", "Give only the RRULE part"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never produces a date"),
        ("FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31", "never produces a date"),
        ("FREQ=YEARLY;UNTIL=20191231", "ends (UNTIL or COUNT) before"),
        ("", "Enter a recurrence rule"),
    ],
)
def test_malformed_rrules(rule, message):
    errors = validate_holiday(HolidayRule("X", RRuleDate(rule, date(2020, 1, 1))), "holidays[0]")
    assert [error.field for error in errors] == ["holidays[0].when.rule"]
    assert message in errors[0].message


@pytest.mark.parametrize(
    ("when", "field", "message"),
    [
        (YearlyDate(4, 31), "holidays[0].when.day", "April has no day 31."),
        (YearlyDate(13, 1), "holidays[0].when.month", "Enter a month from 1 to 12."),
        (NthWeekday(11, 3, 6), "holidays[0].when.nth", "Enter 1 to 5"),
        (NthWeekday(11, 7, 1), "holidays[0].when.weekday", "Enter a weekday from 0 (Monday) to 6 (Sunday)."),
        (EasterOffset(400), "holidays[0].when.days", "Enter whole days from -365 to 365."),
        (
            DateRange(date(2026, 5, 2), date(2026, 5, 1)),
            "holidays[0].when.end",
            "The end date is before the start date.",
        ),
        (OnDate(datetime(2026, 5, 1)), "holidays[0].when.date", "Enter a date."),
        ("Dec 25", "holidays[0].when", "Choose when the holiday falls."),
    ],
)
def test_bad_holiday_dates(when, field, message):
    assert message in errors_of(holidays=[HolidayRule("X", when)])[field]


def test_holiday_name_and_window():
    errors = errors_of(
        holidays=[
            HolidayRule(" ", YearlyDate(1, 1)),
            HolidayRule("Eve", YearlyDate(12, 24), window=hours("22:00-02:00")),
            HolidayRule("Noon", YearlyDate(12, 31), window=hours("12:00-12:00")),
        ]
    )
    assert errors == {
        "holidays[0].name": "Enter the holiday's name.",
        "holidays[1].window": "22:00-02:00 runs past midnight; it must end by 00:00 on the same day.",
        "holidays[2].window": "12:00-12:00 has no length; use 00:00-00:00 for a whole day.",
    }


def test_special_days():
    past_midnight = "20:00-02:00 runs past midnight; it must end by 00:00 on the same day."
    errors = errors_of(
        special_days=[
            SpecialDay(date(2026, 12, 31), "Party", [hours("20:00-02:00")]),
            SpecialDay(date(2026, 12, 31), "Again"),
            SpecialDay(date(2026, 12, 30), "", [hours("08:00-12:00"), hours("09:00-10:00")]),
        ]
    )
    assert errors == {
        "special_days[0].intervals[0]": past_midnight,
        "special_days[1].date": "2026-12-31 already is a special day (special_days[0]).",
        "special_days[2].name": "Enter the special day's name.",
        "special_days[2].intervals[1]": "09:00-10:00 overlaps 08:00-12:00.",
    }


def test_shift_patterns():
    weekly = WeeklyHours(monday=[hours("08:00-12:00")])
    errors = errors_of(
        shift_patterns=[
            ShiftPattern("Summer", weekly, []),
            ShiftPattern(
                "summer ", weekly, [YearlyRange(6, 31, 8, 31), DateRange(date(2026, 2, 1), date(2026, 1, 1))]
            ),
            ShiftPattern(
                "Winter",
                WeeklyHours(monday=[hours("08:00-12:00"), hours("10:00-14:00")]),
                [YearlyRange(12, 1, 2, 29)],
            ),
        ]
    )
    assert errors == {
        "shift_patterns[0].periods": "Add at least one period (dates or a yearly range).",
        "shift_patterns[1].name": "Another shift pattern is already called 'summer '.",
        "shift_patterns[1].periods[0].start_day": "June has no day 31.",
        "shift_patterns[1].periods[1].end": "The end date is before the start date.",
        "shift_patterns[2].weekly.monday[1]": "Monday 10:00-14:00 overlaps Monday 08:00-12:00.",
    }


def test_emergency():
    errors = errors_of(emergency=Emergency("panic", "", expires_at=datetime(2026, 1, 1)))
    assert errors == {
        "emergency.mode": "Choose force_closed or force_open.",
        "emergency.note": "Enter a note; callers' scripts and supervisors see it as the reason.",
        "emergency.expires_at": "Enter the expiry as a date and time with a time zone.",
    }


def test_compile_refuses_an_invalid_spec_listing_every_error():
    spec = CalendarSpec("", "Nowhere/City", WeeklyHours(monday=[hours("08:00-08:00")]))
    with pytest.raises(CalendarValidationError) as caught:
        compile_calendar(spec)
    assert [error.field for error in caught.value.errors] == ["name", "time_zone", "weekly.monday[0]"]
    assert str(caught.value).startswith("name: Enter the calendar's name.; time_zone: 'Nowhere/City' is not")


def test_interval_parse_rejects_garbage():
    assert hours("22:00\u201302:00") == Interval(time(22), time(2))
    with pytest.raises(ValueError, match="not an interval like 08:00-17:00"):
        Interval.parse("8 to 5")
    with pytest.raises(ValueError, match="not an interval"):
        Interval.parse("25:00-26:00")
