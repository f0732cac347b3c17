"""Writes of the core app: the login audit (the team sync from UCCX is sync.teams)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core.models import LoginEvent


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
