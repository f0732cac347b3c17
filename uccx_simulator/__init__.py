"""A two-node Cisco UCCX adminapi simulator (standard library; `cryptography` only for an HTTPS certificate)."""

from .server import Simulator
from .state import RecordedRequest

__all__ = ["RecordedRequest", "Simulator"]
