"""Fixtures of the calendar tests: the app pointed at the simulator, two teams and one account per role."""

from __future__ import annotations

from typing import Any

import pytest

from core.models import Team
from tests.core.helpers import make_user
from uccx_simulator import Simulator


@pytest.fixture
def uccx(uccx_settings: Any, uccx_sim: Simulator) -> Simulator:
    """The reset simulator, with the app's settings (client, cache) pointed at it for this test alone."""
    return uccx_sim


@pytest.fixture
def team_x(db: Any) -> Team:
    return Team.objects.create(uccx_id=1, name="Support")


@pytest.fixture
def team_y(db: Any) -> Team:
    return Team.objects.create(uccx_id=2, name="Sales")


@pytest.fixture
def accounts(team_x: Team, team_y: Team) -> dict[str, Any]:
    """viewer, supervisor_x, supervisor_y, admin, ivr (password: `<username>-pw`)."""
    return {
        "viewer": make_user("viewer", "Viewer"),
        "supervisor_x": make_user("sup_x", "Supervisor", teams=(team_x,)),
        "supervisor_y": make_user("sup_y", "Supervisor", teams=(team_y,)),
        "admin": make_user("admin", "Administrator"),
        "ivr": make_user("ivr", "IVR"),
    }
