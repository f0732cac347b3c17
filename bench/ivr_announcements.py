"""IVR announcement lookups per second over HTTP, with 1,000 announcements and 100 services.

Run: `.venv/bin/python -m bench.ivr_announcements [--seconds 10] [--clients 8]`, with DATABASE_URL set to
PostgreSQL for the figures that count (SQLite works too). It builds a throwaway database holding 100
services, 20 caller regions (60 prefixes), 1,000 announcements (every kind, recurrence and time window;
most on one to three services, some on every service, a third for some regions) and 20 switches, starts
the app as production runs it (gunicorn, 2 workers x 4 threads, DEBUG off, a private Redis) and has
`--clients` threads with keep-alive connections call, each for `--seconds`:

- baseline `GET /health/live` (the HTTP floor: Django, no authentication, no data);
- `GET /ivr/v1/switches/{name}` (authentication + the snapshot, a dictionary lookup);
- `GET /ivr/v1/announcements?dn=&ani=&at=` at random numbers and instants, JSON and XML.

It prints requests per second and client-side latency (p50, p99) for each. The load generator runs on the
same 2 cores as the server, so the figures are a floor.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import threading
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
SERVICES, REGIONS, ANNOUNCEMENTS, SWITCHES = 100, 20, 1_000, 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supervisor_tools.test_settings")
    os.environ.setdefault("TEST_SQLITE_NAME", str(BASE_DIR / "var" / "bench-announcements.sqlite3"))
    os.environ["UCCX_PRIMARY_URL"] = "http://127.0.0.1:9"  # discard port: UCCX is unreachable
    os.environ["UCCX_SECONDARY_URL"] = ""
    from bench.stack import RedisServer

    redis = RedisServer().start()
    os.environ["REDIS_URL"] = redis.url(1)
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        run(args.seconds, args.clients, redis)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        redis.stop()


def build(rng: random.Random) -> tuple[list[str], list[str], str]:
    """The data set; returns the DNs and caller numbers the load uses (a fifth of them unknown) and the IVR
    account's token."""
    import numpy as np
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from announcements.audio import encode_g711
    from announcements.models import Announcement, CallSwitch, Prompt, PromptFolder, Region, Service
    from announcements.publish import announcements_changed

    audio = encode_g711(np.zeros(800, dtype=np.float32) + 0.1)
    with transaction.atomic():
        folder = PromptFolder.objects.create(name="en_US", path="en_US")
        prompts = Prompt.objects.bulk_create(
            Prompt(
                folder=folder,
                name=f"p{n}.wav",
                path=f"en_US/p{n}.wav",
                audio=audio,
                sha256="-",
                size_bytes=len(audio),
                duration_ms=100,
                encoding="mulaw",
            )
            for n in range(50)
        )
        services = Service.objects.bulk_create(
            Service(dn=f"800555{n:04d}", name=f"Service {n}") for n in range(SERVICES)
        )
        regions = Region.objects.bulk_create(
            Region(name=f"Region {n}", prefixes=[f"+41{40 + n}", f"+33{10 + n}", f"+1{200 + n}"])
            for n in range(REGIONS)
        )
        kinds, recurrences = (
            ("general", "holiday", "working"),
            ("once", "daily", "weekly", "monthly", "yearly"),
        )
        rows = []
        for n in range(ANNOUNCEMENTS):
            recurrence = recurrences[n % 5]
            start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(365))
            window = rng.random() < 0.6
            rows.append(
                Announcement(
                    name=f"a{n}",
                    kind=kinds[n % 3],
                    prompt=rng.choice(prompts),
                    order=rng.randrange(1, 10),
                    then="stop" if rng.random() < 0.05 else "continue",
                    time_zone=rng.choice(["Europe/Zurich", "America/New_York", "UTC"]),
                    recurrence=recurrence,
                    starts_at=start,
                    ends_at=start + timedelta(days=30) if recurrence == "once" else None,
                    days_of_week=sorted(rng.sample(range(7), 5)) if recurrence == "weekly" else [],
                    window_start=clock(rng.randrange(0, 20)) if window else None,
                    window_end=clock(rng.randrange(1, 24)) if window else None,
                )
            )
        announcements = Announcement.objects.bulk_create(rows)
        for row in announcements:
            if rng.random() > 0.05:
                row.services.set(rng.sample(services, rng.randrange(1, 4)))
            if rng.random() < 0.33:
                row.regions.set(rng.sample(regions, rng.randrange(1, 3)))
        CallSwitch.objects.bulk_create(
            CallSwitch(name=f"s{n}", on=n % 2 == 0, value=f"CSQ{n}") for n in range(SWITCHES)
        )
        announcements_changed()
        ivr = get_user_model().objects.create_user(username="ivr-bench")
        ivr.groups.add(Group.objects.get(name="IVR"))
        token = Token.objects.create(user=ivr).key  # a token: the bench's password hasher is not the server's
    dns = [s.dn for s in services] + [f"900{n:07d}" for n in range(SERVICES // 4)]
    callers = [f"+41{40 + n % REGIONS}{rng.randrange(10**6, 10**7)}" for n in range(200)] + [
        f"+4420{n:07d}" for n in range(50)
    ]
    return dns, callers, token


def hammer(base: str, paths: list[str], seconds: float, clients: int, auth: str | None) -> dict[str, Any]:
    """`clients` threads call the paths round-robin for `seconds`: requests/s and latency percentiles."""
    import requests

    timings: list[list[float]] = [[] for _ in range(clients)]
    failures = [0]
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        session = requests.Session()
        if auth:
            session.headers["Authorization"] = auth
        own = timings[index]
        position = index
        while time.monotonic() < stop:
            path = paths[position % len(paths)]
            position += clients
            began = time.perf_counter()
            try:
                answer = session.get(base + path, timeout=10)
            except requests.ConnectionError:  # a worker restarted by gunicorn: counted, not fatal
                failures[0] += 1
                continue
            own.append((time.perf_counter() - began) * 1000)
            if answer.status_code != 200:
                failures[0] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    every = sorted(t for own in timings for t in own)
    return {
        "requests": len(every),
        "per_second": len(every) / elapsed,
        "p50": statistics.median(every),
        "p99": every[int(len(every) * 0.99) - 1],
        "failures": failures[0],
    }


def lookups_in_process(dns: list[str], callers: list[str], instants: list[str]) -> None:
    """The lookup alone, without HTTP: what the snapshot's index costs per call."""
    from announcements.snapshot import AnnouncementSet, build_data

    started = time.perf_counter()
    compiled = AnnouncementSet(build_data())
    compile_ms = (time.perf_counter() - started) * 1000
    moments = [datetime.fromisoformat(instant) for instant in instants]
    rng = random.Random(5)
    calls = [(rng.choice(dns), rng.choice(callers), moments[n % len(moments)]) for n in range(20_000)]
    found = 0
    started = time.perf_counter()
    for dn, ani, at in calls:
        found += len(compiled.index.select(at=at, dn=dn, ani=ani))
    elapsed = time.perf_counter() - started
    rate, each, mean = len(calls) / elapsed, elapsed / len(calls) * 1e6, found / len(calls)
    print(
        f"In process: build + compile {compile_ms:,.0f} ms once per version; {rate:,.0f} lookups/s "
        f"({each:.0f} µs each, {mean:.1f} announcements per answer)\n"
    )


def run(seconds: float, clients: int, redis: Any) -> None:
    from django.db import connection

    from bench.stack import Stack, database_url

    rng = random.Random(13)
    dns, callers, token = build(rng)
    stack = Stack(
        database_url=database_url(connection.settings_dict),
        uccx_urls=("http://127.0.0.1:9", ""),
        settings_module="supervisor_tools.settings",
        redis=redis,
        REDIS_URL=redis.url(1),
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    ).start(monitor=False)
    try:
        auth = f"Token {token}"
        year = datetime(2026, 1, 1, tzinfo=UTC)
        instants = [(year + timedelta(minutes=rng.randrange(525_600))).isoformat() for _ in range(500)]
        calls = [
            "/ivr/v1/announcements?"
            + urlencode(
                {"dn": rng.choice(dns), "ani": rng.choice(callers), "at": instants[n % len(instants)]}
            )
            for n in range(2_000)
        ]
        cases = [
            ("baseline: GET /health/live", ["/health/live"], None),
            ("GET /ivr/v1/switches/{name}", [f"/ivr/v1/switches/s{n}" for n in range(SWITCHES)], auth),
            ("GET /ivr/v1/announcements (JSON)", calls, auth),
            ("GET /ivr/v1/announcements (XML)", [c + "&format=xml" for c in calls], auth),
        ]
        import requests

        probe = requests.get(stack.web_url + calls[0], headers={"Authorization": auth}, timeout=10)
        if probe.status_code != 200:
            raise SystemExit(f"The IVR answered {probe.status_code}: {probe.text[:300]}")
        hammer(stack.web_url, calls[:50], 1.0, 2, auth)  # warm both workers: snapshot compiled, credentials
        print(
            f"{ANNOUNCEMENTS:,} announcements, {SERVICES} services, {REGIONS} regions; gunicorn 2x4, "
            f"{clients} client threads x {seconds:g} s, {connection.vendor}, Redis\n"
        )
        lookups_in_process(dns, callers, instants)
        print("| endpoint | requests | req/s | p50 ms | p99 ms | failures |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, paths, credentials in cases:
            result = hammer(stack.web_url, paths, seconds, clients, credentials)
            print(
                f"| {label} | {result['requests']:,} | {result['per_second']:,.0f} | {result['p50']:.2f} | "
                f"{result['p99']:.2f} | {result['failures']} |"
            )
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
