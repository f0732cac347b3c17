"""Holiday rule kinds expand to the right dates; country import and concrete holidays."""

from datetime import date, timedelta

import pytest

from calendars.engine import (
    CalendarSpec,
    DateRange,
    EasterOffset,
    HolidayRule,
    Interval,
    NthWeekday,
    OnDate,
    Prompts,
    RRuleDate,
    Weekday,
    YearlyDate,
    YearlyRange,
    compile_calendar,
    concrete_holidays,
    import_country_holidays,
    supported_countries,
)


def test_nth_weekday_counts_from_start_and_end():
    assert NthWeekday(11, Weekday.THURSDAY, 4).dates_in_year(2026) == [date(2026, 11, 26)]
    assert NthWeekday(5, Weekday.MONDAY, -1).dates_in_year(2026) == [date(2026, 5, 25)]
    assert NthWeekday(5, Weekday.MONDAY, -2).dates_in_year(2026) == [date(2026, 5, 18)]
    assert NthWeekday(9, Weekday.MONDAY, 1).dates_in_year(2026) == [date(2026, 9, 7)]


def test_nth_weekday_that_a_month_lacks_gives_no_date():
    # February 2026 has four Fridays (6, 13, 20, 27); March 2026 has five Sundays.
    assert NthWeekday(2, Weekday.FRIDAY, 5).dates_in_year(2026) == []
    assert NthWeekday(3, Weekday.SUNDAY, 5).dates_in_year(2026) == [date(2026, 3, 29)]
    assert NthWeekday(2, Weekday.FRIDAY, -5).dates_in_year(2026) == []


def test_easter_offsets():
    assert EasterOffset().dates_in_year(2027) == [date(2027, 3, 28)]
    assert EasterOffset(-2).dates_in_year(2026) == [date(2026, 4, 3)]  # Good Friday
    assert EasterOffset(1).dates_in_year(2026) == [date(2026, 4, 6)]  # Easter Monday
    assert EasterOffset(39).dates_in_year(2026) == [date(2026, 5, 14)]  # Ascension


def test_easter_offset_reaching_into_another_year_lands_in_that_year():
    # Easter 2025 is Apr 20 and Easter 2026 is Apr 5; +300 days crosses the year end.
    assert EasterOffset(300).dates_in_year(2026) == [date(2025, 4, 20) + timedelta(days=300)]
    assert EasterOffset(300).dates_in_year(2027) == [date(2026, 4, 5) + timedelta(days=300)]


def test_yearly_feb_29_occurs_only_in_leap_years():
    assert YearlyDate(2, 29).dates_in_year(2028) == [date(2028, 2, 29)]
    assert YearlyDate(2, 29).dates_in_year(2027) == []
    assert YearlyDate(12, 25).dates_in_year(2026) == [date(2026, 12, 25)]


def test_one_off_and_range_clip_to_the_year():
    assert OnDate(date(2026, 7, 1)).dates_in_year(2026) == [date(2026, 7, 1)]
    assert OnDate(date(2026, 7, 1)).dates_in_year(2027) == []
    span = DateRange(date(2026, 12, 30), date(2027, 1, 2))
    assert span.dates_in_year(2026) == [date(2026, 12, 30), date(2026, 12, 31)]
    assert span.dates_in_year(2027) == [date(2027, 1, 1), date(2027, 1, 2)]


def test_rrule_dates():
    thanksgiving = RRuleDate("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", date(2020, 1, 1))
    assert thanksgiving.dates_in_year(2026) == [date(2026, 11, 26)]
    biweekly = RRuleDate("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", date(2026, 1, 2))
    assert [d for d in biweekly.dates_in_year(2026) if d.month == 1] == [
        date(2026, 1, 2),
        date(2026, 1, 16),
        date(2026, 1, 30),
    ]
    twice = RRuleDate("FREQ=YEARLY;COUNT=2", date(2025, 12, 31))
    assert twice.dates_in_year(2026) == [date(2026, 12, 31)]
    assert twice.dates_in_year(2027) == []
    assert RRuleDate("FREQ=YEARLY", date(2026, 6, 1)).dates_in_year(2025) == []  # before DTSTART


def test_yearly_range_wraps_the_year_end_and_compares_feb_29_as_month_day():
    winter = YearlyRange(12, 1, 2, 29)
    assert winter.contains(date(2026, 12, 1))
    assert winter.contains(date(2027, 1, 15))
    assert winter.contains(date(2027, 2, 28))
    assert not winter.contains(date(2027, 3, 1))
    assert not winter.contains(date(2026, 11, 30))
    assert YearlyRange(2, 29, 3, 31).contains(date(2027, 3, 1))
    assert not YearlyRange(2, 29, 3, 31).contains(date(2027, 2, 28))


