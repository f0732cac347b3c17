"""The navigation registry: each app registers its section in its AppConfig.ready().

    from core.nav import NavEntry, register
    register(NavEntry(label="Calendars", url_name="calendars:list", order=10,
                      description="Opening hours, holidays and emergency closings."))

An entry is shown only to users its permission allows and only when its URL resolves, so a section
appears when its app provides pages and never as a dead link. Orders used so far: Calendars 10,
Announcements 20, Prompts 30, Callers 40, Changes 50, Status 60.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    order: int
    description: str = ""  # one sentence for the dashboard card
    permission: str = "core.use_pages"  # checked with user.has_perm()


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    description: str
    active: bool


_entries: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> None:
    """Add (or replace, by url_name) a section of the navigation."""
    _entries[entry.url_name] = entry


def links_for(user: Any, path: str) -> list[NavLink]:
    """The sections this user may open, in order; `active` marks the one `path` is in."""
    links = []
    for entry in sorted(_entries.values(), key=lambda e: (e.order, e.label)):
        if not user.has_perm(entry.permission):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        active = path == url or (url != "/" and path.startswith(url))
        links.append(NavLink(entry.label, url, entry.description, active))
    return links
