"""The IVR endpoint measured as UCCX meets it: over HTTP, gunicorn with the production settings (2 workers,
4 threads, gunicorn.conf.py), PostgreSQL and Redis, DEBUG off, side by side with a bare Django view and a
raw WSGI callable served by the same gunicorn settings.

Run: `.venv/bin/python -m bench.ivr_http [--seconds 3 --rounds 3]`. It starts a private PostgreSQL
cluster (initdb in a temporary directory, a free port: stopping it touches nobody else's), a private
redis-server and the UCCX simulator, migrates, creates an IVR account (Basic and token) and a calendar
with 200 holidays and 20 special days, then prints:
1. throughput, closed loop (16 connections), in interleaved rounds: IVR JSON/XML with Basic/token, the
   bare Django view, raw WSGI; req/s, p50, p99 and the ratios;
2. a constant rate (open loop: each request on schedule, latency from its scheduled time) of 100, 250
   and 500 requests/s: IVR JSON vs the bare Django view;
3. outages at 250 requests/s: both UCCX nodes down, PostgreSQL stopped, Redis stopped.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from bench.http_load import closed_loop, interleaved_rounds, open_loop, pooled
from bench.stack import BASE_DIR, RedisServer, Service, free_port, wait_for

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), Path("/usr/bin"))
STALE = "x-snapshot-stale"
CALENDAR = "/ivr/v1/calendars/Bench/status"


class PostgresCluster:
    """A private PostgreSQL cluster (its own data directory and port), run as the `postgres` user."""

    def __init__(self) -> None:
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        shutil.chown(self.directory, "postgres", "postgres")
        self._as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def url(self, name: str = "bench") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *argv: str) -> None:
        subprocess.run(
            [*self._as_postgres, *argv], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def create(self) -> PostgresCluster:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.directory / "data"), "-U", "postgres", "-A", "trust")
        self.start()
        self._run(
            str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "bench"
        )
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.directory / "data"),
            "-o",
            options,
            "-l",
            str(self.directory / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


class Bench:
    """PostgreSQL, Redis, the simulator and three gunicorn servers: the product, bare Django, raw WSGI."""

    def __init__(self) -> None:
        from uccx_simulator import Simulator

        self.pg = PostgresCluster()
        self.redis = RedisServer()
        self.uccx = Simulator(
            username="administrator", password="ciscopsdt", ports={"A": 0, "B": 0, "control": 0}
        )
        self.logs = Path(tempfile.mkdtemp(prefix="bench-ivr-logs-"))
        self.servers: dict[str, Service] = {}
        self.urls: dict[str, str] = {}

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "supervisor_tools.settings",
            "DEBUG": "false",
            "SECRET_KEY": "bench-ivr-http-not-secret",
            "DATABASE_URL": self.pg.url(),
            "REDIS_URL": self.redis.url(0),
            "UCCX_PRIMARY_URL": self.uccx.url("A"),
            "UCCX_SECONDARY_URL": self.uccx.url("B"),
            "UCCX_TIMEOUT": "1",
            "PYTHONUNBUFFERED": "1",
            # gunicorn.conf.py recycles a worker every 10,000 requests: at these rates every few seconds,
            # which would measure process start-up rather than answers. All three servers alike.
            "GUNICORN_MAX_REQUESTS": "1000000",
        }

    def start(self) -> Bench:
        self.pg.create()
        self.redis.start()
        self.uccx.start()
        env = self.env()
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
        subprocess.run([sys.executable, "-m", "bench.ivr_http", "--seed"], cwd=BASE_DIR, env=env, check=True)
        for name, app in (
            ("product", "supervisor_tools.wsgi"),
            ("bare", "bench.bare_django:application"),
            ("raw", "bench.raw_wsgi:application"),
        ):
            port = free_port()
            server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
            if name != "product":
                server_env.pop("DJANGO_SETTINGS_MODULE")
            service = Service(
                name, [sys.executable, "-m", "gunicorn", app], server_env, self.logs, ready=r"Booting worker"
            )
            self.servers[name] = service.start()
            self.urls[name] = f"http://127.0.0.1:{port}"
        for url in self.urls.values():  # every worker up and warm (imports, first compile, credentials)
            wait_for(lambda url=url: _answers(url), 60, f"{url} answering")
        return self

    def stop(self) -> None:
        for service in self.servers.values():
            service.stop()
        self.uccx.stop()
        self.redis.stop()
        self.pg.destroy()


def _answers(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url + "/", timeout=2):
            return True
    except OSError as error:
        return getattr(error, "code", 0) in (401, 404)


def seed() -> None:
    """Inside the product's environment: the IVR account (password and token) and the bench calendar."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from calendars.data import CalendarData
    from calendars.engine import HolidayRule, Interval, OnDate, SpecialDay, WeeklyHours
    from calendars.services import calendar_create

    user = get_user_model().objects.create_user(username="ivr-bench", password="ivr-bench-pw")
    user.groups.add(Group.objects.get(name="IVR"))
    Token.objects.create(user=user, key="b" * 40)
    today = date.today()
    weekday = (Interval.parse("08:00-12:00"), Interval.parse("13:00-17:30"))
    calendar_create(
        actor=None,
        data=CalendarData(
            name="Bench",
            time_zone="Europe/Zurich",
            weekly=WeeklyHours(
                monday=weekday,
                tuesday=weekday,
                wednesday=weekday,
                thursday=weekday,
                friday=(Interval.parse("08:00-12:00"), Interval.parse("22:00-02:00")),
            ),
            holidays=tuple(
                HolidayRule(
                    f"Holiday {n}", OnDate(date(today.year + n // 20, 1 + (n % 20) // 2, 1 + (n % 2) * 14))
                )
                for n in range(200)
            ),
            special_days=tuple(
                SpecialDay(
                    today + timedelta(days=7 + 11 * n), f"Special {n}", (Interval.parse("09:00-12:00"),)
                )
                for n in range(20)
            ),
        ),
    )


BASIC = {"Authorization": "Basic " + base64.b64encode(b"ivr-bench:ivr-bench-pw").decode()}
TOKEN = {"Authorization": "Token " + "b" * 40}


def targets(bench: Bench) -> dict[str, tuple[str, dict[str, str]]]:
    product = bench.urls["product"] + CALENDAR
    return {
        "IVR JSON, Basic": (product, BASIC),
        "IVR XML, Basic": (product + "?format=xml", BASIC),
        "IVR JSON, token": (product, TOKEN),
        "IVR XML, token": (product + "?format=xml", TOKEN),
        "bare Django view": (bench.urls["bare"] + "/", {}),
        "raw WSGI": (bench.urls["raw"] + "/", {}),
    }


def throughput(bench: Bench, seconds: float, rounds: int) -> None:
    print(f"\n1. Throughput, closed loop (16 connections), {rounds} interleaved rounds of {seconds:g} s each")
    found = interleaved_rounds(targets(bench), seconds=seconds, rounds=rounds)
    bare, raw = pooled(found["bare Django view"])[0], pooled(found["raw WSGI"])[0]
    print("| target | req/s | p50 ms | p99 ms | non-200 | x bare Django | x raw WSGI |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, results in found.items():
        rate, latencies, errors = pooled(results)
        print(
            f"| {name} | {rate:,.0f} | {latencies.percentile(0.5):.2f} | {latencies.percentile(0.99):.2f} | "
            f"{errors} | {rate / bare:.2f} | {rate / raw:.2f} |"
        )


def constant_rate(bench: Bench, seconds: float) -> None:
    print(f"\n2. Constant rate (open loop), {seconds:g} s per rate")
    print("| rate | target | answered 200 | errors | p50 ms | p99 ms | p99 x bare Django |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    url, headers = targets(bench)["IVR JSON, Basic"]
    for rate in (100, 250, 500):
        ivr = open_loop(url, headers, rate=rate, seconds=seconds)
        bare = open_loop(bench.urls["bare"] + "/", {}, rate=rate, seconds=seconds)
        for name, result in (("IVR JSON, Basic", ivr), ("bare Django view", bare)):
            errors = result.count - result.statuses[200]
            print(
                f"| {rate} | {name} | {result.statuses[200]:,} / {result.count:,} | {errors} | "
                f"{result.percentile(0.5):.2f} | {result.percentile(0.99):.2f} | "
                f"{result.percentile(0.99) / bare.percentile(0.99):.2f} |"
            )


@contextlib.contextmanager
def _outage(what: str, bench: Bench) -> Iterator[None]:
    if what == "UCCX down":
        bench.uccx.set_node("A", "down")
        bench.uccx.set_node("B", "down")
    elif what == "PostgreSQL stopped":
        bench.pg.stop()
    elif what == "Redis stopped":
        bench.redis.stop()
    time.sleep(1.5)  # every process's probe has noticed
    try:
        yield
    finally:
        if what == "UCCX down":
            bench.uccx.set_node("A", "up")
            bench.uccx.set_node("B", "up")
        elif what == "PostgreSQL stopped":
            bench.pg.start()
        elif what == "Redis stopped":
            bench.redis.start()
        time.sleep(1.5)


def outages(bench: Bench, seconds: float, rate: float = 250) -> None:
    print(f"\n3. Outages: IVR JSON (Basic) at {rate:g} requests/s for {seconds:g} s each")
    print("| situation | answered 200 | other | p50 ms | p99 ms | with X-Snapshot-Stale |")
    print("|---|---:|---:|---:|---:|---:|")
    url, headers = targets(bench)["IVR JSON, Basic"]
    for what in ("nothing down", "UCCX down", "PostgreSQL stopped", "Redis stopped"):
        with _outage(what, bench):
            result = open_loop(url, headers, rate=rate, seconds=seconds, watch=STALE)
        print(
            f"| {what} | {result.statuses[200]:,} / {result.count:,} ({result.share(200):.1%}) | "
            f"{dict((k, v) for k, v in result.statuses.items() if k != 200) or '-'} | "
            f"{result.percentile(0.5):.2f} | {result.percentile(0.99):.2f} | {result.headers_seen[STALE]:,} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per closed-loop measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rate-seconds", type=float, default=8.0, help="per constant-rate measurement")
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        return seed()
    bench = Bench()
    try:
        bench.start()
        print(
            f"gunicorn (gunicorn.conf.py: 2 workers x 4 threads), PostgreSQL {PG_BIN.parent.name}, Redis, "
            "DEBUG off; calendar with 200 holidays and 20 special days; generator on the same 2 cores"
        )
        for url, headers in targets(bench).values():  # both workers warm: imports, first compile, credentials
            closed_loop(url, headers, seconds=1.0)
        throughput(bench, args.seconds, args.rounds)
        constant_rate(bench, args.rate_seconds)
        outages(bench, args.rate_seconds)
    finally:
        bench.stop()


if __name__ == "__main__":
    main()
