"""The requests of `python -m bench.hostile_input`, each timed from the client beside the same kind of
request with ordinary input, and the report of the worst times against the targets."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import requests

from bench.hostile_calendars import baseline_calendar, ics_file, refused_calendars, worst_calendar

REQUEST_TARGET_MS = 1000.0
IVR_TARGET_MS = 50.0


class Bench:
    """Sends each hostile request and its baseline, and keeps the worst times."""

    def __init__(self, url: str, accounts: dict[str, Any], repeat: int) -> None:
        self.url, self.accounts, self.repeat = url, accounts, repeat
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"Token {accounts['token']}"
        self.ivr = requests.Session()
        self.ivr.headers["Authorization"] = accounts["ivr"]
        self.rows: list[tuple[str, str, int, float, float, float]] = []
        self.ivr_ms: list[tuple[str, list[float], list[float]]] = []
        self.failures: list[str] = []

    def timed(self, send: Callable[[], requests.Response], times: int | None = None) -> tuple[int, float]:
        worst, status = 0.0, 0
        for _ in range(times or self.repeat):
            started = time.perf_counter()
            response = send()
            worst = max(worst, (time.perf_counter() - started) * 1000)
            status = response.status_code
        return status, worst

    def row(
        self, what: str, size: str, hostile: tuple[int, float], baseline: tuple[int, float], target: float
    ) -> None:
        status, ms = hostile
        self.rows.append((what, size, status, ms, baseline[1], target))
        if ms > target or status >= 500:
            self.failures.append(f"{what}: {status} in {ms:.0f} ms (target {target:.0f} ms, no 5xx)")

    def post(self, path: str, body: Any) -> Callable[[], requests.Response]:
        raw = body if isinstance(body, bytes | str) else json.dumps(body)
        return lambda: self.api.post(
            f"{self.url}{path}", data=raw, headers={"Content-Type": "application/json"}
        )

    def run(self) -> int:
        team = self.accounts["team"]
        api = "/api/v1/calendars/"
        created = self.api.post(f"{self.url}{api}", json=baseline_calendar(team))
        assert created.status_code in (201, 202), created.text[:500]
        base_pk = created.json()["id"]
        base_create = self.timed(self.post(api, baseline_calendar(team, "Baseline2")), times=1)

        worst_body = worst_calendar(team)
        started = time.perf_counter()
        worst = self.api.post(f"{self.url}{api}", json=worst_body)
        worst_ms = (time.perf_counter() - started) * 1000
        assert worst.status_code in (201, 202), worst.text[:2000]
        worst_pk = worst.json()["id"]
        kb = f"{len(json.dumps(worst_body)) // 1024} KB"
        self.row(
            "create calendar, every count at its limit",
            kb,
            (worst.status_code, worst_ms),
            base_create,
            REQUEST_TARGET_MS,
        )
        base_put = self.timed(
            lambda: self.api.put(f"{self.url}{api}{base_pk}/", json=baseline_calendar(team))
        )
        self.row(
            "replace it (PUT)",
            kb,
            self.timed(lambda: self.api.put(f"{self.url}{api}{worst_pk}/", json=worst_body)),
            base_put,
            REQUEST_TARGET_MS,
        )
        refused = refused_calendars(team)
        base_refused = self.timed(
            self.post(
                api, {**baseline_calendar(team, "X"), "weekly": {"monday": ["08:00-12:00", "11:00-13:00"]}}
            )
        )
        for what, body in refused:
            raw = json.dumps(body)
            self.row(
                f"refused: {what}",
                f"{len(raw) // 1024} KB",
                self.timed(self.post(api, raw)),
                base_refused,
                REQUEST_TARGET_MS,
            )
        self.row(
            "refused: JSON nested 100,000 deep",
            "195 KB",
            self.timed(self.post(api, "[" * 100_000 + "]" * 100_000)),
            base_refused,
            REQUEST_TARGET_MS,
        )
        self.row(
            "refused: 10 MB JSON body",
            "10 MB",
            self.timed(self.post(api, '{"name": "' + "x" * 10_000_000 + '"}')),
            base_refused,
            REQUEST_TARGET_MS,
        )

        ics = f"{api}{base_pk}/holidays.ics"

        def upload(data: bytes) -> Callable[[], requests.Response]:
            return lambda: self.api.post(f"{self.url}{ics}", files={"file": ("h.ics", data, "text/calendar")})

        base_ics = self.timed(upload(ics_file(3)))
        from calendars.ics import MAX_ICS_BYTES

        padded = ics_file(480, padding=(MAX_ICS_BYTES - len(ics_file(480))) // 480 - 20)
        for what, data in (
            (f"{len(padded) // 1024} KB .ics, 480 events (the byte limit)", padded),
            ("60,000 events", ics_file(60_000)),
            ("30 MB .ics", ics_file(1, padding=30_000_000)),
        ):
            self.row(
                f".ics import: {what}",
                f"{len(data) // 1024} KB",
                self.timed(upload(data)),
                base_ics,
                REQUEST_TARGET_MS,
            )

        for path, params in (
            ("preview/", {"at": "9000-12-31T23:00:00+00:00"}),
            ("transitions/", {"start": "8999-01-01T00:00:00+00:00", "days": 366}),
            ("holidays.ics", {}),
        ):
            base = self.timed(
                lambda p=path, q=params: self.api.get(f"{self.url}{api}{base_pk}/{p}", params=q)
            )
            self.row(
                f"GET {path} {params or ''}".strip(),
                "",
                self.timed(lambda p=path, q=params: self.api.get(f"{self.url}{api}{worst_pk}/{p}", params=q)),
                base,
                REQUEST_TARGET_MS,
            )
        self.pages(base_pk, worst_pk)
        self.ivr_answers()
        return self.report()

    def pages(self, base_pk: int, worst_pk: int) -> None:
        page = requests.Session()
        login = page.get(f"{self.url}/login/")
        token = page.cookies.get("csrftoken") or ""
        done = page.post(
            f"{self.url}/login/",
            data={"username": "sup", "password": "sup-bench-pw", "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.url}/login/"},
        )
        assert login.ok, login.status_code
        assert done.ok, done.status_code
        for section in ("holidays/", "special-days/", "hours/", ""):
            base = self.timed(lambda s=section: page.get(f"{self.url}/calendars/{base_pk}/{s}"))
            size = len(page.get(f"{self.url}/calendars/{worst_pk}/{section}").content)
            self.row(
                f"page /calendars/<worst>/{section}",
                f"{size // 1024} KB",
                self.timed(lambda s=section: page.get(f"{self.url}/calendars/{worst_pk}/{s}")),
                base,
                REQUEST_TARGET_MS,
            )

    def ivr_answers(self) -> None:
        status = f"{self.url}/ivr/v1/calendars/{{}}/status"
        for _ in range(16):  # each worker checks the IVR password once, then caches it (issue 9's auth part)
            self.ivr.get(status.format("Baseline"))
        for name in ("Baseline", "Worst"):  # the first answer of each worker compiles the calendar
            for _ in range(16):
                self.ivr.get(status.format(name))
        years = [2026, 2027, 1900, 2500, 4000, 8999, 9000, 3000, 7777, 1999]
        for fmt in ("json", "xml"):
            # Worst and baseline alternate, so the machine's other load falls on both alike.
            for what, params in (
                (
                    f"a new year each ({len(years)} years)",
                    [{"at": f"{y}-06-15T12:00:00+00:00"} for y in years],
                ),
                ("now (50 answers)", [{}] * 50),
            ):
                worst, base = [], []
                for extra in params:
                    for name, into in (("Worst", worst), ("Baseline", base)):
                        query = {**extra, "format": fmt}
                        into.append(
                            self.timed(lambda n=name, q=query: self.ivr.get(status.format(n), params=q), 1)
                        )
                self.row(
                    f"IVR status ({fmt}), {what}",
                    "",
                    max(worst, key=lambda r: r[1]),
                    max(base, key=lambda r: r[1]),
                    IVR_TARGET_MS,
                )
                self.ivr_ms.append((f"{fmt}, {what}", [ms for _, ms in worst], [ms for _, ms in base]))

    def report(self) -> int:
        print()
        print("| request | input | status | worst ms | baseline ms | target ms |")
        print("|---|---:|---:|---:|---:|---:|")
        for what, size, status, ms, base, target in self.rows:
            print(f"| {what} | {size} | {status} | {ms:,.0f} | {base:,.0f} | {target:,.0f} |")
        print()
        print("| IVR answers | worst p50 ms | worst p90 ms | baseline p50 ms | baseline p90 ms |")
        print("|---|---:|---:|---:|---:|")
        for what, worst, base in self.ivr_ms:
            q = [statistics.quantiles(values, n=10, method="inclusive") for values in (worst, base)]
            medians = statistics.median(worst), statistics.median(base)
            print(f"| {what} | {medians[0]:.1f} | {q[0][8]:.1f} | {medians[1]:.1f} | {q[1][8]:.1f} |")
        print()
        if self.failures:
            print("MISSED:\n  " + "\n  ".join(self.failures))
            return 1
        print(
            f"Every request under {REQUEST_TARGET_MS:.0f} ms, "
            f"every IVR answer under {IVR_TARGET_MS:.0f} ms, no 5xx."
        )
        return 0
