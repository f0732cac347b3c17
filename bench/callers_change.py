"""Benchmark: one caller entry's change, end to end, to another process's live index (issue 14).

Run against PostgreSQL and Redis (the production stores):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> REDIS_URL=redis://127.0.0.1:6379/<n> \\
        .venv/bin/python -m bench.callers_change            # --entries N (default 1,000,000)

It creates a throwaway test database with N entries in five lists (the mix of bench/callers_index.py),
then publishes the set whole and loads it in a fresh copy (the baseline: what a change cost the writer
and every other process before deltas). A second process (forked,
so it holds the same index at the same version) then serves lookups while this one adds, changes and
removes one entry through the services (`caller_entry_save`, `caller_entry_delete`). For each change it
reports: the service call (its transaction; the list's XML document for UCCX is built by the worker
afterwards, measured on its own below, beside the save as it was when it built it inside), the time from
the commit until the other process answers the new profile (it idles between changes, so its first read
checks the version at once; a busy one waits up to `SNAPSHOT_CHECK_SECONDS`), the other process's own
cost of bringing its index up to date (the `read()` that applied the delta), and whether that process
rebuilt anything (it must not).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
TARGET_MS = 50.0
SAVE_TARGET_MS = 1000.0  # no request spends more than a second on any input the limits allow
NUMBERS = ("+15550100901", "+15550100902")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supervisor_tools.test_settings")
    os.environ.setdefault("TEST_SQLITE_NAME", str(BASE_DIR / "var" / "bench-callers-change.sqlite3"))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        run(args.entries)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _populate(count: int) -> dict[int, Any]:
    from bench.callers_index import LISTS, entries
    from callers.models import CallerEntry
    from callers.services import ListData, caller_list_save

    lists = {
        list_id: caller_list_save(
            caller_list=None, data=ListData(name=info.name, kind=info.kind, order=info.order), actor=None
        )
        for list_id, info in LISTS.items()
    }
    batch: list[CallerEntry] = []
    for item in entries(count):
        expires = datetime.fromtimestamp(item.expires_at, UTC) if item.expires_at else None
        batch.append(
            CallerEntry(
                caller_list=lists[item.list_id],
                number=item.pattern.key,
                prefix=item.pattern.prefix,
                name=item.name,
                expires_at=expires,
                priority=item.overrides.priority,
            )
        )
        if len(batch) == 20_000:
            CallerEntry.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    CallerEntry.objects.bulk_create(batch, ignore_conflicts=True)
    return lists


def _other_process(reader: int, writer: int) -> None:
    """The forked IVR process: for each expected (version, number, found) it polls as calls would, then
    reports when it answered right, what its catching-up read() cost and whether it rebuilt."""
    from django.db import connection
    from django.utils import timezone

    from callers.snapshot import callers_snapshot

    inherited = connection.connection  # the parent's socket: never used nor closed here
    connection.connection = None
    rebuilds: list[str] = []
    build, compile = callers_snapshot._build, callers_snapshot._compile
    callers_snapshot._build = lambda: rebuilds.append("build") or build()  # type: ignore[method-assign]
    callers_snapshot._compile = lambda data: rebuilds.append("compile") or compile(data)  # type: ignore[method-assign]
    with os.fdopen(reader) as orders, os.fdopen(writer, "w") as answers:
        for line in orders:
            version, number, found = json.loads(line)
            catch_up = 0.0
            while True:
                start = time.perf_counter()
                reading = callers_snapshot.read()
                spent = time.perf_counter() - start
                if reading.version >= version:
                    catch_up = max(catch_up, spent)
                    answer = reading.value.profile(number, at=timezone.now(), record=False)
                    break
                catch_up = max(catch_up, spent)
                time.sleep(0.001)  # calls arrive; a read between them is what a worker does
            answers.write(
                json.dumps([time.time(), catch_up, answer["found"] == found, list(rebuilds)]) + "\n"
            )
            answers.flush()
    del inherited


def _document_build(caller_list: Any) -> tuple[float, str]:
    """The worker's part after the changes: build the list's XML document and record it for UCCX."""
    from callers.models import CallerList
    from callers.publish import DOCUMENT_KIND, document_refresh
    from sync.selectors import last_payload

    start = time.perf_counter()
    document_refresh(caller_list.pk)
    build_s = time.perf_counter() - start
    caller_list = CallerList.objects.get(pk=caller_list.pk)
    entries = f"{caller_list.entries.count():,} entries"
    payload = last_payload(DOCUMENT_KIND, caller_list.pk)
    if caller_list.document_note or payload is None:
        return build_s, f"{entries}; not written: {caller_list.document_note}"
    return build_s, f"{entries}, {payload['size'] / 1024 / 1024:.1f} MB"


def _save_building_inside(caller_list: Any) -> float:
    """Baseline: one entry's save as it was before the worker built UCCX's copy (inside the save)."""
    from django.db import transaction

    from callers.document import DocumentTooLarge
    from callers.publish import list_document
    from callers.services import EntryData, caller_entry_save

    start = time.perf_counter()
    with transaction.atomic():
        caller_entry_save(caller_list=caller_list, entry=None, data=EntryData(NUMBERS[0]), actor=None)
        with contextlib.suppress(DocumentTooLarge):  # as before: then the save noted it on the list
            list_document(caller_list)
    return time.perf_counter() - start


def run(count: int) -> None:
    from django.conf import settings
    from django.db import connection, transaction

    from callers.models import CallerEntry
    from callers.services import EntryData, caller_entry_delete, caller_entry_save
    from callers.snapshot import callers_snapshot

    settings.CALLERS_MAX_ENTRIES = count + 100
    start = time.perf_counter()
    lists = _populate(count)
    populate_s = time.perf_counter() - start
    start = time.perf_counter()
    callers_snapshot.changed()  # a change without a delta, as every change was: rebuild and publish the set
    publish_s = time.perf_counter() - start
    callers_snapshot.reset()
    start = time.perf_counter()
    reading = callers_snapshot.read()  # another process: load the published set and compile its index
    load_s = time.perf_counter() - start
    live = len(reading.value.index)

    child_reads, parent_writes = os.pipe()
    parent_reads, child_writes = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(parent_writes)
            os.close(parent_reads)
            _other_process(child_reads, child_writes)
        finally:
            os._exit(0)  # never the parent's clean-up (it owns the test database)
    os.close(child_reads)
    os.close(child_writes)
    orders, answers = os.fdopen(parent_writes, "w"), os.fdopen(parent_reads)
    vip = lists[2]
    check_s = float(getattr(settings, "SNAPSHOT_CHECK_SECONDS", 0.25))

    def change(
        label: str, action: Any, number: str, found: bool
    ) -> tuple[str, float, float, float, bool, list]:
        committed: list[float] = []
        time.sleep(check_s)  # the other process's last version check is older than its interval: idle
        start = time.perf_counter()
        with transaction.atomic():
            transaction.on_commit(lambda: committed.append(time.time()))  # runs first: the commit's moment
            action()
        service_s = time.perf_counter() - start
        version = callers_snapshot.read().version
        orders.write(json.dumps([version, number, found]) + "\n")
        orders.flush()
        served_at, catch_up, right, rebuilds = json.loads(answers.readline())
        return label, service_s, served_at - committed[0], catch_up, right, rebuilds

    results = [
        change(
            "add one entry",
            lambda: caller_entry_save(caller_list=vip, entry=None, data=EntryData(NUMBERS[0]), actor=None),
            NUMBERS[0],
            True,
        ),
        change(
            "change its number",
            lambda: caller_entry_save(
                caller_list=vip,
                entry=CallerEntry.objects.get(caller_list=vip, number=NUMBERS[0]),
                data=EntryData(NUMBERS[1], name="Moved"),
                actor=None,
            ),
            NUMBERS[1],
            True,
        ),
        change(
            "remove it",
            lambda: caller_entry_delete(
                entry=CallerEntry.objects.get(caller_list=vip, number=NUMBERS[1]), actor=None
            ),
            NUMBERS[1],
            False,
        ),
    ]
    orders.close()
    os.waitpid(pid, 0)
    build_s, document = _document_build(vip)
    baseline_s = _save_building_inside(vip)

    print(f"database: {connection.vendor}; cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}")
    print(f"entries: {live:,} live in 5 lists (populated in {populate_s:.0f} s)")
    check_ms = float(getattr(settings, "SNAPSHOT_CHECK_SECONDS", 0.25)) * 1000
    print("baseline, a change without a delta (every change before deltas):")
    print(f"  the writer rebuilds the set from the database, compiles and publishes it: {publish_s:.2f} s")
    print(f"  every other process loads the published set and compiles its index: {load_s:.2f} s")
    header = f"{'one change':<20}{'service, ms':>13}{'commit→served, ms':>20}{'catch-up, ms':>14}"
    print(f"{header}  rebuilt?  right?")
    worst = 0.0
    for label, service_s, served_s, catch_up, right, rebuilds in results:
        worst = max(worst, catch_up * 1000)
        print(
            f"{label:<20}{service_s * 1000:>13.1f}{served_s * 1000:>20.1f}{catch_up * 1000:>14.2f}"
            f"  {'yes' if rebuilds else 'no':>8}  {'yes' if right else 'NO':>6}"
        )
    print(f"(the other process idles between changes: a busy one checks versions every {check_ms:.0f} ms)")
    slowest_save = max(service_s for _, service_s, *_ in results) * 1000
    print(f"UCCX's copy of that list ({document}): built and recorded by the worker in {build_s:.2f} s")
    print(
        f"Target: a save's service call <= {SAVE_TARGET_MS:.0f} ms:",
        "met" if slowest_save <= SAVE_TARGET_MS else "NOT met",
        f"(slowest {slowest_save:.1f} ms; baseline, the same save building the copy inside it as before: "
        f"{baseline_s * 1000:,.0f} ms)",
    )
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    ok = all(right and not rebuilds for *_, right, rebuilds in results) and worst <= TARGET_MS
    print(
        f"Target: the other process's index brought up to date in <= {TARGET_MS:.0f} ms without a rebuild:",
        end=" ",
    )
    print("met" if ok else "NOT met", f"(slowest catch-up {worst:.2f} ms)")


if __name__ == "__main__":
    main()
