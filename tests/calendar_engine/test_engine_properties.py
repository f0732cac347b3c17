"""Property-based tests of the engine: precedence, next_change, DST robustness, transitions."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calendars.engine import (
    FORCE_CLOSED,
    FORCE_OPEN,
    HORIZON,
    CalendarSpec,
    DateRange,
    EasterOffset,
    Emergency,
    HolidayRule,
    Interval,
    NthWeekday,
    OnDate,
    Prompts,
    RRuleDate,
    ShiftPattern,
    SpecialDay,
    WeeklyHours,
    YearlyDate,
    YearlyRange,
    compile_calendar,
    evaluate,
)
from calendars.engine.hours import DAY_US
from tests.calendar_engine.reference import reference_status

PROPERTY_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DST_ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "America/Havana"]
FIXED_ZONES = ["UTC", "Asia/Kolkata"]  # no DST: the oracle below may read the wall clock directly
ZONES = DST_ZONES + FIXED_ZONES
WINDOW_START = datetime(2026, 1, 1, tzinfo=UTC)
WINDOW_END = datetime(2027, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
PROMPTS = Prompts(
    closed="p/closed.wav", after_hours="p/after.wav", holiday="p/holiday.wav", emergency="p/sos.wav"
)
NAMES = st.sampled_from(["Alpha", "Beta", "Gamma"])
PROMPT_CHOICES = st.sampled_from(["", "p/own.wav"])


def utc(moment: datetime) -> datetime:
    """Python compares datetimes of one zone by wall time, ignoring DST folds: compare in UTC."""
    return moment.astimezone(UTC)


def quarter(index: int) -> time:
    return time(index // 4 % 24, index % 4 * 15)


@st.composite
def weekly_hours(draw) -> WeeklyHours:
    """Disjoint spans on the week's quarter hours, some past midnight, some whole days."""
    points = sorted(draw(st.lists(st.integers(0, 7 * 96 - 1), max_size=10, unique=True)))
    days: dict[int, list[Interval]] = {day: [] for day in range(7)}
    for start, end in zip(points[::2], points[1::2], strict=False):
        if end - start < 96 or (end - start == 96 and start % 96 == 0):
            days[start // 96].append(Interval(quarter(start), quarter(end)))
    return WeeklyHours.from_mapping(days)


@st.composite
def day_intervals(draw, max_points: int = 4) -> list[Interval]:
    """Disjoint intervals within one date; an end of 96 quarters is midnight (00:00)."""
    points = sorted(draw(st.lists(st.integers(0, 96), max_size=max_points, unique=True)))
    return [
        Interval(quarter(start), quarter(end)) for start, end in zip(points[::2], points[1::2], strict=False)
    ]


dates = st.dates(date(2025, 12, 20), date(2027, 1, 10))
windows = st.none() | day_intervals(2).filter(bool).map(lambda intervals: intervals[0])
holiday_dates = st.one_of(
    dates.map(OnDate),
    st.tuples(dates, st.integers(0, 5)).map(lambda p: DateRange(p[0], p[0] + timedelta(days=p[1]))),
    st.builds(YearlyDate, st.integers(1, 12), st.integers(1, 28)),
    st.just(YearlyDate(2, 29)),
    st.builds(NthWeekday, st.integers(1, 12), st.integers(0, 6), st.sampled_from([1, 2, 3, 4, 5, -1, -2])),
    st.builds(EasterOffset, st.integers(-3, 60)),
    st.sampled_from(
        [
            RRuleDate("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", date(2020, 1, 1)),
            RRuleDate("FREQ=WEEKLY;INTERVAL=3;BYDAY=WE", date(2026, 1, 7)),
            RRuleDate("FREQ=MONTHLY;BYMONTHDAY=-1", date(2025, 1, 1)),
        ]
    ),
)
holidays = st.lists(
    st.builds(HolidayRule, name=NAMES, when=holiday_dates, prompt=PROMPT_CHOICES, window=windows), max_size=4
)
special_days = st.lists(
    st.builds(SpecialDay, date=dates, name=NAMES, intervals=day_intervals(), prompt=PROMPT_CHOICES),
    max_size=4,
    unique_by=lambda day: day.date,
)
periods = st.one_of(
    st.tuples(dates, st.integers(0, 60)).map(lambda p: DateRange(p[0], p[0] + timedelta(days=p[1]))),
    st.builds(YearlyRange, st.integers(1, 12), st.integers(1, 28), st.integers(1, 12), st.integers(1, 28)),
)
shift_patterns = st.lists(
    st.builds(
        ShiftPattern,
        name=st.sampled_from(["Summer", "Winter"]),
        weekly=weekly_hours(),
        periods=st.lists(periods, min_size=1, max_size=2),
    ),
    max_size=2,
    unique_by=lambda pattern: pattern.name,
)
instant_keys = st.integers(0, (WINDOW_END - WINDOW_START) // ONE_US)


@lru_cache
def dst_changes(zone_name: str) -> list[datetime]:
    """The instants (to the second) in and around the window at which the zone's UTC offset changes."""
    zone, changes = ZoneInfo(zone_name), []
    hour, moment = timedelta(hours=1), WINDOW_START - timedelta(days=2)
    while moment < WINDOW_END + timedelta(days=2):
        if moment.astimezone(zone).utcoffset() != (moment + hour).astimezone(zone).utcoffset():
            low, high = moment, moment + hour
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                same = middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset()
                low, high = (middle, high) if same else (low, middle)
            changes.append(high)
        moment += hour
    return changes


def instants(zone_name: str) -> st.SearchStrategy[datetime]:
    """Anywhere in the window, on exact quarter hours (interval edges) and near DST changes."""
    anywhere = instant_keys.map(lambda us: WINDOW_START + timedelta(microseconds=us))
    edges = st.tuples(st.integers(0, 366 * 96), st.sampled_from([-1, 0, 1])).map(
        lambda p: WINDOW_START + timedelta(minutes=15 * p[0], microseconds=p[1])
    )
    choices = [anywhere, edges]
    if dst_changes(zone_name):
        choices.append(
            st.tuples(st.sampled_from(dst_changes(zone_name)), st.integers(-6 * 3600, 6 * 3600)).map(
                lambda p: p[0] + timedelta(seconds=p[1])
            )
        )
    return st.one_of(choices)


@st.composite
def specs(draw, zone_name: str) -> CalendarSpec:
    emergency = draw(
        st.none()
        | st.builds(
            Emergency,
            mode=st.sampled_from([FORCE_CLOSED, FORCE_OPEN]),
            note=st.just("Override"),
            prompt=PROMPT_CHOICES,
            expires_at=st.none() | instants(zone_name),
        )
    )
    return CalendarSpec(
        "Prop",
        zone_name,
        draw(weekly_hours()),
        draw(shift_patterns),
        draw(holidays),
        draw(special_days),
        emergency,
        PROMPTS,
    )


REFERENCE_SCAN = timedelta(days=9)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_evaluate_matches_a_brute_force_reading_of_the_contract(data):
    """Verdict, next_change and next_open against tests/calendar_engine/reference.py, which evaluates
    every candidate instant in turn instead of the engine's plans."""
    zone = data.draw(st.sampled_from(FIXED_ZONES))
    spec = data.draw(specs(zone))
    calendar = compile_calendar(spec)
    for at in data.draw(st.lists(instants(zone), min_size=1, max_size=6)):
        status = calendar.evaluate(at)
        expected = reference_status(spec, at, REFERENCE_SCAN)
        assert status.verdict == expected.verdict, at
        for field in ("next_change", "next_open"):
            found, wanted = getattr(status, field), getattr(expected, field)
            if wanted is not None:
                assert found is not None, (field, at)
                assert utc(found) == utc(wanted), (field, at)
            elif field == "next_open" and status.is_open:
                assert found is None
            else:  # nothing within the scan: the engine's answer lies beyond it, if anywhere
                assert found is None or utc(found) > utc(expected.scanned_until), (field, at)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_a_replaced_date_keeps_its_overnight_hours_to_itself(data):
    """A special day or an all-day holiday on the previous date: what runs after midnight is decided by
    the reference, which drops that date's overnight interval (the contract's second edition)."""
    zone = data.draw(st.sampled_from(FIXED_ZONES))
    spec = data.draw(specs(zone))
    at = data.draw(instants(zone))
    local = at.astimezone(ZoneInfo(zone))
    at = local.replace(hour=data.draw(st.integers(0, 5)), minute=data.draw(st.sampled_from([0, 14, 15, 59])))
    previous = local.date() - timedelta(days=1)
    if data.draw(st.booleans()):
        spec = replace(spec, holidays=[HolidayRule("Closed yesterday", OnDate(previous)), *spec.holidays])
    else:
        special = SpecialDay(previous, "Short yesterday", data.draw(day_intervals()))
        spec = replace(spec, special_days=[special, *(s for s in spec.special_days if s.date != previous)])
    weekly = data.draw(weekly_hours())
    overnight = Interval(time(22), time(data.draw(st.integers(1, 6))))
    days = {day: list(weekly.for_weekday(day)) for day in range(7)}
    days[previous.weekday()] = [overnight]
    spill_end = overnight.span_us()[1] - DAY_US
    days[local.weekday()] = [i for i in days[local.weekday()] if i.span_us()[0] >= spill_end]
    before = (local.weekday() - 2) % 7
    days[before] = [i for i in days[before] if not i.crosses_midnight]
    spec = replace(spec, weekly=WeeklyHours.from_mapping(days), shift_patterns=[])
    status = compile_calendar(spec).evaluate(at)
    expected = reference_status(spec, at, REFERENCE_SCAN)
    assert status.verdict == expected.verdict
    assert status.next_change == expected.next_change or status.next_change > expected.scanned_until


@PROPERTY_SETTINGS
@given(data=st.data())
def test_an_active_emergency_always_wins(data):
    zone = data.draw(st.sampled_from(ZONES))
    at = data.draw(instants(zone))
    mode = data.draw(st.sampled_from([FORCE_CLOSED, FORCE_OPEN]))
    expires = data.draw(
        st.none() | st.integers(1, 400 * DAY_US).map(lambda us: at + timedelta(microseconds=us))
    )
    spec = replace(data.draw(specs(zone)), emergency=Emergency(mode, "Override", expires_at=expires))
    status = evaluate(spec, at)
    assert (status.state, status.is_open, status.reason) == ("emergency", mode == FORCE_OPEN, "Override")
    if expires is None or expires - at > HORIZON:
        assert status.next_change is None
    else:
        assert utc(status.next_change) == utc(expires)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_a_holiday_beats_special_days_and_weekly_hours(data):
    zone = data.draw(st.sampled_from(ZONES))
    spec, at = data.draw(specs(zone)), data.draw(instants(zone))
    day = at.astimezone(ZoneInfo(zone)).date()
    spec = replace(
        spec,
        emergency=None,
        holidays=[HolidayRule("Test holiday", OnDate(day)), *spec.holidays],
        special_days=[
            SpecialDay(day, "Test special", data.draw(day_intervals())),
            *(special for special in spec.special_days if special.date != day),
        ],
    )
    assert evaluate(spec, at).verdict == ("holiday", False, "Test holiday", PROMPTS.holiday)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_a_special_day_beats_weekly_hours(data):
    zone = data.draw(st.sampled_from(ZONES))
    spec, at = data.draw(specs(zone)), data.draw(instants(zone))
    day = at.astimezone(ZoneInfo(zone)).date()
    spec = replace(
        spec,
        emergency=None,
        holidays=[],
        special_days=[
            SpecialDay(day, "Closure"),
            *(special for special in spec.special_days if special.date != day),
        ],
    )
    assert evaluate(spec, at).verdict == ("closed", False, "Closure", PROMPTS.closed)


def _probes(data, at: datetime, end: datetime) -> list[datetime]:
    fractions = data.draw(st.lists(st.floats(0, 1), max_size=4))
    return [
        at,
        end - ONE_US,
        *(min(at + (end - utc(at)) * fraction, end - ONE_US) for fraction in fractions),
    ]


@PROPERTY_SETTINGS
@given(data=st.data())
def test_state_and_is_open_hold_until_next_change_and_differ_there(data):
    zone = data.draw(st.sampled_from(ZONES))
    calendar = compile_calendar(data.draw(specs(zone)))
    at = data.draw(instants(zone))
    status = calendar.evaluate(at)
    change = status.next_change
    end = utc(change) if change else utc(at) + HORIZON
    assert end > utc(at)
    for probe in _probes(data, at, end):
        probed = calendar.evaluate(probe)
        assert (probed.state, probed.is_open) == (status.state, status.is_open), probe
    if change is not None:
        changed = calendar.evaluate(change)
        assert (changed.state, changed.is_open) != (status.state, status.is_open)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_callers_are_not_routed_before_next_open_and_are_from_it(data):
    zone = data.draw(st.sampled_from(ZONES))
    calendar = compile_calendar(data.draw(specs(zone)))
    at = data.draw(instants(zone))
    status = calendar.evaluate(at)
    if status.is_open:
        assert status.next_open is None
        return
    opens = status.next_open
    end = utc(opens) if opens else utc(at) + HORIZON
    assert end > utc(at)
    for probe in _probes(data, at, end):
        assert not calendar.evaluate(probe).is_open, probe
    if opens is not None:
        assert calendar.evaluate(opens).is_open
        assert status.next_change is not None
        assert utc(status.next_change) <= utc(opens)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_any_wall_time_around_a_dst_change_evaluates(data):
    zone_name = data.draw(st.sampled_from(DST_ZONES))
    zone = ZoneInfo(zone_name)
    calendar = compile_calendar(data.draw(specs(zone_name)))
    change = data.draw(st.sampled_from(dst_changes(zone_name)))
    wall = change.astimezone(zone).replace(tzinfo=None) + timedelta(minutes=data.draw(st.integers(-180, 180)))
    at = wall.replace(tzinfo=zone, fold=data.draw(st.integers(0, 1)))  # may not exist, or exist twice
    status = calendar.evaluate(at)
    assert utc(status.evaluated_at) == utc(at)
    assert status == calendar.evaluate(utc(at))
    assert status.next_change is None or utc(status.next_change) > utc(at)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_transitions_agree_with_evaluate(data):
    zone = data.draw(st.sampled_from(ZONES))
    calendar = compile_calendar(data.draw(specs(zone)))
    start = data.draw(instants(zone))
    end = start + timedelta(days=14)
    changes = calendar.transitions(start, end)
    assert utc(changes[0][0]) == utc(start)
    for index, (at, status) in enumerate(changes):
        assert status == calendar.evaluate(at)
        later = changes[index + 1 :]
        if later:
            assert later[0][1].verdict != status.verdict
        # next_change is the first later entry whose state or is_open differ (reason alone is no change).
        state_change = next(
            (moment for moment, s in later if (s.state, s.is_open) != (status.state, status.is_open)), None
        )
        if state_change is not None:
            assert utc(status.next_change) == utc(state_change)
        else:
            assert status.next_change is None or utc(status.next_change) >= utc(end)
    probe = start + (end - start) * data.draw(st.floats(0, 1, exclude_max=True))
    in_force = [status for at, status in changes if utc(at) <= utc(probe)][-1]
    assert calendar.evaluate(probe).verdict == in_force.verdict
