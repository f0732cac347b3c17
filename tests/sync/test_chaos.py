"""Chaos: hundreds of seeded random edits through the real web API, a real Celery worker and the UCCX
simulator, while a nemesis takes nodes down, makes UCCX read-only or an island, fails and slows it, loses
write answers, SIGKILLs the worker mid-write and restarts Redis. After healing and draining:

- UCCX holds exactly the app's last acknowledged state of every object (deleted ones gone);
- no acknowledged change is lost and none failed;
- per object, the writes that reached UCCX never go back to an older version;
- no object was created twice, and no drift was invented out of our own lost writes.

CHAOS_SEED replays one run (the seed is printed), CHAOS_EDITS sets its size (default 300, about a minute).
`python -m bench.chaos --seeds 20 --edits 1000` runs many.
"""

import contextlib
import json
import os
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from django.utils import timezone
from rest_framework.authtoken.models import Token

import uccx_simulator.store
from bench.stack import RedisServer, Stack, wait_for
from sync.models import Drift, OutboxChange, SyncObject
from tests.syncprobe.models import ProbeCalendar
from uccx_simulator import Simulator

from .conftest import make_user

pytestmark = [
    pytest.mark.chaos,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not RedisServer.available(), reason="redis-server is not on PATH (the nemesis restarts a private one)"
    ),
]

MAX_LIVE = 25  # live objects at a time (deleted ones may wait in the queue meanwhile)
UCCX_TIMEOUT = 2.0


