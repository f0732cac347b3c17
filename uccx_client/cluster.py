"""The cluster's health as the status page and the cluster check see it: each node's probe, mastership."""

import time
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial

from uccx_client.errors import UccxAuthError, UccxError, UccxUnavailableError
from uccx_client.nodes import Node, NodeState, ms_since
from uccx_client.transport import Transport

_PROBE_PATH = "/adminapi/team"


class ClusterStatus(Transport):
    """Probes of the client's nodes."""

    def is_db_master(self, node_url: str) -> bool:
        """Whether the node at `node_url` (one of this client's nodes) holds database mastership."""
        wanted = node_url.strip().rstrip("/")
        node = next((node for node in self._nodes if node.url == wanted), None)
        if node is None:
            raise ValueError("is_db_master() takes the URL of one of the client's UCCX nodes.")
        return self._master_flag(node)

    def probe_nodes(self) -> list[NodeState]:
        """One cheap GET and one isDBMaster per node, all nodes in parallel."""
        probes = self._on_each_node(self._probe)
        island = sum(probe.master for probe in probes) > 1
        now = time.monotonic()
        return [
            replace(probe, read_only=(island and probe.master) or node.read_only_until > now)
            for node, probe in zip(self._nodes, probes, strict=True)
        ]

    def _probe(self, node: Node) -> NodeState:
        """The node's state; read_only is filled in by probe_nodes(), which sees every node."""
        state = partial(NodeState, node.name, node.url, read_only=False, checked_at=datetime.now(UTC))
        started = time.monotonic()
        try:
            self._exchange(node, "GET", _PROBE_PATH)
        except UccxUnavailableError as exc:
            return state(reachable=False, master=False, latency_ms=None, error=exc.message)
        except UccxAuthError as exc:  # it answered, but refused the account (credentials, capability)
            return state(
                reachable=True,
                master=False,
                latency_ms=ms_since(started),
                error=exc.message,
                credentials_refused=True,
            )
        except UccxError as exc:
            return state(reachable=True, master=False, latency_ms=ms_since(started), error=exc.message)
        latency_ms = ms_since(started)
        try:
            return state(reachable=True, master=self._master_flag(node), latency_ms=latency_ms)
        except UccxError as exc:
            return state(
                reachable=True, master=False, latency_ms=latency_ms, error=f"isDBMaster: {exc.message}"
            )
