"""Client for the UCCX Configuration REST API (adminapi) of a one- or two-node cluster, with failover.

`UccxClient` joins the transport (uccx_client.transport: routing, failover, typed errors) with the
operations on each UCCX resource, one module per resource.
"""

from uccx_client.applications import ApplicationOperations
from uccx_client.calendars import CalendarOperations
from uccx_client.cluster import ClusterStatus
from uccx_client.repository import RepositoryFileOperations
from uccx_client.teams import TeamOperations


class UccxClient(
    CalendarOperations, RepositoryFileOperations, ApplicationOperations, TeamOperations, ClusterStatus
):
    """Talks to UCCX node A (primary) and, if given, node B (secondary)."""