@dataclass
class Run:
    seed: int
    edits: int
    rng: random.Random
    sim: Simulator
    stack: Stack
    api: requests.Session
    live: list[int] = field(default_factory=list)  # probe ids, in creation order
    acked: dict[int, tuple[str, int]] = field(
        default_factory=dict
    )  # id -> (name, version); version 0 = deleted
    answers: Counter[str] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)
    healing: list[tuple[int, str, Callable[[], None]]] = field(default_factory=list)  # (at edit, slot, heal)
    counter: int = 0

    def replay_hint(self) -> str:
        return f"replay with CHAOS_SEED={self.seed} CHAOS_EDITS={self.edits}"

    # --- supervisor edits through the web API --------------------------------------------------------
    def call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        answer = self.api.request(method, self.stack.web_url + path, timeout=60, **kwargs)
        assert answer.status_code in (200, 201, 202), (
            f"{method} {path} answered {answer.status_code}: {answer.text[:500]} ({self.replay_hint()}); "
            f"{len(self.sim.calendars)} calendars in UCCX, {len(self.live)} live objects, "
            f"{OutboxChange.objects.filter(state='queued').count()} changes queued"
        )
        body = answer.json()
        assert body["sync"]["state"] in ("applied", "queued"), f"{body} ({self.replay_hint()})"
        self.answers[f"{answer.status_code} {body['sync']['state']}"] += 1
        return body

    def edit(self) -> None:
        roll = self.rng.random()
        if len(self.live) < 5 or (roll < 0.25 and len(self.live) < MAX_LIVE):
            self.counter += 1
            name = f"chaos-{self.seed % 10000}-{self.counter}"
            body = self.call("POST", "/probe-api/calendars/", json={"name": name})
            self.live.append(body["id"])
            self.acked[body["id"]] = (name, body["version"])
        elif roll < 0.40:
            probe_id = self.live.pop(self.rng.randrange(len(self.live)))
            self.call("DELETE", f"/probe-api/calendars/{probe_id}/")
            self.acked[probe_id] = (self.acked[probe_id][0], 0)
        else:
            probe_id = self.live[self.rng.randrange(len(self.live))]
            body = self.call("PATCH", f"/probe-api/calendars/{probe_id}/")
            self.acked[probe_id] = (body["name"], body["version"])

    # --- the nemesis -----------------------------------------------------------------------------------
    def busy(self, slot: str) -> bool:
        return any(s == slot or "all" in (s, slot) for _, s, _ in self.healing)

    def later(self, step: int, slot: str, heal: Callable[[], None]) -> None:
        self.healing.append((step + self.rng.randint(3, 25), slot, heal))

    def strike(self, step: int) -> None:
        node = self.rng.choice("AB")
        fault = self.rng.choice(
            [
                "node_down",
                "both_down",
                "failing",
                "read_only",
                "island",
                "latency",
                "ambiguous",
                "master",
                "kill_worker",
                "restart_redis",
            ]
        )
        sim = self.sim
        if fault in ("node_down", "failing", "latency") and not self.busy(node):
            if fault == "latency":
                sim.set_node(node, "up", latency=self.rng.uniform(0.05, 0.4))  # well below the client timeout
            else:
                sim.set_node(node, "down" if fault == "node_down" else "failing")
            self.later(step, node, lambda: sim.set_node(node, "up"))
        elif fault == "both_down" and not (self.busy("A") or self.busy("B")):
            sim.set_node("A", "down")
            sim.set_node("B", "down")
            self.later(step, "all", lambda: (sim.set_node("A", "up"), sim.set_node("B", "up")))
        elif fault in ("read_only", "island") and not self.busy("cluster"):
            sim.set_cluster(fault)
            self.later(step, "cluster", lambda: sim.set_cluster("normal"))
        elif fault == "ambiguous" and not self.busy("ambiguous"):
            sim.set_ambiguous(True)
            self.later(step, "ambiguous", lambda: sim.set_ambiguous(False))
        elif fault == "master" and not self.busy("master"):
            sim.set_master("B")
            self.later(step, "master", lambda: sim.set_master("A"))
        elif fault == "kill_worker" and self.faults["kill_worker"] < max(2, self.edits // 100):
            self.kill_worker_mid_write()
        elif fault == "restart_redis" and self.faults["restart_redis"] < max(2, self.edits // 100):
            self.stack.redis.restart(down_for=self.rng.uniform(0.1, 1.0))
        else:
            return
        self.faults[fault] += 1

    def kill_worker_mid_write(self) -> None:
        """Slow UCCX's writes, let the worker start replaying, SIGKILL it during a write, restart it."""
        sim = self.sim
        sim.set_write_latency(0.5)
        try:
            if SyncObject.objects.filter(pending_since__isnull=False).update(next_attempt_at=timezone.now()):
                with contextlib.suppress(TimeoutError):
                    wait_for(lambda: sim.in_flight("A") + sim.in_flight("B"), 3, "a write", interval=0.01)
                    self.faults["kill_during_a_request"] += 1
            self.stack.worker.kill()
        finally:
            sim.set_write_latency(0)
        self.stack.worker.start()

    def supervise(self) -> None:
        """Restart a worker that died by itself, as systemd would (Celery 5.7's worker may exit when
        Redis vanishes under it: "Unrecoverable error: AttributeError ... 'hostname'")."""
        if not self.stack.worker.alive:
            self.faults["worker_exited_restarted"] += 1
            self.stack.worker.start()

    def heal_due(self, step: int) -> None:
        for entry in [e for e in self.healing if e[0] <= step]:
            self.healing.remove(entry)
            entry[2]()

    def heal_all(self) -> None:
        for _, _, heal in self.healing:
            heal()
        self.healing.clear()
        self.sim.set_write_latency(0)
        if not self.stack.redis.ping():
            self.stack.redis.start()
        self.supervise()


@pytest.fixture
def stack(uccx: Simulator, app_stack: Callable[..., Stack]) -> Stack:
    return app_stack(
        UCCX_TIMEOUT=str(UCCX_TIMEOUT),
        SYNC_SWEEP_SECONDS="5",
        SYNC_BACKOFF_CAP="2",
        SYNC_DRAIN_CONCURRENCY="2",
    )


def written_versions(sim: Simulator) -> tuple[dict[str, list[int]], Counter[str]]:
    """Per calendar name, the versions of the writes UCCX applied, in order; and the creates per name."""
    versions: dict[str, list[int]] = defaultdict(list)
    creates: Counter[str] = Counter()
    for request in sim.requests:
        applied = request.status is not None and request.status < 300
        if not (
            applied and request.path.startswith("/adminapi/calendar") and request.method in ("POST", "PUT")
        ):
            continue
        body = json.loads(request.body)
        versions[body["name"]].append(int(body["description"].removeprefix("v")))
        if request.method == "POST":
            creates[body["name"]] += 1
    return versions, creates


def test_nothing_acknowledged_is_lost_under_chaos(uccx: Simulator, stack: Stack, monkeypatch: Any) -> None:
    # UCCX stops at 50 calendars. With UCCX away most of the time, deleted objects wait in the queue while
    # new ones keep coming: the run is about the outbox, not that limit.
    monkeypatch.setattr(uccx_simulator.store, "MAX_CALENDARS", 10_000)
    seed = int(os.environ.get("CHAOS_SEED") or random.SystemRandom().randrange(2**32))
    edits = int(os.environ.get("CHAOS_EDITS", "300"))
    print(f"chaos: CHAOS_SEED={seed} CHAOS_EDITS={edits}", flush=True)
    user = make_user("chaos-admin", "Administrator", is_staff=True)
    api = requests.Session()
    api.headers["Authorization"] = f"Token {Token.objects.create(user=user).key}"
    run = Run(seed, edits, random.Random(seed), uccx, stack, api)
    started = time.monotonic()

    for step in range(edits):
        run.heal_due(step)
        if run.rng.random() < 0.08:
            run.strike(step)
        run.edit()
        run.supervise()
    edits_done = time.monotonic()
    run.heal_all()
    try:
        wait_for(
            lambda: not OutboxChange.objects.filter(state="queued").exists(),
            120,
            "the queue to drain",
            interval=0.2,
        )
    except TimeoutError:
        pytest.fail(f"The queue did not drain after healing ({run.replay_hint()}).\n{stack.logs()}")
    drained = time.monotonic()

    hint = run.replay_hint()
    repaired = stack.worker.search_log(r"had queued changes but was not marked pending")
    assert repaired is None, f"a queued change went unnoticed until the sweep repaired it ({hint})"
    assert not OutboxChange.objects.filter(state="failed").exists(), (
        f"{list(OutboxChange.objects.filter(state='failed').values_list('pk', 'last_error'))} ({hint})"
    )
    in_uccx = {cal["name"]: cal["description"] for cal in uccx.calendars.values()}
    expected = {name: f"v{version}" for name, version in run.acked.values() if version}
    assert in_uccx == expected, f"UCCX differs from the last acknowledged state ({hint})"
    local = {p.name: f"v{p.version}" for p in ProbeCalendar.objects.all()}
    assert local == expected, f"the app lost an acknowledged change ({hint})"
    versions, creates = written_versions(uccx)
    backwards = {name: seq for name, seq in versions.items() if seq != sorted(seq)}
    assert not backwards, f"writes went back to older versions: {backwards} ({hint})"
    duplicates = {name: count for name, count in creates.items() if count > 1}
    assert not duplicates, f"created more than once: {duplicates} ({hint})"
    assert not Drift.objects.exists(), (
        f"drift invented from our own writes: {list(Drift.objects.values())} ({hint})"
    )

    summary = {
        "seed": seed,
        "edits": edits,
        "objects": len(run.acked),
        "faults": dict(run.faults),
        "answers": dict(run.answers),
        "uccx_writes": sum(len(v) for v in versions.values()),
        "edit_seconds": round(edits_done - started, 1),
        "drain_seconds": round(drained - edits_done, 1),
        "worker_starts": stack.worker.starts,
    }
    print(f"chaos summary: {json.dumps(summary)}", flush=True)
