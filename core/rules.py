"""Who may do what: the one place for roles and object rules, used by pages, the REST API and admin.

Roles are auth groups (created by a migration). Team-owned objects carry `team` (a `core.Team`, or
null for "everyone"): Administrators see and change everything; Supervisors see their teams' objects
and the shared ones, and change only their teams' objects; Viewers see everything and change nothing;
IVR accounts use the IVR API only, no pages.

Domain models declare `rules_permissions = TEAM_SCOPED_PERMISSIONS` in their Meta (with
`rules.contrib.models.RulesModel`), so `user.has_perm("calendars.change_calendar", obj)` applies these rules.
"""

from __future__ import annotations

from typing import Any

import rules

ADMINISTRATOR = "Administrator"
SUPERVISOR = "Supervisor"
VIEWER = "Viewer"
IVR = "IVR"
ROLES = (ADMINISTRATOR, SUPERVISOR, VIEWER, IVR)

is_administrator = rules.is_superuser | rules.is_group_member(ADMINISTRATOR)
is_supervisor = rules.is_group_member(SUPERVISOR)
is_viewer = rules.is_group_member(VIEWER)
is_ivr = rules.is_group_member(IVR)


def team_of(obj: Any) -> Any:
    """The team an object belongs to: a Team is its own team; anything else carries `team`."""
    from core.models import Team

    return obj if isinstance(obj, Team) else obj.team


def supervised_team_ids(user: Any) -> frozenset[int]:
    """Ids of the teams the user supervises, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_supervised_team_ids", None)
    if cached is None:
        cached = frozenset(user.supervised_teams.values_list("pk", flat=True))
        user._supervised_team_ids = cached
    return cached


@rules.predicate
def in_supervised_team(user: Any, obj: Any = None) -> bool:
    """The object belongs to a team the user supervises (without an object: some object may)."""
    if obj is None:
        return True
    team = team_of(obj)
    return team is not None and team.pk in supervised_team_ids(user)


@rules.predicate
def is_shared(user: Any, obj: Any = None) -> bool:
    """The object belongs to everyone (no team); without an object, true."""
    return obj is None or team_of(obj) is None


can_use_pages = is_administrator | is_supervisor | is_viewer
can_view = is_administrator | is_viewer | (is_supervisor & (is_shared | in_supervised_team))
can_edit = is_administrator | (is_supervisor & in_supervised_team)
can_add = is_administrator | is_supervisor
can_use_ivr = is_administrator | is_ivr

TEAM_SCOPED_PERMISSIONS = {"view": can_view, "add": can_add, "change": can_edit, "delete": can_edit}

rules.add_perm("core.use_pages", can_use_pages)
rules.add_perm("core.sync_teams", is_administrator)
rules.add_perm("core.use_ivr", can_use_ivr)
