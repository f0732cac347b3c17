"""Calendar services for holidays against the simulator: a country's holidays, iCalendar files, partial
holidays within UCCX's limits and shared holiday profiles."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from calendars.engine import HolidayRule, OnDate, WeeklyHours, YearlyDate
from calendars.ics import ics_from_rules
from calendars.rows import calendar_data
from calendars.selectors import calendar_preview
from calendars.services import (
    CalendarInvalid,
    calendar_create,
    holiday_add,
    holiday_profile_save,
    holidays_import,
    ics_import,
)
from uccx_simulator import Simulator

from .service_helpers import ZURICH, footprint, iv, support_data, uccx_copy

pytestmark = pytest.mark.django_db


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
