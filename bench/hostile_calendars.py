"""The inputs of `python -m bench.hostile_input`: an ordinary calendar (the baseline), one with every count
at its limit, bodies past a limit that must be refused, and iCalendar files."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def _hours(count: int, overlapping: bool = False) -> list[str]:
    if overlapping:
        return ["08:00-17:00"] * count
    return [f"{h:02d}:00-{h:02d}:30" for h in range(count)]


def baseline_calendar(team: int, name: str = "Baseline") -> dict[str, Any]:
    return {
        "name": name,
        "time_zone": "Europe/Zurich",
        "team": team,
        "weekly": {day: ["08:00-12:00", "13:00-17:00"] for day in ("monday", "tuesday", "wednesday")},
        "holidays": [{"name": "Christmas", "when": {"kind": "yearly", "month": 12, "day": 25}}],
    }


def worst_calendar(team: int, name: str = "Worst") -> dict[str, Any]:
    """Every count at its limit, in the shapes that cost the most to check and to expand."""
    from calendars.engine import limits

    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    weekly = {day: ["00:00-06:00", "07:00-12:00", "13:00-00:00"] for day in days}  # UCCX: 3 a day
    patterns = [
        {
            "name": f"Pattern {p}",
            "weekly": weekly,
            "periods": [
                {
                    "kind": "yearly_range",
                    "start_month": 1 + q % 12,
                    "start_day": 1,
                    "end_month": 1 + q % 12,
                    "end_day": 10,
                }
                for q in range(limits.MAX_PERIODS_PER_PATTERN)
            ],
        }
        for p in range(limits.MAX_SHIFT_PATTERNS)
    ]
    rrules = [
        # 10 dense rules (31 dates a year each) and 10 sparse counted ones walking 28 years of days
        *(
            {"kind": "rrule", "rule": "FREQ=DAILY;BYMONTH=12", "dtstart": f"{1900 + i}-01-01"}
            for i in range(10)
        ),
        *(
            {
                "kind": "rrule",
                "rule": "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=29;COUNT=7",
                "dtstart": f"{1901 + i}-03-01",
            }
            for i in range(10)
        ),
    ]
    singles = limits.MAX_HOLIDAYS - len(rrules) - 1
    holidays = [{"name": f"R{i}", "when": when} for i, when in enumerate(rrules)]
    holidays.append(
        {"name": "Closure", "when": {"kind": "range", "start": "2026-01-01", "end": "2026-06-30"}}
    )
    first = date(2026, 1, 1)
    holidays += [
        {"name": f"Day {i}", "when": {"kind": "date", "date": (first + timedelta(days=i)).isoformat()}}
        for i in range(singles)
    ]
    special_days = [
        {
            "date": (first + timedelta(days=i)).isoformat(),
            "name": f"Special {i}",
            "intervals": ["08:00-09:00", "10:00-11:00", "12:00-13:00"],
        }
        for i in range(limits.MAX_SPECIAL_DAYS)
    ]
    return {
        **baseline_calendar(team, name),
        "weekly": weekly,
        "shift_patterns": patterns,
        "holidays": holidays,
        "special_days": special_days,
    }


def slow_rrules_calendar(team: int) -> dict[str, Any]:
    """The limit of RRULE holidays, each the slowest to check: a first date 27 years on, or none."""
    from calendars.engine import limits

    rules = [
        ("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", "1905-01-01"),
        ("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", "1905-01-01"),
    ]
    holidays = [
        {"name": f"R{i}", "when": {"kind": "rrule", "rule": rules[i % 2][0], "dtstart": rules[i % 2][1]}}
        for i in range(limits.MAX_RRULE_HOLIDAYS)
    ]
    return {**baseline_calendar(team, "Rules"), "holidays": holidays}


def ics_file(events: int, padding: int = 0) -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{n}@bench\r\nSUMMARY:Holiday {n}\r\nDTSTART;VALUE=DATE:"
        f"{(date(2027, 1, 1) + timedelta(days=n % 700)).strftime('%Y%m%d')}\r\n"
        + (f"DESCRIPTION:{'x' * padding}\r\n" if padding else "")
        + "END:VEVENT\r\n"
        for n in range(events)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n{body}END:VCALENDAR\r\n".encode()


def refused_calendars(team: int) -> list[tuple[str, dict[str, Any]]]:
    """Bodies the API must refuse, each past a limit in the way that costs the most to find out."""
    return [
        (
            "24 overlapping intervals on each weekday",
            {
                **baseline_calendar(team, "X"),
                "weekly": {
                    d: _hours(24, overlapping=True)
                    for d in (
                        "monday",
                        "tuesday",
                        "wednesday",
                        "thursday",
                        "friday",
                        "saturday",
                        "sunday",
                    )
                },
            },
        ),
        (
            "10,000 identical Monday intervals",
            {**baseline_calendar(team, "X"), "weekly": {"monday": ["08:00-09:00"] * 10_000}},
        ),
        ("20 RRULEs, slowest to check", slow_rrules_calendar(team)),
        (
            "RRULE FREQ=DAILY;INTERVAL=0",
            {
                **baseline_calendar(team, "X"),
                "holidays": [
                    {
                        "name": "Zero",
                        "when": {
                            "kind": "rrule",
                            "rule": "FREQ=DAILY;INTERVAL=0",
                            "dtstart": "2026-01-01",
                        },
                    }
                ],
            },
        ),
        (
            "RRULE BYHOUR x BYMINUTE",
            {
                **baseline_calendar(team, "X"),
                "holidays": [
                    {
                        "name": "Every minute",
                        "when": {
                            "kind": "rrule",
                            "dtstart": "2026-01-01",
                            "rule": "FREQ=DAILY;BYHOUR="
                            + ",".join(map(str, range(24)))
                            + ";BYMINUTE="
                            + ",".join(map(str, range(60))),
                        },
                    }
                ],
            },
        ),
        (
            "20,000 holidays",
            {
                **baseline_calendar(team, "X"),
                "holidays": [{"name": "Day", "when": {"kind": "date", "date": "2026-05-01"}}] * 20_000,
            },
        ),
        (
            "501 holidays",
            {
                **baseline_calendar(team, "X"),
                "holidays": [{"name": "Day", "when": {"kind": "date", "date": "2026-05-01"}}] * 501,
            },
        ),
    ]
