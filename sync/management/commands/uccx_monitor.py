"""`manage.py uccx_monitor`: keeps the cached UCCX cluster state current and logs its transitions."""

import logging
import signal
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from sync.cluster import ClusterState, refresh_cluster_state

log = logging.getLogger("sync.uccx_monitor")


def describe(state: ClusterState) -> str:
    """One line per node, e.g. `node A http://ccx-a: reachable, master, 4.1 ms`."""
    lines = [f"UCCX cluster: {state.mode} ({'writable' if state.writable else 'not writable'})"]
    if state.mode == "credentials_refused":
        lines[0] += (
            ": UCCX refuses our credentials (check UCCX_USERNAME, UCCX_PASSWORD and the account's role)"
        )
    for node in state.nodes:
        facts = ["reachable" if node.reachable else "unreachable"]
        facts += ["credentials refused"] if node.credentials_refused else []
        facts += ["master"] if node.master else []
        facts += ["read-only"] if node.read_only else []
        facts += [f"{node.latency_ms:g} ms"] if node.latency_ms is not None else []
        facts += [node.error] if node.error else []
        lines.append(f"  node {node.name} {node.url}: {', '.join(facts)}")
    return "\n".join(lines)


def _transition_key(state: ClusterState) -> str:
    """What counts as a change worth logging: the mode and each node's flags, not its latency."""
    nodes = ",".join(
        f"{n.name}:{n.reachable:d}{n.master:d}{n.read_only:d}{n.credentials_refused:d}" for n in state.nodes
    )
    return f"{state.mode}|{nodes}"


class Command(BaseCommand):
    help = "Probe the UCCX nodes every UCCX_MONITOR_INTERVAL seconds and store the cluster state."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="probe once, print the state and exit")

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        if once:
            self.stdout.write(describe(refresh_cluster_state()))
            return
        stop = threading.Event()

        def request_stop(signum: int, frame: Any) -> None:
            log.info("UCCX monitor stopping (%s)", signal.Signals(signum).name)
            stop.set()

        previous_handlers = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._loop(stop, settings.UCCX_MONITOR_INTERVAL)
        finally:
            for sig, handler in previous_handlers.items():
                signal.signal(sig, handler)

    def _loop(self, stop: threading.Event, interval: float) -> None:
        log.info("UCCX monitor started, probing every %g s", interval)
        last_seen = ""
        while not stop.is_set():
            started = time.monotonic()
            try:
                state = refresh_cluster_state()
            except Exception:  # e.g. the cache (Redis) is down: keep trying, the next round may work
                log.exception("UCCX monitor: could not refresh the cluster state")
            else:
                seen = _transition_key(state)
                if seen != last_seen:
                    log.log(logging.INFO if state.writable else logging.WARNING, "%s", describe(state))
                    last_seen = seen
            stop.wait(max(0.0, interval - (time.monotonic() - started)))
        log.info("UCCX monitor stopped")
