"""Benchmark: an outage of 10,000 edits over 500 objects, then recovery.

    .venv/bin/python -m bench.outbox_outage [--objects 500] [--edits 10000] [--write-latency 0.05]
                                            [--outage read_only|down]

UCCX (the simulator, in this process) is made read-only (or both nodes are taken down) while supervisors
save 10,000 edits of 500 objects, each answered "queued". Then UCCX takes writes again and a real Celery
worker (default concurrency) with beat and the UCCX monitor replays the queue. Printed and checked:

- drain time (UCCX writable again -> queue empty) <= 1.2 x objects changed x the simulator's per-write latency
- UCCX writes issued per object changed <= 1.05 (coalescing: one write of each object's latest state)
- UCCX writable again -> first replayed write <= 5 s

The database is a fresh SQLite file (var/bench-outbox.sqlite3) unless DATABASE_URL is set; its probe
objects and their outbox rows are replaced. The broker and cache are a private redis-server (REDIS_URL
is ignored: the bench must not fill a shared Redis with its messages).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import django

from bench.stack import BASE_DIR, RedisServer, Stack, wait_for

SETTINGS = "tests.syncprobe.settings"  # the probe calendars stand in for UCCX-backed objects


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=500)
    parser.add_argument("--edits", type=int, default=10_000)
    parser.add_argument(
        "--write-latency", type=float, default=0.05, help="seconds per UCCX write (simulator)"
    )
    parser.add_argument("--outage", choices=["read_only", "down"], default="read_only")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()

    if not RedisServer.available():
        print("redis-server is not on PATH: the benchmark needs it for a private broker.", file=sys.stderr)
        return 2
    redis = RedisServer().start()
    database = Path(BASE_DIR / "var" / "bench-outbox.sqlite3")
    if "DATABASE_URL" not in os.environ:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["REDIS_URL"] = redis.url(0)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    django.setup()
    for noisy in ("uccx_client", "sync"):  # every refused write during the outage would be logged
        logging.getLogger(noisy).setLevel(logging.ERROR)
    try:
        return run(options, redis)
    finally:
        redis.stop()


def run(options: argparse.Namespace, redis: RedisServer) -> int:
    from django.conf import settings
    from django.core.management import call_command

    import uccx_simulator.store
    from sync.models import OutboxChange, SyncObject
    from tests.syncprobe.models import ProbeCalendar
    from tests.syncprobe.services import KIND
    from uccx_simulator import Simulator

    call_command("migrate", verbosity=0)
    OutboxChange.objects.filter(target__kind=KIND).delete()
    SyncObject.objects.filter(kind=KIND).delete()
    ProbeCalendar.objects.all().delete()
    # UCCX itself stops at 50 calendars; the benchmark measures the outbox, so the simulator takes more.
    uccx_simulator.store.MAX_CALENDARS = options.objects + 10
    sim = Simulator().start()
    settings.UCCX_PRIMARY_URL, settings.UCCX_SECONDARY_URL = sim.url("A"), sim.url("B")
    stack = Stack(
        database_url=os.environ["DATABASE_URL"],
        uccx_urls=(sim.url("A"), sim.url("B")),
        settings_module=SETTINGS,
        redis=redis,
    )
    try:
        stack.start(web=False)
        return measure(options, sim)
    finally:
        stack.stop()
        sim.stop()
        print(f"(process logs: {stack.log_dir})")


def measure(options: argparse.Namespace, sim: Any) -> int:
    from sync.models import OutboxChange
    from tests.syncprobe.models import ProbeCalendar
    from tests.syncprobe.services import probe_bump, probe_create

    rng = random.Random(options.seed)
    print(f"Creating {options.objects} objects while UCCX is up ...", flush=True)
    probes = [probe_create(name=f"bench-{n}")[0].pk for n in range(options.objects)]
    wait_for(lambda: not OutboxChange.objects.filter(state="queued").exists(), 60, "the creates")

    print(f"Outage ({options.outage}): {options.edits} edits ...", flush=True)
    if options.outage == "read_only":
        sim.set_cluster("read_only")
    else:
        sim.set_node("A", "down")
        sim.set_node("B", "down")
    started = time.monotonic()
    queued = 0
    changed = set()
    for _ in range(options.edits):
        probe_id = rng.choice(probes)
        changed.add(probe_id)
        queued += probe_bump(probe_id=probe_id)[1].state == "queued"
    edit_seconds = time.monotonic() - started
    assert queued == options.edits, f"only {queued} of {options.edits} edits were queued during the outage"
    time.sleep(2)  # let the worker's retries settle into their backoff

    print("Recovery ...", flush=True)
    sim.set_write_latency(options.write_latency)
    sim.clear_requests()
    writable_at = datetime.now().astimezone()
    recovered = time.monotonic()
    if options.outage == "read_only":
        sim.set_cluster("normal")
    else:
        sim.set_node("A", "up")
        sim.set_node("B", "up")
    wait_for(
        lambda: not OutboxChange.objects.filter(state="queued").exists(),
        600,
        "the queue to drain",
        interval=0.05,
    )
    drain_seconds = time.monotonic() - recovered

    writes = [
        r
        for r in sim.requests
        if r.method in ("POST", "PUT", "DELETE") and r.path.startswith("/adminapi/calendar")
    ]
    first_write = min(r.at for r in writes) if writes else None
    first_seconds = (first_write - writable_at).total_seconds() if first_write else float("inf")
    per_object = len(writes) / len(changed)
    drain_target = 1.2 * len(changed) * options.write_latency
    final = {cal["name"]: cal["description"] for cal in sim.calendars.values()}
    consistent = final == {p.name: f"v{p.version}" for p in ProbeCalendar.objects.all()}

    print()
    print(f"objects changed during the outage:  {len(changed)}")
    print(
        f"edits during the outage:            {options.edits} in {edit_seconds:.1f} s (all answered queued)"
    )
    print(f"simulator write latency:            {options.write_latency * 1000:.0f} ms")
    print(f"worker concurrency:                 default ({os.cpu_count()} processes on this machine)")
    checks = [
        ("drain time", f"{drain_seconds:.2f} s", f"<= {drain_target:.2f} s", drain_seconds <= drain_target),
        (
            "UCCX writes per object changed",
            f"{per_object:.3f} ({len(writes)} writes)",
            "<= 1.05",
            per_object <= 1.05,
        ),
        ("writable -> first replayed write", f"{first_seconds:.2f} s", "<= 5 s", first_seconds <= 5),
        ("UCCX holds the app's latest state", "yes" if consistent else "NO", "yes", consistent),
    ]
    for name, value, target, ok in checks:
        print(f"{name + ':':36}{value:28} target {target:12} {'OK' if ok else 'MISSED'}")
    return 0 if all(ok for *_, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
