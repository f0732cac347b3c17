"""The two-node simulator: node listeners, the control API and the Python switches that drive them."""

from __future__ import annotations

import copy
import json
import re
import threading
from typing import Any

from .app import NodeApi
from .errors import ApiError
from .seed import seed_demo
from .state import (
    CLUSTER_MODES,
    NODE_MODES,
    NODES,
    RecordedRequest,
    SimState,
    check_choice,
    check_seconds,
)
from .store import ConfigStore, split_path
from .tls import Certificate, self_signed
from .transport import Listener, Request, Response


class Simulator:
    """A two-node UCCX cluster on local sockets; see INTERFACES.md ("Simulator")."""

    def __init__(
        self,
        username: str = "administrator",
        password: str = "ciscopsdt",
        host: str = "127.0.0.1",
        ports: dict[str, int] | None = None,
        quirks: bool = True,
        https: bool | Certificate = False,
    ) -> None:
        """`https`: the nodes speak HTTPS with a self-signed certificate generated now (True) or the one
        given; `certificate.certfile` is then the CA file that trusts them. The control API stays HTTP."""
        ports = {"A": 0, "B": 0, "control": 0, **(ports or {})}
        self.host = host
        self.certificate: Certificate | None = (
            https if isinstance(https, Certificate) else self_signed(_cert_hosts(host)) if https else None
        )
        self.scheme = "https" if self.certificate else "http"
        tls = self.certificate.server_context() if self.certificate else None
        self.store = ConfigStore()
        self.state = SimState(quirks=quirks)
        self._default_quirks = quirks
        self._lock = threading.RLock()
        self._started = False
        self._listeners = {
            node: Listener(
                host, ports[node], NodeApi(node, self.store, self.state, username, password, self.scheme), tls
            )
            for node in NODES
        }
        self._control = Listener(host, ports["control"], ControlApi(self))

    # Life cycle -------------------------------------------------------------------------------------

    def start(self) -> Simulator:
        with self._lock:
            self._control.start()
            for node, listener in self._listeners.items():
                if self.state.nodes[node].mode != "down":
                    listener.start()
            self._started = True
        return self

    def stop(self) -> None:
        with self._lock:
            self._started = False
            for listener in (*self._listeners.values(), self._control):
                listener.stop()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _base(self, port: int, scheme: str = "http") -> str:
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host
        return f"{scheme}://{host}:{port}"

    def url(self, node: str) -> str:
        return self._base(self._listeners[check_choice(node, NODES, "node")].port, self.scheme)

    def in_flight(self, node: str) -> int:
        """Requests a node is serving right now (e.g. to take it down while one waits on latency)."""
        return self._listeners[check_choice(node, NODES, "node")].connections

    @property
    def control_url(self) -> str:
        return self._base(self._control.port)

    # Switches ---------------------------------------------------------------------------------------

    def set_node(self, node: str, mode: str, latency: float = 0.0) -> None:
        """up / down (listener closed: connections refused) / failing (500 apiErrors); latency in seconds."""
        check_choice(node, NODES, "node")
        check_choice(mode, NODE_MODES, "mode")
        latency = check_seconds(latency, "latency")
        with self._lock:
            self.state.set_node(node, mode, latency)
            if self._started:
                if mode == "down":
                    self._listeners[node].stop()
                else:
                    self._listeners[node].start()

    def set_cluster(self, mode: str) -> None:
        with self.state.lock:
            self.state.cluster = check_choice(mode, CLUSTER_MODES, "cluster mode")

    def set_peer_cds_disabled(self, disabled: bool) -> None:
        """While on, a node whose peer is down still takes writes (the admin disabled the peer's CDS)."""
        with self.state.lock:
            self.state.peer_cds_disabled = bool(disabled)

    def set_master(self, node: str) -> None:
        with self.state.lock:
            self.state.master = check_choice(node, NODES, "master")

    def set_ambiguous(self, enabled: bool) -> None:
        """While on, every write is processed and then its connection is closed without an answer."""
        with self.state.lock:
            self.state.ambiguous = bool(enabled)

    def set_write_latency(self, seconds: float) -> None:
        with self.state.lock:
            self.state.write_latency = check_seconds(seconds, "write latency")

    def set_quirks(self, enabled: bool) -> None:
        """Jersey JSON quirks (single-element lists as bare objects, empty lists omitted) on or off."""
        with self.state.lock:
            self.state.quirks = bool(enabled)

    def reset(self) -> None:
        """Empty store, all nodes up without latency, normal cluster, master A, request log cleared."""
        self.store.reset()
        with self.state.lock:
            self.state.cluster, self.state.master = "normal", "A"
            self.state.ambiguous, self.state.write_latency = False, 0.0
            self.state.peer_cds_disabled = False
            self.state.quirks = self._default_quirks
            self.state.requests.clear()
            self.state.generation += 1
        for node in NODES:
            self.set_node(node, "up")

    def wipe(self) -> None:
        """Empty the configuration only (nodes, cluster and request log as they are): UCCX restored from an
        empty backup, or restarted, behind the app's back."""
        self.store.reset()

    # Data -------------------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self.state.lock:
            return list(self.state.requests)

    def clear_requests(self) -> None:
        with self.state.lock:
            self.state.requests.clear()

    @property
    def calendars(self) -> dict[int, dict[str, Any]]:
        """A snapshot of the stored calendars: calId -> calendar dict."""
        with self.store.lock:
            return copy.deepcopy(self.store.calendars)

    @property
    def applications(self) -> dict[str, dict[str, Any]]:
        with self.store.lock:
            return copy.deepcopy(self.store.applications)

    @property
    def teams(self) -> dict[int, dict[str, Any]]:
        with self.store.lock:
            return copy.deepcopy(self.store.teams)

    @property
    def prompts(self) -> dict[str, bytes]:
        """Stored prompt files: "en_US/x.wav" -> bytes."""
        return self.store.files("prompt")

    @property
    def documents(self) -> dict[str, bytes]:
        return self.store.files("document")

    def add_team(
        self,
        team_id: int,
        name: str,
        primary_supervisor: str,
        secondary_supervisors: list[str] | tuple[str, ...] = (),
        resources: list[str] | tuple[str, ...] = (),
    ) -> None:
        self.store.add_team(
            {
                "teamId": team_id,
                "teamName": name,
                "primarySupervisor": primary_supervisor,
                "secondarySupervisors": list(secondary_supervisors),
                "resources": list(resources),
            }
        )

    def add_application(self, application: dict[str, Any]) -> None:
        """Store an application as-is (the form GET returns, without `self`)."""
        self.store.add_application(application)

    def add_file(self, repository: str, path: str, data: bytes, modified_by: str = "administrator") -> None:
        """Put a prompt/document straight into a repository ("prompt", "en_US/x.wav"), bypassing the rules."""
        with self.store.lock:
            self.store.repository(repository).put(split_path(path), data, modified_by)

    def seed_demo(self) -> None:
        seed_demo(self.store)

    def describe(self) -> dict[str, Any]:
        state = self.state.snapshot()
        for node in NODES:
            state["nodes"][node]["url"] = self.url(node)
        with self.store.lock:
            state["counts"] = {
                "calendars": len(self.store.calendars),
                "applications": len(self.store.applications),
                "teams": len(self.store.teams),
                "prompts": len(self.prompts),
                "documents": len(self.documents),
                "requests": len(self.state.requests),
            }
        return state


