"""Benchmark: the worst input at each limit of issue 9, over HTTP, against production settings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/supervisor .venv/bin/python -m bench.hostile_input

It creates a throwaway database (test_<name of DATABASE_URL's database>; SQLite without DATABASE_URL),
starts a private redis-server, the UCCX simulator, a Celery worker and gunicorn with the project's
gunicorn.conf.py and production settings (DEBUG off), then sends each hostile request a few times and
times it from the client. Beside each one it times the same kind of request with ordinary input (the
baseline). Targets: no request over 1 s, no IVR answer over 50 ms. Exit status 1 if one is missed.
Limits: calendars/engine/limits.py, calendars/ics.py, core/api_input.py (docs/calendars.md, "Limits").
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import requests

from bench.stack import BASE_DIR, RedisServer, Stack, database_url

REQUEST_TARGET_MS = 1000.0
IVR_TARGET_MS = 50.0
SETTINGS = "supervisor_tools.settings"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="times each request is sent (the worst counts)")
    options = parser.parse_args()
    if not RedisServer.available():
        print("redis-server is not on PATH.", file=sys.stderr)
        return 2
    redis = RedisServer().start()
    os.environ.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-not-secret"),
        REDIS_URL=redis.url(0),
        DEBUG="false",
        SECURE_COOKIES="false",  # plain HTTP on loopback; everything else as in production
    )
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'bench-hostile.sqlite3'}")
    import django

    django.setup()
    from django.db import connection

    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        return run(options, redis)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        redis.stop()


def run(options: argparse.Namespace, redis: RedisServer) -> int:
    from django.conf import settings
    from django.db import connection

    from uccx_simulator import Simulator

    sim = Simulator().start()
    settings.UCCX_PRIMARY_URL, settings.UCCX_SECONDARY_URL = sim.url("A"), sim.url("B")
    stack = Stack(
        database_url=database_url(connection.settings_dict),
        uccx_urls=(sim.url("A"), sim.url("B")),
        settings_module=SETTINGS,
        redis=redis,
        DEBUG="false",
        SECURE_COOKIES="false",
    )
    try:
        accounts = _accounts()
        stack.start(monitor=True)
        return Bench(stack.web_url, accounts, options.repeat).run()
    finally:
        stack.stop()
        sim.stop()
        print(f"(process logs: {stack.log_dir})")


def _accounts() -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from core.models import Team

    team = Team.objects.create(uccx_id=1, name="Support")
    users = {}
    for name, role in (("admin", "Administrator"), ("sup", "Supervisor"), ("ivr", "IVR")):
        user = get_user_model().objects.create_user(username=name, password=f"{name}-bench-pw")
        user.groups.add(Group.objects.get(name=role))
        users[name] = user
    team.supervisors.add(users["sup"])
    return {
        "team": team.pk,
        "token": Token.objects.create(user=users["sup"]).key,
        "ivr": "Basic " + base64.b64encode(b"ivr:ivr-bench-pw").decode(),
    }


# --- inputs ---------------------------------------------------------------------------------------


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


# --- the run --------------------------------------------------------------------------------------


class Bench:
    def __init__(self, url: str, accounts: dict[str, Any], repeat: int) -> None:
        self.url, self.accounts, self.repeat = url, accounts, repeat
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"Token {accounts['token']}"
        self.ivr = requests.Session()
        self.ivr.headers["Authorization"] = accounts["ivr"]
        self.rows: list[tuple[str, str, int, float, float, float]] = []
        self.ivr_ms: list[tuple[str, list[float], list[float]]] = []
        self.failures: list[str] = []

    def timed(self, send: Callable[[], requests.Response], times: int | None = None) -> tuple[int, float]:
        worst, status = 0.0, 0
        for _ in range(times or self.repeat):
            started = time.perf_counter()
            response = send()
            worst = max(worst, (time.perf_counter() - started) * 1000)
            status = response.status_code
        return status, worst

    def row(
        self, what: str, size: str, hostile: tuple[int, float], baseline: tuple[int, float], target: float
    ) -> None:
        status, ms = hostile
        self.rows.append((what, size, status, ms, baseline[1], target))
        if ms > target or status >= 500:
            self.failures.append(f"{what}: {status} in {ms:.0f} ms (target {target:.0f} ms, no 5xx)")

    def post(self, path: str, body: Any) -> Callable[[], requests.Response]:
        raw = body if isinstance(body, bytes | str) else json.dumps(body)
        return lambda: self.api.post(
            f"{self.url}{path}", data=raw, headers={"Content-Type": "application/json"}
        )

    def run(self) -> int:
        team = self.accounts["team"]
        api = "/api/v1/calendars/"
        created = self.api.post(f"{self.url}{api}", json=baseline_calendar(team))
        assert created.status_code in (201, 202), created.text[:500]
        base_pk = created.json()["id"]
        base_create = self.timed(self.post(api, baseline_calendar(team, "Baseline2")), times=1)

        worst_body = worst_calendar(team)
        started = time.perf_counter()
        worst = self.api.post(f"{self.url}{api}", json=worst_body)
        worst_ms = (time.perf_counter() - started) * 1000
        assert worst.status_code in (201, 202), worst.text[:2000]
        worst_pk = worst.json()["id"]
        kb = f"{len(json.dumps(worst_body)) // 1024} KB"
        self.row(
            "create calendar, every count at its limit",
            kb,
            (worst.status_code, worst_ms),
            base_create,
            REQUEST_TARGET_MS,
        )
        base_put = self.timed(
            lambda: self.api.put(f"{self.url}{api}{base_pk}/", json=baseline_calendar(team))
        )
        self.row(
            "replace it (PUT)",
            kb,
            self.timed(lambda: self.api.put(f"{self.url}{api}{worst_pk}/", json=worst_body)),
            base_put,
            REQUEST_TARGET_MS,
        )
        refused = [
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
        base_refused = self.timed(
            self.post(
                api, {**baseline_calendar(team, "X"), "weekly": {"monday": ["08:00-12:00", "11:00-13:00"]}}
            )
        )
        for what, body in refused:
            raw = json.dumps(body)
            self.row(
                f"refused: {what}",
                f"{len(raw) // 1024} KB",
                self.timed(self.post(api, raw)),
                base_refused,
                REQUEST_TARGET_MS,
            )
        self.row(
            "refused: JSON nested 100,000 deep",
            "195 KB",
            self.timed(self.post(api, "[" * 100_000 + "]" * 100_000)),
            base_refused,
            REQUEST_TARGET_MS,
        )
        self.row(
            "refused: 10 MB JSON body",
            "10 MB",
            self.timed(self.post(api, '{"name": "' + "x" * 10_000_000 + '"}')),
            base_refused,
            REQUEST_TARGET_MS,
        )

        ics = f"{api}{base_pk}/holidays.ics"

        def upload(data: bytes) -> Callable[[], requests.Response]:
            return lambda: self.api.post(f"{self.url}{ics}", files={"file": ("h.ics", data, "text/calendar")})

        base_ics = self.timed(upload(ics_file(3)))
        from calendars.ics import MAX_ICS_BYTES

        padded = ics_file(480, padding=(MAX_ICS_BYTES - len(ics_file(480))) // 480 - 20)
        for what, data in (
            (f"{len(padded) // 1024} KB .ics, 480 events (the byte limit)", padded),
            ("60,000 events", ics_file(60_000)),
            ("30 MB .ics", ics_file(1, padding=30_000_000)),
        ):
            self.row(
                f".ics import: {what}",
                f"{len(data) // 1024} KB",
                self.timed(upload(data)),
                base_ics,
                REQUEST_TARGET_MS,
            )

        for path, params in (
            ("preview/", {"at": "9000-12-31T23:00:00+00:00"}),
            ("transitions/", {"start": "8999-01-01T00:00:00+00:00", "days": 366}),
            ("holidays.ics", {}),
        ):
            base = self.timed(
                lambda p=path, q=params: self.api.get(f"{self.url}{api}{base_pk}/{p}", params=q)
            )
            self.row(
                f"GET {path} {params or ''}".strip(),
                "",
                self.timed(lambda p=path, q=params: self.api.get(f"{self.url}{api}{worst_pk}/{p}", params=q)),
                base,
                REQUEST_TARGET_MS,
            )
        self.pages(base_pk, worst_pk)
        self.ivr_answers()
        return self.report()

    def pages(self, base_pk: int, worst_pk: int) -> None:
        page = requests.Session()
        login = page.get(f"{self.url}/login/")
        token = page.cookies.get("csrftoken") or ""
        done = page.post(
            f"{self.url}/login/",
            data={"username": "sup", "password": "sup-bench-pw", "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.url}/login/"},
        )
        assert login.ok, login.status_code
        assert done.ok, done.status_code
        for section in ("holidays/", "special-days/", "hours/", ""):
            base = self.timed(lambda s=section: page.get(f"{self.url}/calendars/{base_pk}/{s}"))
            size = len(page.get(f"{self.url}/calendars/{worst_pk}/{section}").content)
            self.row(
                f"page /calendars/<worst>/{section}",
                f"{size // 1024} KB",
                self.timed(lambda s=section: page.get(f"{self.url}/calendars/{worst_pk}/{s}")),
                base,
                REQUEST_TARGET_MS,
            )

    def ivr_answers(self) -> None:
        status = f"{self.url}/ivr/v1/calendars/{{}}/status"
        for _ in range(16):  # each worker checks the IVR password once, then caches it (issue 9's auth part)
            self.ivr.get(status.format("Baseline"))
        for name in ("Baseline", "Worst"):  # the first answer of each worker compiles the calendar
            for _ in range(16):
                self.ivr.get(status.format(name))
        years = [2026, 2027, 1900, 2500, 4000, 8999, 9000, 3000, 7777, 1999]
        for fmt in ("json", "xml"):
            # Worst and baseline alternate, so the machine's other load falls on both alike.
            for what, params in (
                (
                    f"a new year each ({len(years)} years)",
                    [{"at": f"{y}-06-15T12:00:00+00:00"} for y in years],
                ),
                ("now (50 answers)", [{}] * 50),
            ):
                worst, base = [], []
                for extra in params:
                    for name, into in (("Worst", worst), ("Baseline", base)):
                        query = {**extra, "format": fmt}
                        into.append(
                            self.timed(lambda n=name, q=query: self.ivr.get(status.format(n), params=q), 1)
                        )
                self.row(
                    f"IVR status ({fmt}), {what}",
                    "",
                    max(worst, key=lambda r: r[1]),
                    max(base, key=lambda r: r[1]),
                    IVR_TARGET_MS,
                )
                self.ivr_ms.append((f"{fmt}, {what}", [ms for _, ms in worst], [ms for _, ms in base]))

    def report(self) -> int:
        print()
        print("| request | input | status | worst ms | baseline ms | target ms |")
        print("|---|---:|---:|---:|---:|---:|")
        for what, size, status, ms, base, target in self.rows:
            print(f"| {what} | {size} | {status} | {ms:,.0f} | {base:,.0f} | {target:,.0f} |")
        print()
        print("| IVR answers | worst p50 ms | worst p90 ms | baseline p50 ms | baseline p90 ms |")
        print("|---|---:|---:|---:|---:|")
        for what, worst, base in self.ivr_ms:
            q = [statistics.quantiles(values, n=10, method="inclusive") for values in (worst, base)]
            medians = statistics.median(worst), statistics.median(base)
            print(f"| {what} | {medians[0]:.1f} | {q[0][8]:.1f} | {medians[1]:.1f} | {q[1][8]:.1f} |")
        print()
        if self.failures:
            print("MISSED:\n  " + "\n  ".join(self.failures))
            return 1
        print(
            f"Every request under {REQUEST_TARGET_MS:.0f} ms, "
            f"every IVR answer under {IVR_TARGET_MS:.0f} ms, no 5xx."
        )
        return 0


if __name__ == "__main__":
    sys.exit(main())
