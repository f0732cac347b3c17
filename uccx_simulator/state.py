"""Cluster behaviour switches (node modes, cluster mode, master, ambiguity) and the request log."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

NODES = ("A", "B")
NODE_MODES = ("up", "down", "failing")
CLUSTER_MODES = ("normal", "read_only", "island")
MAX_RECORDED_BODY = 64 * 1024


@dataclass(frozen=True)
class RecordedRequest:
    """One request as it reached a node. `status` is None and `dropped` True when no answer was sent."""

    node: str
    method: str
    path: str
    query: str
    status: int | None
    body: bytes
    at: dt.datetime
    dropped: bool = False

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["body"] = self.body.decode("utf-8", errors="replace")
        data["at"] = self.at.isoformat()
        return data


@dataclass
class NodeSettings:
    mode: str = "up"
    latency: float = 0.0


def check_choice(value: Any, choices: tuple[str, ...], what: str) -> str:
    if value not in choices:
        raise ValueError(f"{what} must be one of {', '.join(choices)} (got {value!r}).")
    return value


def check_seconds(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{what} must be a number of seconds >= 0 (got {value!r}).")
    return float(value)


@dataclass
class SimState:
    """Mutable switches read by every request; guarded by one lock."""

    quirks: bool = True
    nodes: dict[str, NodeSettings] = field(default_factory=lambda: {node: NodeSettings() for node in NODES})
    cluster: str = "normal"
    master: str = "A"
    ambiguous: bool = False
    write_latency: float = 0.0
    # Real UCCX commits configuration to both nodes' datastores, so with one node down the other refuses
    # writes — unless an administrator disabled the unreachable peer's Config Datastore (SVC1251).
    peer_cds_disabled: bool = False
    requests: list[RecordedRequest] = field(default_factory=list)
    # Set while a node is down, so requests sleeping on latency there give up at once.
    down_events: dict[str, threading.Event] = field(
        default_factory=lambda: {node: threading.Event() for node in NODES}
    )
    # Bumped by reset(): requests still running from before the reset are not logged.
    generation: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def is_master(self, node: str) -> bool:
        """Island: every node claims mastership. Otherwise the chosen master, or its peer while it is down."""
        with self.lock:
            if self.cluster == "island":
                return True
            master = self.master
            if self.nodes[master].mode == "down":
                master = next(other for other in NODES if other != master)
            return node == master

    def set_node(self, node: str, mode: str, latency: float) -> None:
        with self.lock:
            self.nodes[node] = NodeSettings(mode, latency)
            if mode == "down":
                self.down_events[node].set()
            else:
                self.down_events[node].clear()

    def record(self, request: RecordedRequest, generation: int) -> None:
        with self.lock:
            if generation == self.generation:
                self.requests.append(request)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "nodes": {
                    name: {"mode": node.mode, "latency": node.latency, "master": self.is_master(name)}
                    for name, node in self.nodes.items()
                },
                "cluster": self.cluster,
                "master": self.master,
                "ambiguous": self.ambiguous,
                "write_latency": self.write_latency,
                "peer_cds_disabled": self.peer_cds_disabled,
                "quirks": self.quirks,
            }
