"""The dashboard at a glance: each app contributes one section, registered in its AppConfig.ready().

    from core.glance import Fact, Glance, register
    register("switches", 40, switches_glance)   # (user, now) -> Glance | None (None: nothing to show)

A section has a title, a template (rendered with `section` and `user`) and the *facts* it adds to the
page's headline, each with a level: "ok", "info", "warning" or "danger". The headline answers "is
everything open and in UCCX?" from the facts of every section; the page polls the whole glance with
htmx, so an open dashboard follows what happens. Orders used so far: UCCX 10, calendars 20; the
announcements and call switches active now (issue 13) belong at 30 and 40.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

LEVELS = ("ok", "info", "warning", "danger")


@dataclass(frozen=True)
class Fact:
    level: str  # one of LEVELS
    text: str
    url: str = ""  # where to look closer, if anywhere


@dataclass(frozen=True)
class Glance:
    key: str
    title: str
    template: str
    facts: list[Fact]
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def level(self) -> str:
        """The section's worst fact."""
        return max((fact.level for fact in self.facts), key=LEVELS.index, default="ok")


Provider = Callable[[Any, datetime], Glance | None]
_providers: dict[str, tuple[int, Provider]] = {}


def register(key: str, order: int, provider: Provider) -> None:
    """Add (or replace, by key) a section of the dashboard."""
    _providers[key] = (order, provider)


def glance_for(user: Any, now: datetime | None = None) -> list[Glance]:
    """The sections this user gets, in order (a provider answers None when it has nothing for them)."""
    now = now or timezone.now()
    sections = []
    for _, provider in sorted(_providers.values(), key=lambda entry: entry[0]):
        section = provider(user, now)
        if section is not None:
            sections.append(section)
    return sections


def headline(sections: list[Glance]) -> tuple[str, list[Fact]]:
    """The page's overall level (its worst fact) and every fact, the worst first."""
    facts = [fact for section in sections for fact in section.facts]
    level = max((fact.level for fact in facts), key=LEVELS.index, default="ok")
    return level, sorted(facts, key=lambda fact: -LEVELS.index(fact.level))
