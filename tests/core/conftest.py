"""Two teams and one account per role: the cast of the permission matrix."""

from typing import Any

import pytest

from core.models import Team

from .helpers import make_user


@pytest.fixture
def team_x(db: Any) -> Team:
    return Team.objects.create(uccx_id=1, name="Support")


@pytest.fixture
def team_y(db: Any) -> Team:
    return Team.objects.create(uccx_id=2, name="Sales")


@pytest.fixture
def accounts(team_x: Team, team_y: Team) -> dict[str, Any]:
    """anonymous (None), viewer, supervisor_x, supervisor_y, admin, ivr."""
    return {
        "anonymous": None,
        "viewer": make_user("viewer", "Viewer"),
        "supervisor_x": make_user("sup_x", "Supervisor", teams=(team_x,)),
        "supervisor_y": make_user("sup_y", "Supervisor", teams=(team_y,)),
        "admin": make_user("admin", "Administrator"),
        "ivr": make_user("ivr", "IVR"),
    }
