"""The announcement schedule: bounds, recurrences, windows past midnight, daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from announcements.schedule import Recurrence, Schedule, is_active, overlapping, periods

NY = ZoneInfo("America/New_York")
ZURICH = ZoneInfo("Europe/Zurich")


def local(tz: ZoneInfo, *args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=tz, fold=fold)


def test_once_plays_between_its_bounds_whatever_the_window() -> None:
    schedule = Schedule(
        "Europe/Zurich",
        starts_at=local(ZURICH, 2026, 3, 2, 8),
        ends_at=local(ZURICH, 2026, 3, 3, 18),
        recurrence=Recurrence.ONCE,
        window_start=time(9),
        window_end=time(10),
    )
    assert not is_active(schedule, local(ZURICH, 2026, 3, 2, 7, 59))
    assert is_active(schedule, local(ZURICH, 2026, 3, 2, 8))
    assert is_active(schedule, local(ZURICH, 2026, 3, 3, 3))  # overnight: the window does not apply
    assert not is_active(schedule, local(ZURICH, 2026, 3, 3, 18))  # the end is exclusive


def test_weekly_days_and_window() -> None:
    schedule = Schedule(
        "Europe/Zurich", recurrence="weekly", days_of_week={0, 2}, window_start=time(8), window_end=time(12)
    )
    monday, tuesday, wednesday = (local(ZURICH, 2026, 3, d, 9) for d in (2, 3, 4))
    assert is_active(schedule, monday)
    assert is_active(schedule, wednesday)
    assert not is_active(schedule, tuesday)
    assert not is_active(schedule, local(ZURICH, 2026, 3, 2, 12))
    assert is_active(schedule, local(ZURICH, 2026, 3, 2, 11, 59, 59))


def test_window_past_midnight_belongs_to_the_day_it_starts() -> None:
    friday_night = Schedule(
        "Europe/Zurich", recurrence="weekly", days_of_week={4}, window_start=time(22), window_end=time(2)
    )
    assert is_active(friday_night, local(ZURICH, 2026, 3, 6, 23))  # Friday 23:00
    assert is_active(friday_night, local(ZURICH, 2026, 3, 7, 1, 59))  # Saturday 01:59, Friday's window
    assert not is_active(friday_night, local(ZURICH, 2026, 3, 7, 2))
    assert not is_active(friday_night, local(ZURICH, 2026, 3, 7, 23))  # Saturday night: not Friday
    assert not is_active(friday_night, local(ZURICH, 2026, 3, 6, 1))  # Friday 01:00 is Thursday's window


def test_window_until_midnight_and_whole_day_windows() -> None:
    evening = Schedule("UTC", window_start=time(18), window_end=time(0))
    assert is_active(evening, datetime(2026, 1, 1, 23, 59, 59, tzinfo=UTC))
    assert not is_active(evening, datetime(2026, 1, 2, 0, 0, tzinfo=UTC))
    whole_day = Schedule("UTC", window_start=time(0), window_end=time(0))
    assert is_active(whole_day, datetime(2026, 1, 2, 0, 0, tzinfo=UTC))
    assert is_active(whole_day, datetime(2026, 1, 2, 23, 59, tzinfo=UTC))


def test_time_zone_decides_the_local_day() -> None:
    new_year = Schedule("America/New_York", starts_at=local(NY, 2026, 1, 1), recurrence="yearly")
    assert is_active(new_year, datetime(2027, 1, 1, 5, 0, tzinfo=UTC))  # 00:00 in New York
    assert not is_active(new_year, datetime(2027, 1, 1, 4, 59, tzinfo=UTC))  # still 31 Dec there
    assert is_active(new_year, datetime(2027, 1, 2, 4, 59, tzinfo=UTC))


def test_monthly_on_the_31st_falls_on_the_last_day_of_short_months() -> None:
    schedule = Schedule("UTC", starts_at=datetime(2026, 1, 31, tzinfo=UTC), recurrence="monthly")
    assert is_active(schedule, datetime(2026, 2, 28, 12, tzinfo=UTC))
    assert not is_active(schedule, datetime(2026, 2, 27, 12, tzinfo=UTC))
    assert is_active(schedule, datetime(2026, 4, 30, 12, tzinfo=UTC))
    assert not is_active(schedule, datetime(2026, 5, 30, 12, tzinfo=UTC))


def test_yearly_29_february_on_the_28th_in_common_years() -> None:
    schedule = Schedule("UTC", starts_at=datetime(2028, 2, 29, tzinfo=UTC), recurrence="yearly")
    assert is_active(schedule, datetime(2029, 2, 28, 12, tzinfo=UTC))
    assert is_active(schedule, datetime(2032, 2, 29, 12, tzinfo=UTC))
    assert not is_active(schedule, datetime(2032, 2, 28, 12, tzinfo=UTC))


def test_spring_forward_window_in_the_skipped_hour_never_plays() -> None:
    # 8 March 2026: New York clocks go from 02:00 EST to 03:00 EDT.
    schedule = Schedule("America/New_York", window_start=time(2, 15), window_end=time(2, 45))
    assert periods(schedule, local(NY, 2026, 3, 8), local(NY, 2026, 3, 9)) == []
    assert periods(schedule, local(NY, 2026, 3, 9), local(NY, 2026, 3, 10)) == [
        (local(NY, 2026, 3, 9, 2, 15).astimezone(UTC), local(NY, 2026, 3, 9, 2, 45).astimezone(UTC))
    ]


def test_spring_forward_window_across_the_gap_is_shorter_and_starts_at_the_jump() -> None:
    schedule = Schedule("America/New_York", window_start=time(2, 30), window_end=time(4))
    spans = periods(schedule, local(NY, 2026, 3, 8), local(NY, 2026, 3, 9))
    assert spans == [(datetime(2026, 3, 8, 7, 0, tzinfo=UTC), datetime(2026, 3, 8, 8, 0, tzinfo=UTC))]
    assert is_active(schedule, datetime(2026, 3, 8, 7, 0, tzinfo=UTC))  # 03:00 EDT
    assert not is_active(schedule, datetime(2026, 3, 8, 6, 59, tzinfo=UTC))  # 01:59 EST


def test_fall_back_window_in_the_repeated_hour_plays_twice() -> None:
    # 1 November 2026: 02:00 EDT becomes 01:00 EST; 01:00-01:30 happens twice.
    schedule = Schedule("America/New_York", window_start=time(1), window_end=time(1, 30))
    spans = periods(schedule, local(NY, 2026, 11, 1), local(NY, 2026, 11, 2))
    assert spans == [
        (datetime(2026, 11, 1, 5, 0, tzinfo=UTC), datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        (datetime(2026, 11, 1, 6, 0, tzinfo=UTC), datetime(2026, 11, 1, 6, 30, tzinfo=UTC)),
    ]


def test_a_daily_whole_day_lasts_23_and_25_hours_on_dst_days() -> None:
    schedule = Schedule("Europe/Zurich", recurrence="weekly", days_of_week={6})
    spring = periods(schedule, local(ZURICH, 2026, 3, 28), local(ZURICH, 2026, 3, 31))
    autumn = periods(schedule, local(ZURICH, 2026, 10, 24), local(ZURICH, 2026, 10, 27))
    assert [(b - a) for a, b in spring] == [timedelta(hours=23)]
    assert [(b - a) for a, b in autumn] == [timedelta(hours=25)]


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/Zurich", "Australia/Lord_Howe", "Asia/Kolkata"])
def test_periods_agree_with_is_active_minute_by_minute_around_dst(zone: str) -> None:
    tz = ZoneInfo(zone)
    schedule = Schedule(
        zone, recurrence="weekly", days_of_week={5, 6}, window_start=time(1, 30), window_end=time(2, 15)
    )
    for start in (
        datetime(2026, 3, 6, tzinfo=UTC),
        datetime(2026, 10, 2, tzinfo=UTC),
        datetime(2026, 4, 3, tzinfo=UTC),
    ):
        end = start + timedelta(days=3)
        spans = periods(schedule, start, end)
        minute = start
        while minute < end:
            inside = any(a <= minute < b for a, b in spans)
            assert inside == is_active(schedule, minute), (zone, minute.astimezone(tz))
            minute += timedelta(minutes=5)


def test_bounds_clip_periods() -> None:
    schedule = Schedule(
        "UTC",
        starts_at=datetime(2026, 1, 1, 10, 30, tzinfo=UTC),
        ends_at=datetime(2026, 1, 3, 10, 15, tzinfo=UTC),
        window_start=time(10),
        window_end=time(11),
    )
    assert periods(schedule, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 5, tzinfo=UTC)) == [
        (datetime(2026, 1, 1, 10, 30, tzinfo=UTC), datetime(2026, 1, 1, 11, tzinfo=UTC)),
        (datetime(2026, 1, 2, 10, tzinfo=UTC), datetime(2026, 1, 2, 11, tzinfo=UTC)),
        (datetime(2026, 1, 3, 10, tzinfo=UTC), datetime(2026, 1, 3, 10, 15, tzinfo=UTC)),
    ]


def test_overlapping_finds_the_first_shared_span() -> None:
    mornings = Schedule("UTC", window_start=time(8), window_end=time(12))
    late = Schedule("UTC", window_start=time(11), window_end=time(13), recurrence="weekly", days_of_week={2})
    evenings = Schedule("UTC", window_start=time(18), window_end=time(20))
    start = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday
    assert overlapping(mornings, late, start, start + timedelta(days=7)) == (
        datetime(2026, 3, 4, 11, tzinfo=UTC),
        datetime(2026, 3, 4, 12, tzinfo=UTC),
    )
    assert overlapping(mornings, evenings, start, start + timedelta(days=7)) is None
