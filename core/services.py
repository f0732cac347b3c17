"""Rules and writes of the core app: who may assign which team, and the login audit (the team sync from
UCCX is sync.teams)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core.errors import FieldError
from core.models import LoginEvent, Team
from core.rules import is_administrator
from core.selectors import editable_teams


def login_event_record(
    *, kind: str, username: str, request: HttpRequest | None = None, user: Any = None
) -> LoginEvent:
    """Store one sign-in event; the password is never part of it."""
    meta = request.META if request is not None else {}
    return LoginEvent.objects.create(
        kind=kind,
        username=(username or "")[:150],
        user=user if user is not None and user.pk else None,
        ip_address=meta.get("REMOTE_ADDR") or None,
        user_agent=str(meta.get("HTTP_USER_AGENT", ""))[:300],
    )


def team_assignment_errors(
    actor: Any, team: Team | None, *, existing: Any = None, what: str = "object"
) -> list[FieldError]:
    """The one rule on a team-owned object's `team`, checked by every app's services: a supervisor assigns
    only a team they supervise, "everyone" (no team) is for administrators. `existing` is the object being
    changed (None: a new one): keeping its team is always allowed. No actor (a task, the demo): no rule."""
    if actor is None or (existing is not None and team == existing.team):
        return []
    if team is None:
        if is_administrator(actor):
            return []
        return [
            FieldError("team", f"Choose one of your teams; only administrators share a {what} with everyone.")
        ]
    if not editable_teams(actor).filter(pk=team.pk).exists():
        return [FieldError("team", f"You do not supervise team {team.name}.")]
    return []
