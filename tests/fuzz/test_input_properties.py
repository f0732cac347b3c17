"""Issue 9, keep it fixed: random and worst-case input to the validators and the .ics parser. Each
property must hold within a time limit per example (hypothesis' deadline): no exception but the
documented refusal, no input that takes long, no control character that gets through."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calendars.engine import (
    CalendarSpec,
    DateRange,
    HolidayRule,
    Interval,
    OnDate,
    RRuleDate,
    SpecialDay,
    WeeklyHours,
    limits,
    validate_holiday,
    validate_spec,
)
from calendars.engine.field_checks import control_character_error
from calendars.ics import IcsError, rules_from_ics

DEADLINE_MS = 1000  # per example; the benchmark measures, this only catches the unbounded
bounded = settings(max_examples=150, deadline=DEADLINE_MS, suppress_health_check=[HealthCheck.too_slow])

times = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
intervals = st.builds(lambda a, b: Interval.parse(f"{a}-{b}"), times, times)
dates = st.dates(min_value=date(1890, 1, 1), max_value=date(9100, 12, 31))
RRULE_PARTS = {
    "FREQ": st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "SECONDLY", "X"]),
    "INTERVAL": st.sampled_from(["0", "-1", "1", "2", "7", "14", "999", "1000", "1001", "99999999999", "x"]),
    "COUNT": st.sampled_from(["0", "1", "7", "1000", "5000", "-3"]),
    "UNTIL": st.sampled_from(["20301231", "19000101", "99991231", "2030", "20300101T000000Z"]),
    "BYMONTH": st.sampled_from(["1", "2", "12", "2,3", "13", "0"]),
    "BYMONTHDAY": st.sampled_from(["1", "29", "30", "31", "-1", "13", "32"]),
    "BYDAY": st.sampled_from(["MO", "FR", "1MO", "-1FR", "4TH", "MO,TU,WE,TH,FR", "XX"]),
    "BYSETPOS": st.sampled_from(["1", "-1", "3", "400"]),
    "BYYEARDAY": st.sampled_from(["1", "366", "-366", "60"]),
    "BYWEEKNO": st.sampled_from(["1", "53", "-1"]),
    "BYHOUR": st.sampled_from(["0", "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23"]),
    "BYMINUTE": st.sampled_from(["0", ",".join(map(str, range(60)))]),
    "BYEASTER": st.sampled_from(["-2", "0"]),
    "WKST": st.sampled_from(["MO", "SU"]),
}
rrules = st.dictionaries(st.sampled_from(sorted(RRULE_PARTS)), st.just(None), min_size=1, max_size=5).flatmap(
    lambda keys: st.fixed_dictionaries({key: RRULE_PARTS[key] for key in keys})
)


def _rule_text(parts: dict[str, str]) -> str:
    return ";".join(f"{key}={value}" for key, value in parts.items())


@bounded
@given(parts=rrules, start=dates)
def test_any_rrule_is_checked_quickly_and_either_refused_with_a_message_or_expandable(
    parts: dict[str, str], start: date
) -> None:
    rule = HolidayRule("R", RRuleDate(_rule_text(parts), start))
    errors = validate_holiday(rule, "h")
    if errors:
        assert all(error.message for error in errors)
        return
    for year in (start.year, start.year + 1, min(start.year + 400, limits.MAX_YEAR)):
        assert len(rule.when.dates_in_year(year)) <= 366


@bounded
@given(text=st.text(max_size=300), start=dates)
def test_any_text_as_an_rrule_is_refused_or_accepted_without_an_exception(text: str, start: date) -> None:
    validate_holiday(HolidayRule("R", RRuleDate(text, start)), "h")


@settings(max_examples=60, deadline=DEADLINE_MS * 3, suppress_health_check=list(HealthCheck))
@given(
    monday=st.lists(intervals, max_size=limits.MAX_INTERVALS_PER_DAY * 3),
    holidays=st.lists(
        st.one_of(
            st.builds(lambda d: OnDate(d), dates),
            st.builds(lambda d, n: DateRange(d, d + timedelta(days=n)), dates, st.integers(-3, 800)),
        ),
        max_size=limits.MAX_HOLIDAYS + 20,
    ),
    special=st.lists(st.tuples(dates, st.lists(intervals, max_size=30)), max_size=40),
)
def test_any_spec_is_validated_within_the_time_limit(monday: list, holidays: list, special: list) -> None:
    spec = CalendarSpec(
        "Main",
        "Europe/Zurich",
        WeeklyHours(monday=monday),
        holidays=[HolidayRule(f"H{i}", when) for i, when in enumerate(holidays)],
        special_days=[SpecialDay(day, "S", tuple(items)) for day, items in special],
    )
    for error in validate_spec(spec):
        assert error.field
        assert error.message


@bounded
@given(text=st.text())
def test_a_text_is_refused_exactly_when_it_holds_a_control_character(text: str) -> None:
    unsafe = any(
        ord(c) < 32 or 127 <= ord(c) <= 159 or 0xD800 <= ord(c) <= 0xDFFF or c in "\ufffe\uffff" for c in text
    )
    assert bool(control_character_error(text, "f")) == unsafe


def _ics(events: list[str]) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\nUID:{n}@t\r\n{e}END:VEVENT\r\n" for n, e in enumerate(events))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{body}END:VCALENDAR\r\n".encode()


event_lines = st.lists(
    st.one_of(
        st.builds(
            lambda s: f"SUMMARY:{s}\r\n",
            st.text(max_size=60).map(lambda t: t.replace("\r", "").replace("\n", "")),
        ),
        st.builds(lambda d: f"DTSTART;VALUE=DATE:{d:%Y%m%d}\r\n", st.dates(min_value=date(1, 1, 1))),
        st.builds(lambda d: f"DTEND;VALUE=DATE:{d:%Y%m%d}\r\n", st.dates(min_value=date(1, 1, 1))),
        st.builds(lambda n: f"DURATION:P{n}D\r\n", st.integers(-10, 10**12)),
        st.builds(lambda p: f"RRULE:{_rule_text(p)}\r\n", rrules),
        st.sampled_from(
            ["DTSTART:20261224T120000\r\n", "DTEND:20261225T000000Z\r\n", "RDATE:20260101\r\n", "X:y\r\n"]
        ),
    ),
    max_size=6,
).map("".join)


@bounded
@given(events=st.lists(event_lines, min_size=1, max_size=5))
def test_any_ics_is_imported_or_refused_with_a_message(events: list[str]) -> None:
    try:
        rules = rules_from_ics(_ics(events), ZoneInfo("Europe/Zurich"))
    except IcsError as error:
        assert str(error)  # noqa: PT017 - a refusal is fine, a message is required
    else:
        assert all(not control_character_error(rule.name, "n") for rule in rules)


@bounded
@given(data=st.binary(max_size=2000))
def test_any_bytes_as_an_ics_file_are_refused_with_a_message_or_read(data: bytes) -> None:
    try:
        rules_from_ics(b"BEGIN:VCALENDAR\r\n" + data, ZoneInfo("UTC"))
    except IcsError as error:
        assert str(error)  # noqa: PT017 - a refusal is fine, a message is required


@pytest.mark.django_db
@bounded
@given(depth=st.integers(1, 5000), width=st.integers(0, 3))
def test_any_json_nesting_is_parsed_or_refused_by_the_api_parser(depth: int, width: int) -> None:
    from rest_framework.exceptions import ParseError

    from core.api_input import BoundedJSONParser

    body = ("[" + "0," * width) * depth + "]" * depth
    try:
        data = BoundedJSONParser().parse(io.BytesIO(body.encode()))
    except ParseError as error:
        assert "JSON parse error" in str(error.detail)  # noqa: PT017 - refused with a message
    else:
        assert json.dumps(data)
