"""REST client for Cisco UCCX's Configuration API (adminapi) with two-node failover. No Django here."""

from uccx_client.client import UccxClient
from uccx_client.cluster import NodeState
from uccx_client.errors import (
    UccxAuthError,
    UccxConflictError,
    UccxError,
    UccxNotFoundError,
    UccxReadOnlyError,
    UccxResponseError,
    UccxUnavailableError,
    UccxValidationError,
)

__all__ = [
    "NodeState",
    "UccxAuthError",
    "UccxClient",
    "UccxConflictError",
    "UccxError",
    "UccxNotFoundError",
    "UccxReadOnlyError",
    "UccxResponseError",
    "UccxUnavailableError",
    "UccxValidationError",
]
