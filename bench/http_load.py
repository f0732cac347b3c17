"""HTTP/1.1 load generators for the benchmarks: closed-loop (N connections, as fast as answers come) and
open-loop (each request sent on schedule whatever earlier ones did, latency counted from the schedule,
so a slow server cannot hide its queue). asyncio and raw sockets: a few microseconds per request."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

TIMEOUT = 5.0  # UCCX's Make REST Call step gives up after 5 s: past it, an answer is an error


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)  # seconds, of answered requests
    statuses: Counter[int] = field(default_factory=Counter)  # 0: timeout or connection error
    headers_seen: Counter[str] = field(default_factory=Counter)
    elapsed: float = 0.0

    @property
    def count(self) -> int:
        return sum(self.statuses.values())

    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000

    def share(self, status: int) -> float:
        return self.statuses[status] / self.count if self.count else 0.0


class _Connection:
    def __init__(self, host: str, port: int, source: str | None) -> None:
        self.host, self.port, self.source = host, port, source
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, raw: bytes, watch: str) -> tuple[int, bool]:
        """(status, whether the `watch` header was in the answer); reconnects when the server closed."""
        for attempt in (0, 1):
            if self.writer is None:
                local = (self.source, 0) if self.source else None
                self.reader, self.writer = await asyncio.open_connection(
                    self.host, self.port, local_addr=local
                )
            try:
                assert self.reader is not None
                self.writer.write(raw)
                head = await self.reader.readuntil(b"\r\n\r\n")
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt:
                    raise
                continue
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ", 2)[1])
            length, closing, seen = 0, False, False
            for line in lines[1:]:
                name, _, value = line.partition(":")
                lowered = name.lower()
                if lowered == "content-length":
                    length = int(value)
                elif lowered == "connection" and value.strip().lower() == "close":
                    closing = True
                elif watch and lowered == watch:
                    seen = True
            if length:
                await self.reader.readexactly(length)
            if closing:
                self.close()
            return status, seen
        raise ConnectionError("unreachable")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _raw(url: str, headers: dict[str, str]) -> tuple[str, int, bytes]:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {target} HTTP/1.1", f"Host: {parts.netloc}", *(f"{k}: {v}" for k, v in headers.items())]
    return parts.hostname or "127.0.0.1", parts.port or 80, ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _one(connection: _Connection, raw: bytes, result: Result, started: float, watch: str) -> None:
    try:
        status, seen = await asyncio.wait_for(connection.request(raw, watch), TIMEOUT)
    except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError):
        connection.close()
        result.statuses[0] += 1
        return
    result.statuses[status] += 1
    if seen:
        result.headers_seen[watch] += 1
    result.latencies.append(time.perf_counter() - started)


def closed_loop(
    url: str, headers: dict[str, str], *, seconds: float, connections: int = 16, watch: str = ""
) -> Result:
    """`connections` clients, each sending its next request when the last is answered."""
    host, port, raw = _raw(url, headers)

    async def run() -> Result:
        result = Result()
        deadline = time.perf_counter() + seconds

        async def client() -> None:
            connection = _Connection(host, port, None)
            while time.perf_counter() < deadline:
                await _one(connection, raw, result, time.perf_counter(), watch)
            connection.close()

        began = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(connections)))
        result.elapsed = time.perf_counter() - began
        return result

    return asyncio.run(run())


def interleaved_rounds(
    targets: dict[str, tuple[str, dict[str, str]]], *, seconds: float, rounds: int
) -> dict[str, list[Result]]:
    """Each target (name: (url, headers)) measured closed-loop `rounds` times, the targets taking turns,
    so a change in the machine's other load falls on all of them alike."""
    found: dict[str, list[Result]] = {name: [] for name in targets}
    for _ in range(rounds):
        for name, (url, headers) in targets.items():
            found[name].append(closed_loop(url, headers, seconds=seconds))
    return found


def pooled(results: list[Result]) -> tuple[float, Result, int]:
    """(median rate over the rounds, every latency pooled, the answers that were not 200) of one target."""
    rate = statistics.median(r.rate() for r in results)
    errors = sum(r.count - r.statuses[200] for r in results)
    return rate, Result(latencies=[x for r in results for x in r.latencies]), errors


def open_loop(
    url: str,
    headers: dict[str, str],
    *,
    rate: float,
    seconds: float,
    watch: str = "",
    source: str | None = None,
) -> Result:
    """`rate` requests per second on a fixed schedule; a request finding no idle connection opens one."""
    host, port, raw = _raw(url, headers)

    async def run() -> Result:
        result = Result()
        idle: list[_Connection] = []

        async def send(scheduled: float) -> None:
            connection = idle.pop() if idle else _Connection(host, port, source)
            await _one(connection, raw, result, scheduled, watch)
            if connection.writer is not None:
                idle.append(connection)

        began = time.perf_counter()
        tasks = []
        for n in range(int(rate * seconds)):
            scheduled = began + n / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(send(scheduled)))
        await asyncio.gather(*tasks)
        result.elapsed = seconds
        for connection in idle:
            connection.close()
        return result

    return asyncio.run(run())
