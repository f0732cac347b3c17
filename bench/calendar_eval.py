"""Benchmark of the calendar engine: evaluations per second against the number of holiday rules.

Run ``.venv/bin/python -m bench.calendar_eval``. Builds calendars with 25, 200 and 500 holiday rules (500
is the engine's limit; every rule kind, at most 20 RRULEs as the limits allow, some partial-day) plus 20
special days, a summer shift pattern, an overnight shift and an expired emergency, then times
``CompiledCalendar.evaluate`` at random instants across 2026 (fixed seed, best of three rounds, year plans
already built). The cold cost (compiling, building a year's plan) is shown separately because it is paid
once per calendar version and year, not per call.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta

from calendars.engine import (
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
from calendars.engine.limits import MAX_HOLIDAYS, MAX_RRULE_HOLIDAYS

SEED = 20260101
HOLIDAY_COUNTS = (25, 200, MAX_HOLIDAYS)
SPECIAL_DAYS = 20
EVALUATIONS = 100_000
ROUNDS = 3
TARGET_PER_SECOND = 50_000
TARGET_HOLIDAYS = 200
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)

hours = Interval.parse


def _holiday(index: int, rng: random.Random) -> HolidayRule:
    """Rules of every kind in turn; every fifth closes only part of its day."""
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    kind = index % 6
    if kind == 4 and index // 6 >= MAX_RRULE_HOLIDAYS:
        kind = 1  # past the RRULE limit: the same date every year, as a yearly rule
    when = [
        OnDate(date(rng.randint(2025, 2028), month, day)),
        YearlyDate(month, day),
        NthWeekday(month, rng.randint(0, 6), rng.choice([1, 2, 3, 4, -1])),
        EasterOffset(rng.randint(-3, 60)),
        RRuleDate(f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}", date(2020, 1, 1)),
        DateRange(date(2026, month, day), date(2026, month, day) + timedelta(days=rng.randint(0, 3))),
    ][kind]
    window = hours("12:00-00:00") if index % 5 == 0 else None
    return HolidayRule(f"Holiday {index}", when, prompt=f"en_US/holiday{index}.wav", window=window)


def build_spec(holidays: int, rng: random.Random) -> CalendarSpec:
    office = {day: [hours("08:00-12:00"), hours("13:00-18:00")] for day in range(5)}
    office[4] = [hours("08:00-12:00"), hours("13:00-18:00"), hours("22:00-02:00")]
    office[5] = [hours("09:00-13:00")]
    summer = ShiftPattern(
        "Summer hours",
        WeeklyHours.from_mapping({day: [hours("07:00-15:00")] for day in range(5)}),
        [YearlyRange(6, 1, 8, 31)],
    )
    special_dates = rng.sample(range(365), SPECIAL_DAYS)
    return CalendarSpec(
        name=f"Bench{holidays}",
        time_zone="Europe/Berlin",
        weekly=WeeklyHours.from_mapping(office),
        shift_patterns=[summer],
        holidays=[_holiday(index, rng) for index in range(holidays)],
        special_days=[
            SpecialDay(date(2026, 1, 1) + timedelta(days=offset), f"Special {offset}", [hours("10:00-14:00")])
            for offset in special_dates
        ],
        emergency=Emergency("force_closed", "Expired storm", expires_at=datetime(2025, 1, 1, tzinfo=UTC)),
        prompts=Prompts(
            closed="en_US/closed.wav", after_hours="en_US/after.wav", holiday="en_US/holiday.wav"
        ),
    )


ROW = "{:>8} | {:>10} | {:>10} | {:>13} | {:>9} | {:>7}"


def main() -> None:
    rng = random.Random(SEED)
    instants = [
        YEAR_START + timedelta(microseconds=rng.randrange(366 * 86_400_000_000)) for _ in range(EVALUATIONS)
    ]
    print(f"{EVALUATIONS:,} evaluations at random instants across 2026, best of {ROUNDS} rounds\n")
    print(ROW.format("holidays", "changes/yr", "compile ms", "first year ms", "evals/s", "µs/eval"))
    print(ROW.format(*("-" * width for width in (8, 10, 10, 13, 9, 7))).replace(" | ", "-+-"))
    per_eval: dict[int, float] = {}
    for count in HOLIDAY_COUNTS:
        spec = build_spec(count, rng)
        started = time.perf_counter()
        calendar = compile_calendar(spec)
        compiled = time.perf_counter()
        calendar.evaluate(instants[0])
        first = time.perf_counter()
        for at in instants[:2_000]:  # build the remaining year plans before timing
            calendar.evaluate(at)
        best = min(_timed(calendar.evaluate, instants) for _ in range(ROUNDS))
        per_eval[count] = best / len(instants)
        changes = len(calendar.transitions(YEAR_START, YEAR_START.replace(year=2027)))
        print(
            ROW.format(
                f"{count:,}",
                f"{changes:,}",
                f"{(compiled - started) * 1e3:.1f}",
                f"{(first - compiled) * 1e3:.1f}",
                f"{1 / per_eval[count]:,.0f}",
                f"{per_eval[count] * 1e6:.2f}",
            )
        )
    spec = build_spec(TARGET_HOLIDAYS, rng)
    uncompiled = min(_timed(lambda at: evaluate(spec, at), instants[:5]) for _ in range(ROUNDS)) / 5
    print(
        f"\nevaluate(spec, at), compiling every call, {TARGET_HOLIDAYS} holidays: {uncompiled * 1e3:.1f} ms"
    )
    rate = 1 / per_eval[TARGET_HOLIDAYS]
    verdict = "met" if rate >= TARGET_PER_SECOND else "NOT met"
    print(
        f"Target >= {TARGET_PER_SECOND:,} evals/s with {TARGET_HOLIDAYS} holidays: {verdict} ({rate:,.0f}/s)."
    )
    smallest, largest = HOLIDAY_COUNTS[0], HOLIDAY_COUNTS[-1]
    ratio = per_eval[largest] / per_eval[smallest]
    print(
        f"Scaling: {largest // smallest}x the holidays costs {ratio:.2f}x per evaluation. An evaluation is "
        "one bisect over the year's precomputed changes (a few a day at most), so the number of rules "
        "only shows in the one-off costs: compiling and building each year's plan."
    )


def _timed(function, instants: list[datetime]) -> float:
    started = time.perf_counter()
    for at in instants:
        function(at)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
