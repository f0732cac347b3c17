"""Reads of the core app: team scoping, roles and object history for pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Max, Q, QuerySet

from core.models import Team
from core.rules import ROLES, is_administrator, is_supervisor, is_viewer, supervised_team_ids


def visible_to(user: Any, queryset: QuerySet) -> QuerySet:
    """The objects of a team-owned queryset that this user may see (the list form of `can_view`)."""
    if is_administrator(user) or is_viewer(user):
        return queryset
    if not is_supervisor(user):
        return queryset.none()
    own = supervised_team_ids(user)
    if queryset.model is Team:
        return queryset.filter(pk__in=own)
    return queryset.filter(Q(team__in=own) | Q(team__isnull=True))


def editable_teams(user: Any) -> QuerySet[Team]:
    """Teams this user may assign objects to (the choices of a form's `team` field)."""
    teams = Team.objects.filter(in_uccx=True)
    if is_administrator(user):
        return teams
    if is_supervisor(user):
        return teams.filter(pk__in=supervised_team_ids(user))
    return teams.none()


def role_names(user: Any) -> list[str]:
    """The user's roles, in the order of ROLES (superusers count as Administrator)."""
    names = {group.name for group in user.groups.all()} if user.is_authenticated else set()
    if getattr(user, "is_superuser", False):
        names.add(ROLES[0])
    return [role for role in ROLES if role in names]


def teams_overview() -> tuple[QuerySet[Team], datetime | None]:
    """All teams with their supervisors, and when the team sync last ran."""
    teams = Team.objects.prefetch_related("supervisors")
    return teams, teams.aggregate(last=Max("synced_at"))["last"]


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str
    action: str  # "created" | "changed" | "deleted"
    changes: list[FieldChange]


_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def history_of(obj: Any, limit: int = 50) -> list[HistoryEntry]:
    """Who changed what and when on an object with `history`, newest first, with before/after values.

    For the object pages: `{% include "core/_history.html" with entries=... %}`.
    """
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            changes = [
                FieldChange(_verbose(obj, c.field), _shown(obj, c.field, c.old), _shown(obj, c.field, c.new))
                for c in record.diff_against(previous).changes
            ]
        entries.append(
            HistoryEntry(
                at=record.history_date,
                who=record.history_user.get_username() if record.history_user else "system",
                action=_ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
    return entries


def _verbose(obj: Any, name: str) -> str:
    return str(obj._meta.get_field(name).verbose_name)


def _shown(obj: Any, name: str, value: Any) -> str:
    """A value for people; many-to-many values (rows of the through table) become the related names."""
    if isinstance(value, list):
        field = obj._meta.get_field(name)
        ids = [row.get(field.m2m_reverse_field_name()) for row in value]
        names = {o.pk: str(o) for o in field.related_model._default_manager.filter(pk__in=ids)}
        return ", ".join(sorted(names.get(pk, f"#{pk}") for pk in ids))
    return "" if value is None else str(value)
