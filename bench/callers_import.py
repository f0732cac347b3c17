"""Benchmark of the caller CSV import and export: 100,000 rows into one list (issue 14).

Run against PostgreSQL (the target is for it):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python -m bench.callers_import

(without DATABASE_URL it runs on SQLite). It creates a throwaway test database, writes a realistic CSV
(names, some reasons, expiries, overrides, a few prefixes, 25 bad rows spread through it), then runs the
worker's side of an import (`transfer_run`: decode, check every row, one transaction with the audit
records) in "good rows" mode, a second import of the same file (every row already there: the update
path), the IVR snapshot's rebuild after a change (reading every entry, compiling the index), and an
export of the list. Baseline in the same run: the same rows inserted with a bare
`bulk_create` (no checks, no audit). Also: the time to publish the list's UCCX document (build the XML,
write it to a local two-node UCCX simulator through the outbox).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

BASE_DIR = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 30.0
FIRST = ["Anna", "Ben", "Chloé", "David", "Emma", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Zoë", "Øyvind"]
LAST = ["Müller", "Smith", "García", "Rossi", "Dubois", "Novak", "Jensen", "O'Brien", "Kowalski", "Yilmaz"]


def realistic_csv(rows: int, bad: int, seed: int = 14) -> bytes:
    rng = random.Random(seed)
    expiry = (date.today() + timedelta(days=180)).isoformat()
    lines = ["number,name,reason,expires_at,priority,target,prompt,language"]
    bad_at = set(rng.sample(range(rows), bad))
    for n in range(rows):
        if n in bad_at:
            lines.append(rng.choice(["call me,Bad,,,,,,", "+1*,Everyone,,,,,,", "5550100,Short,,,,,,"]))
            continue
        if n % 500 == 0:
            number = f"+49{30 + n // 500 % 60}{n % 97:02d}*"
        else:
            number = f"+1 ({200 + n % 700}) {n // 700 % 900 + 100:03d}-{n % 10000:04d}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        reason = rng.choice(["", "", "key account", "complaint 2026-11", "reseller"])
        expires = expiry if n % 10 == 0 else ""
        priority = str(rng.randint(1, 9)) if n % 20 == 0 else ""
        target = "CSQ_Gold" if n % 25 == 0 else ""
        language = "de_DE" if number.startswith("+49") else ""
        lines.append(f'{number},"{name}",{reason},{expires},{priority},{target},,{language}')
    return ("\n".join(lines) + "\n").encode()


def _publish_to_simulator(target: Any) -> tuple[float, int]:
    """Build the list's XML document and write it to a local two-node UCCX simulator through the outbox
    (the document adapter: upload to the temporary folder, then store): what one change of the list costs."""
    from django.conf import settings
    from django.db import transaction

    from callers.services import list_changed
    from sync.cluster import reset_uccx_client
    from sync.replay import drain, wake_pending
    from uccx_simulator import Simulator

    sim = Simulator(username="administrator", password="ciscopsdt", ports={"A": 0, "B": 0, "control": 0})
    sim.start()
    try:
        settings.UCCX_PRIMARY_URL, settings.UCCX_SECONDARY_URL = sim.url("A"), sim.url("B")
        settings.UCCX_USERNAME, settings.UCCX_PASSWORD = "administrator", "ciscopsdt"
        reset_uccx_client()
        start = time.perf_counter()
        with transaction.atomic():
            list_changed(target, "Benchmark: publish the list", None)
        wake_pending()
        drain(budget=120)
        elapsed = time.perf_counter() - start
        stored = sim.documents[f"callers/{target.name.replace(' ', '_')}.xml"]
        assert len(ElementTree.fromstring(stored).findall("entry")) == target.entries.count()
        return elapsed, len(stored)
    finally:
        sim.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supervisor_tools.test_settings")
    os.environ.setdefault("TEST_SQLITE_NAME", str(BASE_DIR / "var" / "bench-callers.sqlite3"))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        run(args.rows)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(rows: int) -> None:
    from django.conf import settings
    from django.db import connection

    from callers.exports import export_start
    from callers.imports import import_start
    from callers.models import CallerEntry, CallerTransfer
    from callers.services import ListData, caller_list_save
    from callers.transfers import transfer_run

    settings.CALLERS_IMPORT_MAX_ROWS = max(settings.CALLERS_IMPORT_MAX_ROWS, rows + 1)
    content = realistic_csv(rows, bad=25)
    target = caller_list_save(caller_list=None, data=ListData(name="Bench VIP", kind="vip"), actor=None)

    cpu: dict[str, float] = {}

    def timed_import(replace: bool = False) -> tuple[float, CallerTransfer]:
        transfer = import_start(
            caller_list=target,
            upload=io.BytesIO(content),
            size=len(content),
            file_name="bench.csv",
            mode="good",
            replace=replace,
            encoding="auto",
            actor=None,
        )
        start, cpu_start = time.perf_counter(), time.process_time()
        done = transfer_run(transfer.pk)
        cpu.setdefault("first", time.process_time() - cpu_start)
        return time.perf_counter() - start, done

    first_s, first = timed_import()
    assert first.state == "done", first.message
    again_s, again = timed_import()
    from callers.snapshot import CallerSet, build_callers

    start = time.perf_counter()
    snapshot_data = build_callers()
    build_s = time.perf_counter() - start
    start = time.perf_counter()
    CallerSet(snapshot_data)
    compile_s = time.perf_counter() - start
    publish_s, document_bytes = _publish_to_simulator(target)
    export = export_start(caller_list=target, actor=None)
    start = time.perf_counter()
    exported = transfer_run(export.pk)
    export_s = time.perf_counter() - start

    baseline = caller_list_save(caller_list=None, data=ListData(name="Baseline"), actor=None)
    objects = [
        CallerEntry(caller_list=baseline, number=e.number, prefix=e.prefix, name=e.name)
        for e in target.entries.all().iterator(chunk_size=5000)
    ]
    start = time.perf_counter()
    CallerEntry.objects.bulk_create(objects, batch_size=2000)
    baseline_s = time.perf_counter() - start

    print(f"database: {connection.vendor}; file: {len(content) / 1024 / 1024:.1f} MB, {rows:,} rows")
    print(f"{'run':<44}{'seconds':>9}{'rows/s':>10}  result")
    print(f"{'import into an empty list':<44}{first_s:>9.2f}{rows / first_s:>10,.0f}  {first.message}")
    print(
        f"{'same file again (every row checked, no change)':<44}{again_s:>9.2f}{rows / again_s:>10,.0f}  ",
        end="",
    )
    print(again.message)
    print(f"{'export':<44}{export_s:>9.2f}{exported.total / export_s:>10,.0f}  {exported.message}")
    print(f"{'IVR snapshot after a change: read from the db':<44}{build_s:>9.2f}{rows / build_s:>10,.0f}")
    print(f"{'IVR snapshot after a change: compile index':<44}{compile_s:>9.2f}{rows / compile_s:>10,.0f}")
    label = f"UCCX document ({document_bytes / 1024 / 1024:.1f} MB): build + write"
    print(f"{label:<44}{publish_s:>9.2f}{rows / publish_s:>10,.0f}")
    label = "baseline: bare bulk_create, no checks/audit"
    print(f"{label:<44}{baseline_s:>9.2f}{len(objects) / baseline_s:>10,.0f}")
    line, _, reason = first.rejections[0]
    print(f"rejected rows reported: {first.rejected} (first: line {line}: {reason})")
    print(f"the first import's own CPU time: {cpu['first']:.1f} s (the rest: PostgreSQL, waiting for a core)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    verdict = "met" if first_s <= TARGET_SECONDS else "NOT met"
    print(f"Target: 100,000 rows imported in <= {TARGET_SECONDS:.0f} s: {verdict} ({first_s:.1f} s).")


if __name__ == "__main__":
    main()
