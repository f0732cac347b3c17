"""Fixtures of the callers tests: teams, one account per role, and lists of each kind."""

from __future__ import annotations

from typing import Any

import pytest

from callers.models import CallerList
from callers.services import ListData, caller_list_save
from core.models import Team
from tests.core.helpers import make_user


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


@pytest.fixture
def vip_list(team_x: Team) -> CallerList:
    data = ListData(name="VIP customers", kind="vip", order=10, team=team_x, priority=5, target="CSQ_VIP")
    return caller_list_save(caller_list=None, data=data, actor=None)


@pytest.fixture
def blocked_list(team_x: Team) -> CallerList:
    data = ListData(name="Blocked", kind="blocked", order=1, team=team_x, prompt="en_US/blocked.wav")
    return caller_list_save(caller_list=None, data=data, actor=None)
