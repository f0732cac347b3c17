"""A two-node Cisco UCCX adminapi simulator (standard library; `cryptography` for HTTPS certificates)."""

from .server import Simulator
from .state import RecordedRequest

__all__ = ["RecordedRequest", "Simulator"]
