"""Server-side latency of `GET /ivr/v1/calendars/{name}/status`, the call every UCCX script makes.

Run: `.venv/bin/python -m bench.ivr_status [--requests 5000]`. It builds a throwaway database (SQLite by
default, PostgreSQL when DATABASE_URL says so), a calendar with 200 holidays and 20 special days and an IVR
account, points UCCX at a closed port (the IVR path must not care), then times whole requests through
Django's full stack — middleware, Basic authentication, snapshot lookup, evaluation, JSON/XML rendering —
in this process. Goal (ivr-api.md): p99 in the low milliseconds.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOLIDAYS = 200
SPECIAL_DAYS = 20
TARGET_P99_MS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supervisor_tools.test_settings")
    os.environ.setdefault("TEST_SQLITE_NAME", str(BASE_DIR / "var" / "bench-ivr.sqlite3"))
    os.environ["UCCX_PRIMARY_URL"] = "http://127.0.0.1:9"  # discard port: UCCX is unreachable
    os.environ["UCCX_SECONDARY_URL"] = ""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        run(args.requests)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(requests: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from calendars.data import CalendarData
    from calendars.engine import HolidayRule, Interval, OnDate, SpecialDay, WeeklyHours
    from calendars.services import calendar_create

    today = date.today()
    weekday = (Interval.parse("08:00-12:00"), Interval.parse("13:00-17:30"))
    data = CalendarData(
        name="Bench",
        time_zone="Europe/Zurich",
        weekly=WeeklyHours(
            monday=weekday,
            tuesday=weekday,
            wednesday=weekday,
            thursday=weekday,
            friday=(Interval.parse("08:00-12:00"), Interval.parse("22:00-02:00")),
        ),
        # 200 one-off holidays, 20 a year over ten years (UCCX gets those of its rolling horizon).
        holidays=tuple(
            HolidayRule(
                f"Holiday {n}", OnDate(date(today.year + n // 20, 1 + (n % 20) // 2, 1 + (n % 2) * 14))
            )
            for n in range(HOLIDAYS)
        ),
        special_days=tuple(
            SpecialDay(today + timedelta(days=7 + 11 * n), f"Special {n}", (Interval.parse("09:00-12:00"),))
            for n in range(SPECIAL_DAYS)
        ),
    )
    calendar_create(actor=None, data=data)
    ivr = get_user_model().objects.create_user(username="ivr-bench", password="ivr-bench-pw")
    ivr.groups.add(Group.objects.get(name="IVR"))
    auth = "Basic " + base64.b64encode(b"ivr-bench:ivr-bench-pw").decode()
    client = Client(HTTP_AUTHORIZATION=auth)

    rng = random.Random(7)
    start = datetime(today.year, 1, 1, tzinfo=UTC)
    print(f"GET /ivr/v1/calendars/Bench/status: {HOLIDAYS} holidays, {SPECIAL_DAYS} special days, UCCX down")
    print(f"{'format':>6} | {'requests':>8} | {'p50 ms':>7} | {'p99 ms':>7} | {'max ms':>7} | {'req/s':>7}")
    p99s = []
    for fmt in ("json", "xml"):
        client.get(f"/ivr/v1/calendars/Bench/status?format={fmt}")  # warm: first compile, credential check
        timings = []
        for _ in range(requests):
            at = (start + timedelta(seconds=rng.randrange(365 * 86400))).isoformat()
            began = time.perf_counter()
            response = client.get("/ivr/v1/calendars/Bench/status", {"format": fmt, "at": at})
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.content
        timings.sort()
        p99 = timings[int(len(timings) * 0.99) - 1]
        p99s.append(p99)
        print(
            f"{fmt:>6} | {requests:>8,} | {statistics.median(timings):>7.2f} | {p99:>7.2f} | "
            f"{timings[-1]:>7.2f} | {1000 / statistics.mean(timings):>7,.0f}"
        )
    verdict = "met" if max(p99s) <= TARGET_P99_MS else "NOT met"
    print(f"Goal p99 <= {TARGET_P99_MS:.0f} ms in one process: {verdict} ({max(p99s):.2f} ms).")


if __name__ == "__main__":
    main()
