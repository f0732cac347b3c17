"""Teams on a simulated node: `/adminapi/team`, spelt as real UCCX spells them."""

from __future__ import annotations

from typing import Any

from .errors import bad_request
from .pipeline import Call, NodePipeline
from .representation import parse_body
from .transport import Response


class TeamHandlers(NodePipeline):
    """The node's team handlers."""

    def _team_out(self, call: Call, team: dict[str, Any]) -> dict[str, Any]:
        """As real UCCX spells it (Cisco's team sample): `teamname`, `secondrySupervisor`, no resources."""
        return {
            "self": f"{call.base}/adminapi/team/{team['teamId']}",
            "teamId": team["teamId"],
            "teamname": team["teamName"],
            "primarySupervisor": (
                self._pair(call, "resource", team["primarySupervisor"]) if team["primarySupervisor"] else None
            ),
            "secondarySupervisors": {
                "secondrySupervisor": [
                    self._pair(call, "resource", user) for user in team["secondarySupervisors"]
                ]
            },
            "csqs": {"csq": [self._pair(call, "csq", csq) for csq in team.get("csqs", [])]},
            "acdBusyOnNonAcdBusy": team.get("acdBusyOnNonAcdBusy", False),
            "nonAcdBusyOverride": team.get("nonAcdBusyOverride", False),
        }

    def create_team(self, call: Call) -> Response:
        body = parse_body(call.request.body, call.request.headers.get("Content-Type"), "team")
        return self._created(f"{call.base}/adminapi/team/{self.store.create_team(body)}")

    def list_teams(self, call: Call) -> Response:
        return self._render(
            call.fmt, "teams", {"team": [self._team_out(call, team) for team in self.store.list_teams()]}
        )

    def get_team(self, call: Call, team_id: str) -> Response:
        if not team_id.isdigit():
            raise bad_request([(team_id, f"Invalid team id {team_id!r}: it must be a number.")])
        return self._render(call.fmt, "team", self._team_out(call, self.store.get_team(int(team_id))))
