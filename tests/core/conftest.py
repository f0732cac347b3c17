"""Two teams and one account per role: the cast of the permission matrix."""

from typing import Any

import pytest
from django.contrib.auth.base_user import AbstractBaseUser

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


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts real password verifications (the check itself still runs)."""
    calls: list[str] = []
    original = AbstractBaseUser.check_password

    def counting(user: Any, raw_password: str) -> bool:
        calls.append(user.username)
        return original(user, raw_password)

    monkeypatch.setattr(AbstractBaseUser, "check_password", counting)
    return calls
