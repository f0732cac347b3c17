"""`GET /ivr/v1/call` (one request per call) against the calendar status endpoint, over HTTP, in one run.

Run: `.venv/bin/python -m bench.ivr_call [--seconds 3 --rounds 3 --rate-seconds 8]`. The stack of
`bench.ivr_http` (private PostgreSQL and Redis, gunicorn with gunicorn.conf.py, production settings, DEBUG
off, the UCCX simulator) plus the demo data (`manage.py seed_demo`: services, calendars, announcements,
caller lists). Prints, in interleaved rounds of closed-loop load (16 connections), the calendar status
endpoint (the IVR read-path benchmark's bar) beside the combined call endpoint, then both at a constant
rate. The combined call does the work of three endpoints (calendar, caller lookup, announcements) in one
request: the bar is that it stays in the calendar endpoint's class, far below three requests.
"""

from __future__ import annotations

import argparse
import base64
import subprocess
import sys

from bench.http_load import closed_loop, interleaved_rounds, open_loop, pooled
from bench.ivr_http import BASIC, CALENDAR, Bench
from bench.stack import BASE_DIR

DEMO_IVR = {"Authorization": "Basic " + base64.b64encode(b"ivr:ivr-demo").decode()}
CALL = "/ivr/v1/call?dn=8005550100&ani=%2B15550100100"  # VIP caller, Support line, one announcement


def targets(bench: Bench) -> dict[str, tuple[str, dict[str, str]]]:
    product = bench.urls["product"]
    return {
        "calendar status, Bench (200 holidays), JSON": (product + CALENDAR, BASIC),
        "calendar status, Support Hours, JSON": (
            product + "/ivr/v1/calendars/Support%20Hours/status",
            DEMO_IVR,
        ),
        "call (calendar + caller + announcements), JSON": (product + CALL, DEMO_IVR),
        "call (calendar + caller + announcements), XML": (product + CALL + "&format=xml", DEMO_IVR),
        "bare Django view": (bench.urls["bare"] + "/", {}),
    }


def throughput(bench: Bench, seconds: float, rounds: int) -> None:
    print(f"\n1. Closed loop (16 connections), {rounds} interleaved rounds of {seconds:g} s each")
    found = interleaved_rounds(targets(bench), seconds=seconds, rounds=rounds)
    bar = pooled(found["calendar status, Bench (200 holidays), JSON"])[0]
    print("| target | req/s | p50 ms | p99 ms | non-200 | x calendar status |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, results in found.items():
        rate, latencies, errors = pooled(results)
        print(
            f"| {name} | {rate:,.0f} | {latencies.percentile(0.5):.2f} | {latencies.percentile(0.99):.2f} | "
            f"{errors} | {rate / bar:.2f} |"
        )


def constant_rate(bench: Bench, seconds: float, rate: float = 250) -> None:
    print(f"\n2. Constant rate (open loop), {rate:g} requests/s for {seconds:g} s each")
    print("| target | answered 200 | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|")
    all_targets = targets(bench)
    for name in (
        "calendar status, Bench (200 holidays), JSON",
        "call (calendar + caller + announcements), JSON",
    ):
        url, headers = all_targets[name]
        result = open_loop(url, headers, rate=rate, seconds=seconds)
        print(
            f"| {name} | {result.statuses[200]:,} / {result.count:,} | "
            f"{result.percentile(0.5):.2f} | {result.percentile(0.99):.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per closed-loop measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rate-seconds", type=float, default=8.0, help="per constant-rate measurement")
    args = parser.parse_args()
    bench = Bench()
    try:
        bench.start()
        seeded = subprocess.run(
            [sys.executable, "manage.py", "seed_demo"], cwd=BASE_DIR, env=bench.env(), capture_output=True
        )
        if seeded.returncode:
            sys.exit(f"seed_demo failed:\n{seeded.stderr.decode()[-2000:]}")
        print(
            "gunicorn (gunicorn.conf.py: 2 workers x 4 threads), PostgreSQL, Redis, DEBUG off; demo data; "
            f"call: {CALL}; generator on the same machine"
        )
        for url, headers in targets(bench).values():  # both workers warm: snapshots, credentials
            closed_loop(url, headers, seconds=1.0)
        throughput(bench, args.seconds, args.rounds)
        constant_rate(bench, args.rate_seconds)
    finally:
        bench.stop()


if __name__ == "__main__":
    main()
