"""The announcements' and call switches' sections of the dashboard (core/glance.py): what plays to callers
right now, and every switch with its one-click flip, the ones that are on first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from announcements.models import Announcement
from announcements.publish import read
from announcements.selectors import switches_board
from core.glance import Fact, Glance
from core.selectors import visible_to


def announcements_glance(user: Any, now: datetime) -> Glance | None:
    if not user.has_perm("core.use_pages"):
        return None
    index = read().index
    names = set(visible_to(user, Announcement.objects.all()).values_list("name", flat=True))
    playing = sorted(
        (spec for spec in index.by_name.values() if spec.name in names and spec.plays_at(now)),
        key=lambda spec: (spec.order, spec.name.lower()),
    )
    url = reverse("announcements:list")
    facts = []
    if playing:
        facts.append(
            Fact("info", f"{len(playing)} announcement{'s' if len(playing) != 1 else ''} playing now", url)
        )
    holidays = [spec.name for spec in playing if spec.kind == "holiday"]
    if holidays:
        facts.append(Fact("info", f"Holiday announcement playing: {', '.join(holidays)}", url))
    return Glance(
        "announcements",
        "Announcements",
        "announcements/_glance_announcements.html",
        facts,
        {"playing": playing},
    )


def switches_glance(user: Any, now: datetime) -> Glance | None:
    if not user.has_perm("core.use_pages"):
        return None
    board = sorted(switches_board(user, now=now), key=lambda row: (not row["on"], row["switch"].name.lower()))
    if not board:
        return None
    url = reverse("announcements:switches")
    facts = [
        Fact(
            "warning",
            f"Switch {row['switch'].name} is ON" + (f": {row['switch'].note}" if row["switch"].note else ""),
            url,
        )
        for row in board
        if row["on"]
    ]
    return Glance("switches", "Call switches", "announcements/_glance_switches.html", facts, {"board": board})
