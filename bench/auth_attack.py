"""Failed sign-ins cannot be turned into a CPU burner: valid IVR callers measured alone, then while 8
anonymous clients (each from its own loopback address) send wrong Basic credentials, 5 a second each.

Run: `.venv/bin/python -m bench.auth_attack [--seconds 15]`. Same stack as bench/ivr_http.py (gunicorn with
the production settings and password hasher, a private PostgreSQL cluster, Redis). The valid caller sends
IVR JSON with Basic at a constant 100 requests/s (open loop). Attacks: random usernames (issue 9's), then
the real IVR username with random passwords (each of those costs a password hash until the address is
throttled). Target: valid p99 under attack < 2x unloaded.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import multiprocessing
import secrets
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

from bench.http_load import open_loop
from bench.ivr_http import BASIC, CALENDAR, Bench

ATTACKERS = 8
ATTACK_RATE = 5.0  # requests/s per attacker: 40/s in all, 30x issue 9's attack (44 requests in 35 s)


def _attacker(url: str, source: str, real_username: bool, stop: float, counts: Counter[int]) -> None:
    parts = urlsplit(url)
    next_at = time.time()
    while time.time() < stop:
        next_at += 1 / ATTACK_RATE
        time.sleep(max(0.0, next_at - time.time()))
        user = "ivr-bench" if real_username else f"user-{secrets.token_hex(4)}"
        token = base64.b64encode(f"{user}:{secrets.token_hex(6)}".encode()).decode()
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=10, source_address=(source, 0)
        )
        try:
            connection.request("GET", parts.path, headers={"Authorization": f"Basic {token}"})
            response = connection.getresponse()
            response.read()
            counts[response.status] += 1
        except OSError:
            counts[0] += 1
        finally:
            connection.close()


def _attack(url: str, real_username: bool, seconds: float, first: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    counts: Counter[int] = Counter()
    stop = time.time() + seconds
    threads = [
        threading.Thread(target=_attacker, args=(url, f"127.0.0.{first + n}", real_username, stop, counts))
        for n in range(ATTACKERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(dict(counts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    bench = Bench()
    try:
        bench.start()
        url = bench.urls["product"] + CALENDAR
        open_loop(url, BASIC, rate=100, seconds=2)  # warm: every worker verified the credential once
        unloaded = open_loop(url, BASIC, rate=100, seconds=args.seconds)
        print(
            f"Valid IVR JSON (Basic) at 100/s for {args.seconds:g} s; {ATTACKERS} attackers from their own "
            f"addresses, {ATTACK_RATE:g} requests/s each"
        )
        print("| situation | valid 200 | valid p50 ms | valid p99 ms | p99 x unloaded | attacker answers |")
        print("|---|---:|---:|---:|---:|---|")
        _row("no attack", unloaded, unloaded, {})
        attacks = (
            ("random usernames", False, 2),
            ("the real username, random passwords", True, 2 + ATTACKERS),
        )
        for label, real, first in attacks:  # each attack from addresses of its own (none throttled yet)
            queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
            attack = multiprocessing.Process(target=_attack, args=(url, real, args.seconds, first, queue))
            attack.start()
            time.sleep(0.2)
            loaded = open_loop(url, BASIC, rate=100, seconds=args.seconds - 0.4)
            counts = queue.get()
            attack.join()
            _row(f"attack: {label}", loaded, unloaded, counts)
            time.sleep(1)
    finally:
        bench.stop()


def _row(label: str, result: object, unloaded: object, counts: dict[int, int]) -> None:
    from bench.http_load import Result

    assert isinstance(result, Result)
    assert isinstance(unloaded, Result)
    ratio = result.percentile(0.99) / unloaded.percentile(0.99)
    answers = ", ".join(f"{status}: {count:,}" for status, count in sorted(counts.items())) or "-"
    print(
        f"| {label} | {result.statuses[200]:,} / {result.count:,} | {result.percentile(0.5):.2f} | "
        f"{result.percentile(0.99):.2f} | {ratio:.2f} | {answers} |"
    )


if __name__ == "__main__":
    main()
