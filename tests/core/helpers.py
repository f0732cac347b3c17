"""Accounts of each role for the frame's tests (also used by the browser tests)."""

import base64
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.models import Team


def make_user(username: str, role: str | None = None, teams: tuple[Team, ...] = (), **fields: Any) -> Any:
    """A user with password `<username>-pw`, the given role (an auth group made by the roles migration)."""
    user = get_user_model().objects.create_user(username=username, password=f"{username}-pw", **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    for team in teams:
        team.supervisors.add(user)
    return user


def basic(username: str, password: str) -> dict[str, str]:
    """The test client's keyword for an HTTP Basic `Authorization` header."""
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}
