"""Issue 9, bounded work: every count a spec holds has a limit with a clear message, checks are
O(n log n), and an RRULE is expanded with bounded work whatever its start, interval or parts.

The timeouts are guards against the defects coming back (a cubic check or an endless loop never
finishes), not measurements: `python -m bench.hostile_input` measures."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from calendars.engine import (
    CalendarSpec,
    DateRange,
    HolidayRule,
    Interval,
    OnDate,
    RRuleDate,
    ShiftPattern,
    SpecialDay,
    WeeklyHours,
    YearlyRange,
    limits,
    validate_spec,
    validate_weekly,
)
from calendars.engine.field_checks import overlap_errors

hours = Interval.parse


def messages(**kwargs: object) -> dict[str, str]:
    spec = CalendarSpec(**{"name": "Main", "time_zone": "Europe/Berlin"} | kwargs)
    return {error.field: error.message for error in validate_spec(spec)}


@pytest.mark.timeout(10)
def test_the_overlap_check_of_many_identical_intervals_finishes_quickly() -> None:
    """It was cubic: 400 identical intervals took 21 s, 10,000 never finished."""
    spans = [(0, 3_600, f"weekly.monday[{i}]", "Monday 00:00-01:00") for i in range(20_000)]
    errors = overlap_errors(spans)
    assert len(errors) == 19_999
    assert errors[0].message == "Monday 00:00-01:00 overlaps Monday 00:00-01:00."


def test_overlaps_still_name_the_earlier_interval_reaching_furthest() -> None:
    weekly = WeeklyHours(monday=[hours("08:00-18:00"), hours("09:00-10:00"), hours("12:00-13:00")])
    assert {e.field: e.message for e in validate_weekly(weekly)} == {
        "weekly.monday[1]": "Monday 09:00-10:00 overlaps Monday 08:00-18:00.",
        "weekly.monday[2]": "Monday 12:00-13:00 overlaps Monday 08:00-18:00.",
    }


def test_400_identical_monday_intervals_are_refused_by_the_intervals_a_day_limit() -> None:
    weekly = WeeklyHours(monday=[hours("08:00-09:00")] * 400)
    assert messages(weekly=weekly) == {
        "weekly.monday": f"At most {limits.MAX_INTERVALS_PER_DAY} intervals a day are allowed (400 given)."
    }


def test_a_special_day_with_too_many_intervals_is_refused() -> None:
    day = SpecialDay(date(2026, 12, 24), "Eve", [hours("08:00-09:00")] * 200)
    assert messages(special_days=[day]) == {
        "special_days[0].intervals": (
            f"At most {limits.MAX_INTERVALS_PER_DAY} intervals a day are allowed (200 given)."
        )
    }


def test_counts_of_holidays_special_days_and_shift_patterns_have_limits() -> None:
    many_holidays = [HolidayRule(f"H{i}", OnDate(date(2026, 1, 1) + timedelta(i))) for i in range(20_000)]
    many_days = [SpecialDay(date(2026, 1, 1) + timedelta(i), "S") for i in range(limits.MAX_SPECIAL_DAYS + 1)]
    too_many = limits.MAX_SHIFT_PATTERNS + 1
    summer = ShiftPattern("Summer", WeeklyHours(), [YearlyRange(6, 1, 8, 31)] * too_many)
    many_patterns = [
        ShiftPattern(f"P{i}", WeeklyHours(), [YearlyRange(6, 1, 8, 31)]) for i in range(too_many)
    ]

    assert messages(holidays=many_holidays) == {
        "holidays": f"At most {limits.MAX_HOLIDAYS} holidays are allowed (20,000 given)."
    }
    days_message = f"At most {limits.MAX_SPECIAL_DAYS} special days are allowed ({len(many_days)} given)."
    assert messages(special_days=many_days) == {"special_days": days_message}
    periods_message = messages(shift_patterns=[summer])["shift_patterns[0].periods"]
    assert (
        periods_message == f"At most {limits.MAX_PERIODS_PER_PATTERN} periods are allowed ({too_many} given)."
    )
    patterns_message = f"At most {limits.MAX_SHIFT_PATTERNS} shift patterns are allowed ({too_many} given)."
    assert messages(shift_patterns=many_patterns) == {"shift_patterns": patterns_message}


def test_the_dates_holidays_make_in_a_year_have_a_limit() -> None:
    whole_years = [HolidayRule(f"Y{i}", DateRange(date(2026, 1, 1), date(2026, 12, 31))) for i in range(3)]
    assert messages(holidays=whole_years) == {
        "holidays": "The holidays cover up to 1,095 dates a year; at most 1,000 are allowed. "
        "Shorten date ranges or daily rules."
    }


def rrule_message(rule: str, dtstart: date = date(2026, 1, 1)) -> str | None:
    return messages(holidays=[HolidayRule("R", RRuleDate(rule, dtstart))]).get("holidays[0].when.rule")


@pytest.mark.timeout(10)
def test_rrule_interval_zero_is_refused_instead_of_looping_forever() -> None:
    assert (
        rrule_message("FREQ=DAILY;INTERVAL=0") == "INTERVAL must be a whole number from 1 to 1,000 (0 given)."
    )


def test_rrule_negative_interval_is_refused_with_a_message() -> None:
    assert (
        rrule_message("FREQ=DAILY;INTERVAL=-1")
        == "INTERVAL must be a whole number from 1 to 1,000 (-1 given)."
    )


def test_rrule_parts_below_a_day_are_refused() -> None:
    rule = "FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24))) + ";BYMINUTE=" + ",".join(map(str, range(60)))
    assert rrule_message(rule) == "Holidays recur by date: remove BYHOUR, BYMINUTE."


def test_rrule_count_is_bounded_and_must_end_within_the_search_years() -> None:
    assert (
        rrule_message("FREQ=YEARLY;COUNT=5000")
        == "COUNT must be a whole number from 1 to 1,000 (5000 given)."
    )
    assert rrule_message("FREQ=DAILY;COUNT=10") is None
    leap_days = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=10"
    assert rrule_message(leap_days) == (
        "With COUNT the rule must produce all its dates within 30 years of its start; "
        "use UNTIL for a longer rule."
    )
    assert rrule_message("FREQ=YEARLY;COUNT=3;UNTIL=20300101") == "Give COUNT or UNTIL, not both."


def test_an_rrule_starts_in_an_evaluable_year() -> None:
    spec_errors = messages(holidays=[HolidayRule("R", RRuleDate("FREQ=YEARLY", date(1, 1, 1)))])
    assert spec_errors == {"holidays[0].when.dtstart": "Start in a year from 1900 to 9000."}


def test_too_many_rrule_holidays_are_refused() -> None:
    rules = [HolidayRule(f"R{i}", RRuleDate("FREQ=YEARLY", date(2026, 1, 1))) for i in range(21)]
    assert messages(holidays=rules) == {
        "holidays": f"At most {limits.MAX_RRULE_HOLIDAYS} holidays given as an RRULE are allowed (21 given)."
    }


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31;COUNT=3",
        "FREQ=DAILY;INTERVAL=7;BYDAY=MO",
        "FREQ=WEEKLY;BYDAY=1MO",
    ],
)
def test_twenty_rrules_that_never_match_are_refused_quickly(rule: str) -> None:
    """dateutil walks every period up to year 9999 looking for a date that never comes (20 such daily
    rules took over 30 s); they are refused without that walk."""
    rules = [HolidayRule(f"R{i}", RRuleDate(rule, date(1901 + i, 1, 1))) for i in range(20)]
    assert len(messages(holidays=rules)) == 20


def test_daily_and_weekly_rules_keep_to_months_and_weekdays() -> None:
    assert rrule_message("FREQ=DAILY;BYMONTHDAY=13;BYDAY=FR") == (
        "With FREQ=DAILY use only BYMONTH and BYDAY; for BYMONTHDAY use MONTHLY or YEARLY."
    )
    assert (
        rrule_message("FREQ=WEEKLY;BYDAY=2TU")
        == "With FREQ=WEEKLY BYDAY takes weekdays without a number (MO,FR)."
    )
    assert rrule_message("FREQ=DAILY;INTERVAL=14;BYDAY=MO") == (
        "A DAILY rule every whole number of weeks with BYDAY: use FREQ=WEEKLY."
    )
    assert (
        rrule_message("FREQ=YEARLY;BYEASTER=-2")
        == "Use the holiday kind relative to Easter instead of BYEASTER."
    )
    assert rrule_message("FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR") is None


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY",
        "FREQ=DAILY;INTERVAL=3;BYMONTH=2,3",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR",
        "FREQ=MONTHLY;INTERVAL=5",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=YEARLY;INTERVAL=3",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=DAILY;UNTIL=20300101",
    ],
)
@pytest.mark.parametrize("dtstart", [date(1900, 1, 1), date(1904, 2, 29), date(1999, 12, 31)])
def test_an_rrule_gives_the_same_dates_in_far_years_as_walking_from_its_start(
    rule: str, dtstart: date
) -> None:
    """Expansion restarts the rule near the year asked for; that must not change a single date."""
    when = RRuleDate(rule, dtstart)
    naive = rrulestr(rule, dtstart=datetime(dtstart.year, dtstart.month, dtstart.day))
    for year in (dtstart.year, dtstart.year + 1, 2026, 2031, 2400):
        expected = sorted(
            {m.date() for m in naive.between(datetime(year, 1, 1), datetime(year, 12, 31, 23, 59), inc=True)}
        )
        assert when.dates_in_year(year) == expected, (rule, dtstart, year)


@pytest.mark.timeout(10)
def test_a_daily_rrule_from_1900_expands_year_9000_without_walking_every_day() -> None:
    """It walked 2.6 million days (3.3 s, and 12-23 s for each year asked with BYHOUR x BYMINUTE)."""
    when = RRuleDate("FREQ=DAILY", date(1900, 1, 1))
    for year in range(8900, 9001):
        assert len(when.dates_in_year(year)) in (365, 366)


def test_the_shift_pattern_table_of_a_year_agrees_with_testing_every_period() -> None:
    """Each day's pattern comes from a per-year table (20 patterns x 20 periods were tested per day)."""
    from calendars.engine import compile_calendar

    patterns = [
        ShiftPattern("Wrap", WeeklyHours(), [YearlyRange(12, 20, 1, 10)]),
        ShiftPattern("Leap", WeeklyHours(), [YearlyRange(2, 29, 3, 2), YearlyRange(2, 1, 2, 29)]),
        ShiftPattern("Dates", WeeklyHours(), [DateRange(date(2027, 12, 30), date(2028, 1, 3))]),
        ShiftPattern("Summer", WeeklyHours(), [YearlyRange(6, 1, 8, 31), YearlyRange(1, 5, 1, 6)]),
    ]
    compiled = compile_calendar(CalendarSpec("Main", "Europe/Berlin", shift_patterns=patterns))
    day = date(2026, 1, 1)
    while day < date(2029, 1, 1):
        expected = next((p.name for p in patterns if p.applies_on(day)), None)
        found = compiled.shift_pattern_for(day)
        assert (found.name if found else None) == expected, day
        day += timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(
    freq=st.sampled_from(["DAILY", "WEEKLY"]),
    interval=st.integers(1, 30),
    months=st.sets(st.integers(1, 12), max_size=3),
    weekdays=st.sets(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), max_size=3),
    wkst=st.sampled_from(["", "MO", "SU", "WE"]),
    until=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 1, 1))),
    dtstart=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    offset=st.integers(0, 12),
)
def test_daily_and_weekly_rules_by_arithmetic_agree_with_dateutil(
    freq: str,
    interval: int,
    months: set,
    weekdays: set,
    wkst: str,
    until: date | None,
    dtstart: date,
    offset: int,
) -> None:
    parts = [f"FREQ={freq}", f"INTERVAL={interval}"]
    parts += [f"BYMONTH={','.join(map(str, sorted(months)))}"] if months else []
    parts += [f"BYDAY={','.join(sorted(weekdays))}"] if weekdays else []
    parts += [f"WKST={wkst}"] if wkst else []
    parts += [f"UNTIL={until:%Y%m%d}"] if until else []
    rule = ";".join(parts)
    year = dtstart.year + offset
    naive = rrulestr(rule, dtstart=datetime(dtstart.year, dtstart.month, dtstart.day))
    expected = sorted(
        {m.date() for m in naive.between(datetime(year, 1, 1), datetime(year, 12, 31, 23, 59), inc=True)}
    )
    assert RRuleDate(rule, dtstart).dates_in_year(year) == expected
