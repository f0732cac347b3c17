"""The IVR contract's second edition for calendar status: hours belong to the day they start on,
``next_change`` is a change of state or is_open, and ``next_open`` says when callers are routed again."""

from datetime import date, datetime

from calendars.engine import (
    FORCE_CLOSED,
    FORCE_OPEN,
    Emergency,
    HolidayRule,
    OnDate,
    SpecialDay,
    WeeklyHours,
    YearlyDate,
    compile_calendar,
)
from tests.calendar_engine.test_engine_evaluate import berlin, hours, spec

FRIDAY, SATURDAY = date(2026, 6, 5), date(2026, 6, 6)


def test_a_holiday_friday_does_not_open_saturday_night():
    calendar = compile_calendar(spec(holidays=[HolidayRule("Town fair", OnDate(FRIDAY))]))
    assert calendar.evaluate(berlin(2026, 6, 5, 23)).verdict == (
        "holiday",
        False,
        "Town fair",
        "p/holiday.wav",
    )
    night = calendar.evaluate(berlin(2026, 6, 6, 1))
    assert night.verdict == ("closed", False, "closed", "p/closed.wav")
    assert calendar.open_intervals_for(SATURDAY) == ()
    # The holiday ends at midnight; Saturday stays closed, so the state changes then, not at 02:00.
    holiday = calendar.evaluate(berlin(2026, 6, 5, 12))
    assert holiday.next_change == berlin(2026, 6, 6)
    assert holiday.next_open == berlin(2026, 6, 8, 8)


def test_a_special_day_friday_does_not_open_saturday_night_either():
    calendar = compile_calendar(
        spec(special_days=[SpecialDay(FRIDAY, "Short Friday", [hours("08:00-12:00")])])
    )
    assert calendar.evaluate(berlin(2026, 6, 5, 23)).verdict == (
        "closed",
        False,
        "Short Friday",
        "p/after.wav",
    )
    assert calendar.evaluate(berlin(2026, 6, 6, 1)).verdict == ("closed", False, "closed", "p/closed.wav")
    assert calendar.open_intervals_for(SATURDAY) == ()
    late = calendar.evaluate(berlin(2026, 6, 5, 12))
    assert (late.next_change, late.next_open) == (berlin(2026, 6, 8, 8), berlin(2026, 6, 8, 8))


def test_a_special_day_saturday_still_wins_from_midnight():
    calendar = compile_calendar(spec(special_days=[SpecialDay(SATURDAY, "Stocktaking")]))
    assert calendar.evaluate(berlin(2026, 6, 5, 23)).next_change == berlin(2026, 6, 6)
    assert calendar.evaluate(berlin(2026, 6, 6, 1)).verdict == (
        "closed",
        False,
        "Stocktaking",
        "p/closed.wav",
    )


def test_a_partial_day_holiday_keeps_the_nights_hours():
    """Only an all-day holiday replaces the date's hours; a window closes just itself."""
    eve = HolidayRule("Staff meeting", OnDate(FRIDAY), window=hours("09:00-10:00"))
    calendar = compile_calendar(spec(holidays=[eve]))
    assert calendar.evaluate(berlin(2026, 6, 6, 1)).verdict == ("open", True, "business hours", "")


def test_new_years_eve_special_day_drops_the_overnight_into_the_next_year():
    weekly = WeeklyHours(thursday=[hours("20:00-02:00")], friday=[hours("08:00-17:00")])
    calendar = compile_calendar(
        spec(
            weekly=weekly,
            special_days=[SpecialDay(date(2026, 12, 31), "New Year's Eve", [hours("10:00-14:00")])],
        )
    )
    assert calendar.evaluate(berlin(2027, 1, 1, 1)).verdict == ("closed", False, "after hours", "p/after.wav")
    afternoon = calendar.evaluate(berlin(2026, 12, 31, 15))
    assert afternoon.next_change == afternoon.next_open == berlin(2027, 1, 1, 8)


def test_the_issues_saturday_half_past_two():
    """At Sat 02:30 callers are closed until Mon 08:00: Monday's "after hours" from 00:00 is no change."""
    calendar = compile_calendar(spec())
    status = calendar.evaluate(berlin(2026, 6, 6, 2, 30))
    assert (status.state, status.reason) == ("closed", "closed")
    assert status.next_change == status.next_open == berlin(2026, 6, 8, 8)


def test_next_change_skips_a_chain_of_holidays():
    rules = [
        HolidayRule("Christmas", YearlyDate(12, 25)),
        HolidayRule("Saint Stephen's Day", YearlyDate(12, 26)),
    ]
    calendar = compile_calendar(
        spec(holidays=rules, weekly=WeeklyHours.from_mapping({d: [hours("08:00-17:00")] for d in range(7)}))
    )
    christmas = calendar.evaluate(berlin(2026, 12, 25, 10))
    assert christmas.next_change == berlin(2026, 12, 27)  # holiday, holiday, then after hours
    assert christmas.next_open == berlin(2026, 12, 27, 8)
    # The preview still shows Saint Stephen's Day: transitions list every change of what callers get.
    changes = calendar.transitions(berlin(2026, 12, 25, 10), berlin(2026, 12, 27, 9))
    assert [status.reason for _, status in changes] == [
        "Christmas",
        "Saint Stephen's Day",
        "after hours",
        "business hours",
    ]


def test_next_open_is_empty_while_open():
    status = compile_calendar(spec()).evaluate(berlin(2026, 6, 5, 10))
    assert status.is_open
    assert status.next_open is None
    assert status.next_change == berlin(2026, 6, 5, 17)


def test_next_open_after_an_emergency_closure():
    def calendar(expires: datetime | None, mode: str = FORCE_CLOSED):
        return compile_calendar(spec(emergency=Emergency(mode, "Storm", expires_at=expires)))

    during_hours = calendar(berlin(2026, 6, 5, 12)).evaluate(berlin(2026, 6, 5, 10))
    assert during_hours.next_change == during_hours.next_open == berlin(2026, 6, 5, 12)
    at_night = calendar(berlin(2026, 6, 5, 18)).evaluate(berlin(2026, 6, 5, 10))
    assert at_night.next_change == berlin(2026, 6, 5, 18)
    assert at_night.next_open == berlin(2026, 6, 5, 22)  # Friday's overnight interval
    assert calendar(None).evaluate(berlin(2026, 6, 5, 10)).next_open is None
    forced_open = calendar(berlin(2026, 6, 6, 12), FORCE_OPEN).evaluate(berlin(2026, 6, 6, 10))
    assert (forced_open.is_open, forced_open.next_open, forced_open.next_change) == (
        True,
        None,
        berlin(2026, 6, 6, 12),
    )


def test_next_open_is_empty_beyond_a_year():
    never = compile_calendar(spec(weekly=WeeklyHours()))
    assert never.evaluate(berlin(2026, 6, 1)).next_open is None
    once = compile_calendar(
        spec(
            weekly=WeeklyHours(),
            special_days=[SpecialDay(date(2027, 6, 1), "Open day", [hours("10:00-12:00")])],
        )
    )
    assert once.evaluate(berlin(2026, 6, 1, 10)).next_open == berlin(2027, 6, 1, 10)  # exactly 365 days
    assert once.evaluate(berlin(2026, 5, 31, 9)).next_open is None  # 366 days and an hour
    # The special day's own reason from 00:00 is no change: callers stay closed until 10:00.
    assert once.evaluate(berlin(2026, 6, 1, 10)).next_change == berlin(2027, 6, 1, 10)
