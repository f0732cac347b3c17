"""A two-node Cisco UCCX adminapi simulator (stdlib only) for tests, benchmarks and the demo."""

from .server import Simulator
from .state import RecordedRequest

__all__ = ["RecordedRequest", "Simulator"]
