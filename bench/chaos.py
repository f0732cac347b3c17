"""The larger chaos run: many seeds of tests/sync/test_chaos.py, one after the other.

    .venv/bin/python -m bench.chaos --seeds 20 --edits 1000 [--first-seed 1]

Each seed is a full run (its own test database, private Redis, worker, web server and simulator). Runs on
SQLite by default; set DATABASE_URL (and REDIS_URL for the test process) to run on PostgreSQL. Prints one
line per seed and a total; a failing seed replays with `CHAOS_SEED=<seed> CHAOS_EDITS=<edits>
.venv/bin/pytest tests/sync/test_chaos.py -s`. Exit status 1 if any seed failed.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter

from bench.stack import BASE_DIR


def run_seed(seed: int, edits: int) -> tuple[bool, dict, float, str]:
    env = {
        **os.environ,
        "CHAOS_SEED": str(seed),
        "CHAOS_EDITS": str(edits),
        "TEST_SQLITE_NAME": os.environ.get("TEST_SQLITE_NAME", str(BASE_DIR / "var" / "test-chaos.sqlite3")),
    }
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/sync/test_chaos.py",
            "-m",
            "chaos",
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            "-o",
            "timeout=3600",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    found = re.search(r"chaos summary: (\{.*\})", result.stdout)
    summary = json.loads(found.group(1)) if found else {}
    return result.returncode == 0, summary, time.monotonic() - started, result.stdout[-3000:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument(
        "--first-seed", type=int, help="seeds first-seed, first-seed+1, ... (default: random)"
    )
    options = parser.parse_args()
    if options.first_seed is None:
        seeds = [random.SystemRandom().randrange(2**32) for _ in range(options.seeds)]
    else:
        seeds = list(range(options.first_seed, options.first_seed + options.seeds))

    database = os.environ.get("DATABASE_URL", "").split("@")[-1] or "SQLite"
    print(f"chaos: {options.seeds} seeds x {options.edits} edits on {database}", flush=True)
    failed, faults, answers, writes, total = [], Counter(), Counter(), 0, 0.0
    for seed in seeds:
        ok, summary, seconds, output = run_seed(seed, options.edits)
        total += seconds
        faults.update(summary.get("faults", {}))
        answers.update(summary.get("answers", {}))
        writes += summary.get("uccx_writes", 0)
        print(
            f"seed {seed:>10}: {'passed' if ok else 'FAILED'} in {seconds:5.0f} s, "
            f"{summary.get('objects', '?')} objects, {summary.get('uccx_writes', '?')} UCCX writes, "
            f"faults {summary.get('faults', {})}",
            flush=True,
        )
        if not ok:
            failed.append(seed)
            print(output, flush=True)
    passed = len(seeds) - len(failed)
    print(f"\n{passed}/{len(seeds)} seeds passed, {len(seeds) * options.edits} edits, {total:.0f} s")
    print(f"answers: {dict(answers)}")
    print(f"faults injected: {dict(faults)}")
    print(f"UCCX writes: {writes}")
    if failed:
        print(f"failed seeds: {failed} (replay: CHAOS_SEED=<seed> CHAOS_EDITS={options.edits})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
