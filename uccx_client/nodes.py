"""The UCCX nodes as the client sees them: their URLs, TLS setting, pooled session and learnt health.

`NodeState` is what a probe reports about a node (the status page, the cluster check).
"""

import logging
import os
import time
import warnings
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import certifi
import requests
import urllib3

log = logging.getLogger("uccx_client")


@dataclass(frozen=True)
class NodeState:
    """What one probe found out about a node."""

    name: str
    url: str
    reachable: bool
    master: bool
    read_only: bool
    latency_ms: float | None
    checked_at: datetime
    error: str = ""
    credentials_refused: bool = False  # it answered 401/403: the configured account is not accepted


class Node:
    """One UCCX node: its pooled HTTP session and what the client has learnt about its health."""

    def __init__(self, name: str, url: str, session: requests.Session) -> None:
        self.name = name
        self.url = url
        self.session = session
        self.unhealthy_until = 0.0  # monotonic; until then reads try this node last
        self.read_only_until = 0.0  # monotonic; a write was refused as read-only recently


@dataclass(frozen=True)
class Answer:
    node: Node
    response: requests.Response
    body: Any  # decoded JSON, or None


def tls_verify(verify: bool | str) -> bool | str:
    """What to pass as `verify` on every request so that the configured value wins over the environment:
    False (no check), a CA bundle path, or, for True, the CA bundle requests ships (certifi), never the one
    REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE name. To trust a UCCX's own or a company CA, give its file."""
    if verify is False:
        log.warning("UCCX TLS certificates are NOT verified (UCCX_VERIFY_TLS=false).")
        # Configured on purpose: one log line says so, not a warning on every request.
        warnings.filterwarnings("ignore", category=urllib3.exceptions.InsecureRequestWarning)
        return False
    if verify is True:
        return certifi.where()
    if not isinstance(verify, str) or not os.path.isfile(verify):
        raise ValueError("UCCX TLS verification must be True, False or the path of a CA bundle file.")
    return verify


def ms_since(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def base_url(url: str, name: str) -> str:
    """The node URL without a trailing slash; credentials in the URL are refused (they would leak)."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"UCCX node {name} URL must look like https://host[:port].")
    if parts.username or parts.password:
        raise ValueError(
            f"UCCX node {name} URL must not contain credentials; give username/password instead."
        )
    if parts.query or parts.fragment:
        raise ValueError(f"UCCX node {name} URL must not have a query or fragment.")
    return url