def test_describe_texts():
    assert NthWeekday(11, Weekday.THURSDAY, 4).describe() == "4th Thursday of November"
    assert NthWeekday(5, Weekday.MONDAY, -1).describe() == "last Monday of May"
    assert NthWeekday(5, Weekday.MONDAY, -2).describe() == "2nd to last Monday of May"
    assert EasterOffset(-2).describe() == "Easter - 2 days"
    assert EasterOffset(1).describe() == "Easter + 1 day"
    assert EasterOffset().describe() == "Easter Sunday"
    assert YearlyDate(12, 25).describe() == "every year on December 25"
    assert DateRange(date(2026, 12, 24), date(2026, 12, 31)).describe() == "2026-12-24 to 2026-12-31"
    assert OnDate(date(2026, 12, 24)).describe() == "2026-12-24"
    assert YearlyRange(6, 1, 8, 31).describe() == "every year 06-01 to 08-31"
    assert RRuleDate(" FREQ=YEARLY ", date(2026, 1, 1)).describe() == "RRULE FREQ=YEARLY from 2026-01-01"


def test_concrete_holidays_sorted_by_date_then_rule_order_with_prompts():
    spec = CalendarSpec(
        "Main",
        "Europe/Berlin",
        holidays=[
            HolidayRule("Christmas", YearlyDate(12, 25), prompt="en_US/xmas.wav"),
            HolidayRule("Company day", OnDate(date(2026, 12, 25))),
            HolidayRule("Christmas Eve", YearlyDate(12, 24), window=Interval.parse("12:00-00:00")),
            HolidayRule("Thanksgiving", NthWeekday(11, Weekday.THURSDAY, 4)),
        ],
        prompts=Prompts(holiday="en_US/holiday.wav"),
    )
    found = concrete_holidays(spec, date(2026, 11, 1), date(2027, 11, 30))
    assert [(h.date, h.name, h.prompt, h.rule_index) for h in found] == [
        (date(2026, 11, 26), "Thanksgiving", "en_US/holiday.wav", 3),
        (date(2026, 12, 24), "Christmas Eve", "en_US/holiday.wav", 2),
        (date(2026, 12, 25), "Christmas", "en_US/xmas.wav", 0),
        (date(2026, 12, 25), "Company day", "en_US/holiday.wav", 1),
        (date(2027, 11, 25), "Thanksgiving", "en_US/holiday.wav", 3),
    ]
    assert found[1].window == Interval.parse("12:00-00:00")
    compiled = compile_calendar(spec)
    assert compiled.concrete_holidays(date(2026, 12, 25), date(2026, 12, 25)) == found[2:4]
    with pytest.raises(ValueError, match="before start"):
        compiled.concrete_holidays(date(2026, 12, 25), date(2026, 12, 24))


def test_import_country_holidays_gives_one_off_rules():
    rules = import_country_holidays("us", years=[2026, 2027], prompt="en_US/holiday.wav")
    dates = {rule.when.date: rule.name for rule in rules}
    assert dates[date(2026, 11, 26)] == "Thanksgiving Day"
    assert date(2027, 7, 5) in dates  # Independence Day (observed): July 4, 2027 is a Sunday
    assert all(isinstance(rule.when, OnDate) and rule.prompt == "en_US/holiday.wav" for rule in rules)
    assert [rule.when.date for rule in rules] == sorted(dates)
    bavaria = {rule.when.date for rule in import_country_holidays("DE", "by", years=2026)}
    berlin = {rule.when.date for rule in import_country_holidays("DE", "BE", years=2026)}
    assert date(2026, 1, 6) in bavaria - berlin  # Epiphany is a holiday in Bavaria only


def test_import_country_holidays_rejects_unknown_codes_clearly():
    with pytest.raises(ValueError, match="Unknown country 'XX'"):
        import_country_holidays("XX", years=2026)
    with pytest.raises(ValueError, match=r"DE has no subdivision 'ZZ'; choose one of: .*BY"):
        import_country_holidays("DE", "ZZ", years=2026)
    with pytest.raises(ValueError, match="years from 1900 to 2200"):
        import_country_holidays("DE", years=[])


def test_supported_countries_lists_subdivisions():
    countries = supported_countries()
    assert "BY" in countries["DE"]
    assert "CA" in countries["US"]
