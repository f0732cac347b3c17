"""UCCX teams (`/adminapi/team`): read only."""

from uccx_client import shapes
from uccx_client.quirks import as_list
from uccx_client.transport import Transport, adminapi_path


class TeamOperations(Transport):
    """The client's team operations."""

    def list_teams(self) -> list[dict]:
        return [shapes.team(item) for item in as_list(self._read_json(adminapi_path("team")).get("team"))]

    def get_team(self, team_id: int) -> dict:
        return shapes.team(self._read_json(adminapi_path("team", team_id)))
