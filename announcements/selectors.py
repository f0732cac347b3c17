"""Reads of the announcements app: where a prompt is used, the call preview, a slot's next days, the
prompt library tree and the switches board."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse

from announcements.matching import AnnouncementSpec
from announcements.models import Announcement, CallSwitch, Prompt, PromptFolder
from announcements.schedule import periods
from announcements.snapshot import AnnouncementSet, build_data, spec_from_data
from core.selectors import visible_to
from core.validators import validate_prompt_path

PREVIEW_DAYS = 14
PLAYABLE_SYNC_KIND = "announcement_playable"
PROMPT_SYNC_KIND = "announcement_prompt"


@dataclass(frozen=True)
class Usage:
    """One place that plays a prompt: what it is (`calendar "Support Hours"`) and where to look."""

    what: str
    name: str
    url: str = ""

    def __str__(self) -> str:
        return f'{self.what} "{self.name}"'


@cache
def prompt_path_fields() -> tuple[tuple[type[models.Model], str], ...]:
    """Every model field in the project that holds a UCCX prompt path (it validates with
    `validate_prompt_path`): calendars' and caller lists' prompts are found without naming those apps."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label == "announcements" or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField) and validate_prompt_path in field.validators:
                found.append((model, field.name))
    return tuple(found)


def _owner(row: models.Model) -> models.Model:
    """The object a supervisor knows: a holiday's calendar, a caller entry's list (its first FK parent)."""
    for field in row._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.name != "team":
            parent = getattr(row, field.name)
            if parent is not None and hasattr(parent, "name"):
                return parent
    return row


def _url(obj: models.Model) -> str:
    meta = obj._meta
    for name in (f"{meta.app_label}:detail", f"{meta.app_label}:{meta.model_name}"):
        try:
            return reverse(name, args=[obj.pk])
        except NoReverseMatch:
            continue
    return ""


def prompt_usage(prompt: Prompt) -> list[Usage]:
    """Everything that plays `prompt`: announcements (and the UCCX application parameters they set),
    and any calendar, holiday, special day or caller list naming its path."""
    usages = [
        Usage("announcement", row.name, reverse("announcements:announcement-edit", args=[row.pk]))
        for row in prompt.announcements.all()
    ]
    usages += [
        Usage("UCCX application parameter", f"{row.uccx_application} {row.uccx_parameter}")
        for row in prompt.announcements.exclude(uccx_application="")
    ]
    seen: set[tuple[str, Any]] = set()
    for model, field in prompt_path_fields():
        for row in model._default_manager.filter(**{field: prompt.path}):
            owner = _owner(row)
            key = (owner._meta.label, owner.pk)
            if key not in seen:
                seen.add(key)
                usages.append(Usage(str(owner._meta.verbose_name), str(owner), _url(owner)))
    return usages


# --- preview ----------------------------------------------------------------------------------------


def current_set() -> AnnouncementSet:
    """The announcements as saved now, compiled as the IVR compiles them."""
    return AnnouncementSet(build_data())


@dataclass(frozen=True)
class CallPreview:
    dn: str
    ani: str
    at: datetime
    service: Any
    playing: list[AnnouncementSpec]


def call_preview(*, dn: str, ani: str, at: datetime, kind: str | None = None) -> CallPreview:
    compiled = current_set()
    return CallPreview(
        dn=dn,
        ani=ani,
        at=at,
        service=compiled.service(dn) if dn else None,
        playing=compiled.index.select(at=at, dn=dn or None, ani=ani or None, kind=kind),
    )


def next_days(
    announcement: Announcement, *, now: datetime, days: int = PREVIEW_DAYS
) -> list[tuple[datetime, datetime]]:
    """When the slot plays within the next `days` days (empty when disabled)."""
    items = [item for item in build_data()["announcements"] if item["name"] == announcement.name]
    if not items or not items[0]["enabled"]:
        return []
    return periods(spec_from_data(items[0]).schedule, now, now + timedelta(days=days))


# --- lists ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FolderNode:
    folder: PromptFolder
    prompts: list[Prompt]
    children: list[FolderNode]


def prompt_tree(user: Any) -> list[FolderNode]:
    """The library as the user may see it: languages at the top, subfolders below, prompts in each."""
    folders = list(visible_to(user, PromptFolder.objects.all()))
    prompts = list(visible_to(user, Prompt.objects.defer("audio").select_related("team")))
    by_folder: dict[int, list[Prompt]] = {}
    for prompt in prompts:
        by_folder.setdefault(prompt.folder_id, []).append(prompt)
    children: dict[int | None, list[PromptFolder]] = {}
    visible = {folder.pk for folder in folders}
    for folder in folders:
        parent = folder.parent_id if folder.parent_id in visible else None
        children.setdefault(parent, []).append(folder)

    def node(folder: PromptFolder) -> FolderNode:
        return FolderNode(
            folder, by_folder.get(folder.pk, []), [node(c) for c in children.get(folder.pk, [])]
        )

    return [node(folder) for folder in children.get(None, [])]


def walk(nodes: list[FolderNode]) -> Iterator[FolderNode]:
    for node in nodes:
        yield node
        yield from walk(node.children)


def switches_board(user: Any, *, now: datetime) -> list[dict[str, Any]]:
    """Every switch the user may see, with its effective state (expired switches read off)."""
    rows = []
    for switch in visible_to(user, CallSwitch.objects.select_related("team")):
        expired = switch.expires_at is not None and now >= switch.expires_at
        rows.append(
            {
                "switch": switch,
                "on": switch.on and not expired,
                "expired": switch.on and expired,
                "can_change": user.has_perm("announcements.change_callswitch", switch),
            }
        )
    return rows