def _cert_hosts(host: str) -> tuple[str, ...]:
    """The names a generated certificate covers: loopback, plus the listening host when it is specific."""
    extra = () if host in ("", "0.0.0.0", "127.0.0.1", "localhost") else (host,)
    return ("localhost", "127.0.0.1", *extra)


class ControlApi:
    """HTTP JSON mirror of the Python switches, for other processes and the demo."""

    _NODE = re.compile(r"/nodes/(?P<node>[^/]+)/?")

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim

    @staticmethod
    def _json(status: int, data: dict[str, Any]) -> Response:
        return Response(status, json.dumps(data).encode(), "application/json")

    def __call__(self, request: Request) -> Response:
        try:
            body = json.loads(request.body.decode("utf-8")) if request.body.strip() else {}
            if not isinstance(body, dict):
                raise ValueError("The request body must be a JSON object.")
            if self._dispatch(request.method, request.path.rstrip("/") or "/", body):
                return self._json(200, self.sim.describe())
        except (UnicodeDecodeError, ValueError) as exc:
            return self._json(400, {"error": str(exc)})
        except LookupError as exc:
            return self._json(404, {"error": str(exc)})
        except ApiError as exc:
            return self._json(exc.status, {"error": str(exc)})
        if request.path.rstrip("/") == "/requests":
            if request.method == "GET":
                return self._json(200, {"requests": [recorded.as_dict() for recorded in self.sim.requests]})
            if request.method == "DELETE":
                self.sim.clear_requests()
                return self._json(200, {"requests": []})
        return self._json(404, {"error": f"No control endpoint {request.method} {request.path}."})

    @staticmethod
    def _flag(body: dict[str, Any], key: str) -> bool:
        if not isinstance(body.get(key), bool):
            raise ValueError(f"{key} must be true or false.")
        return body[key]

    def _dispatch(self, method: str, path: str, body: dict[str, Any]) -> bool:
        """Apply a state-changing control call; True when the path was one (answered with the state)."""
        sim = self.sim
        node_match = self._NODE.fullmatch(path)
        if method == "GET" and path == "/state":
            return True
        if method != "POST":
            return False
        if node_match:
            node = node_match["node"]
            if node not in NODES:
                raise LookupError(f"Unknown node {node!r}: use A or B.")
            sim.set_node(node, body.get("mode", sim.state.nodes[node].mode), body.get("latency", 0.0))
            return True
        actions = {
            "/cluster": lambda: sim.set_cluster(body.get("mode")),
            "/master": lambda: sim.set_master(body.get("node")),
            "/ambiguous": lambda: sim.set_ambiguous(self._flag(body, "enabled")),
            "/write-latency": lambda: sim.set_write_latency(body.get("seconds")),
            "/quirks": lambda: sim.set_quirks(self._flag(body, "enabled")),
            "/peer-cds-disabled": lambda: sim.set_peer_cds_disabled(self._flag(body, "enabled")),
            "/reset": sim.reset,
            "/wipe": sim.wipe,
            "/seed-demo": sim.seed_demo,
        }
        if path not in actions:
            return False
        actions[path]()
        return True
