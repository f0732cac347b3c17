"""The team sync: UCCX's teams and their supervisors mirrored into `core.Team` (who may change what)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.models import Team
from sync.cluster import get_uccx_client
from uccx_client.quirks import as_list

log = logging.getLogger(__name__)


@dataclass
class TeamSyncResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # teams no longer in UCCX
    unmatched_supervisors: set[str] = field(default_factory=set)  # UCCX user ids without a local account

    def summary(self) -> str:
        """One plain sentence for the page and the log."""
        parts = [f"{len(self.created)} new", f"{len(self.updated)} updated"]
        if self.gone:
            parts.append(f"{len(self.gone)} no longer in UCCX ({', '.join(self.gone)})")
        text = "Teams synchronised from UCCX: " + ", ".join(parts) + "."
        if self.unmatched_supervisors:
            names = ", ".join(sorted(self.unmatched_supervisors))
            text += f" Supervisors without an account here (create one with the same username): {names}."
        return text


def _user_id(reference: Any) -> str:
    """The UCCX user id of a supervisor reference: the end of its resource URL, else its name."""
    if isinstance(reference, str):
        return reference
    if not isinstance(reference, dict):
        return ""
    url = str(reference.get("refURL") or "").rstrip("/")
    return url.rsplit("/", 1)[-1] if url else str(reference.get("name") or "")


def supervisor_ids(team: dict) -> set[str]:
    """Primary and secondary supervisors of a UCCX team (both spellings UCCX uses for the latter)."""
    references = [team.get("primarySupervisor")]
    secondary = team.get("secondarySupervisors")
    if isinstance(secondary, dict):
        for key in ("secondarySupervisor", "secondrySupervisor"):
            references += as_list(secondary.get(key))
    else:
        references += as_list(secondary)
    return {user_id for user_id in map(_user_id, references) if user_id}


def teams_sync() -> TeamSyncResult:
    """Mirror UCCX's teams and their supervisors; users are matched by username (case-insensitive).

    Raises the client's UccxError when UCCX cannot be read; nothing changes then. A team that
    disappeared from UCCX is kept (objects still point to it) but marked gone and loses its supervisors.
    Only real changes are saved, so the periodic sync leaves no empty audit rows.
    """
    client = get_uccx_client()
    remote = [
        item if "primarySupervisor" in item else client.get_team(item["teamId"])
        for item in client.list_teams()
    ]
    users = {user.username.lower(): user for user in get_user_model().objects.all()}
    result = TeamSyncResult()
    with transaction.atomic():
        seen = set()
        for data in remote:
            uccx_id = int(data["teamId"])
            name = str(data.get("teamName") or data.get("teamname") or f"Team {uccx_id}")
            seen.add(uccx_id)
            wanted_ids = supervisor_ids(data)
            result.unmatched_supervisors |= {uid for uid in wanted_ids if uid.lower() not in users}
            supervisors = {users[uid.lower()] for uid in wanted_ids if uid.lower() in users}
            team, created = Team.objects.get_or_create(uccx_id=uccx_id, defaults={"name": name})
            changed = created or team.name != name or not team.in_uccx
            if changed:
                team.name, team.in_uccx = name, True
                team.save()
            if set(team.supervisors.all()) != supervisors:
                team.supervisors.set(supervisors)
                changed = True
            if created:
                result.created.append(name)
            elif changed:
                result.updated.append(name)
        for team in Team.objects.filter(in_uccx=True).exclude(uccx_id__in=seen):
            result.gone.append(team.name)
            team.in_uccx = False
            team.save()
            team.supervisors.clear()
        Team.objects.filter(uccx_id__in=seen).update(synced_at=timezone.now())
    log.info("%s", result.summary())
    return result
