"""The effective profile of a caller from the lists that matched (pure: no Django).

Precedence:
- Lists are ordered (`order`, then name). Every list that matched is reported in `lists`, in that order.
- Blocked beats VIP: a caller on a blocked list is `blocked` and not `vip`, unless one of the VIP lists that
  matched says `vip_beats_blocked`; then the caller is `vip` and not `blocked`.
- The values (priority, target, prompt, language, name, expiry) come from the deciding lists first (the
  blocked lists when blocked, else the VIP lists), then the custom lists, each in list order; per field the
  first non-empty value wins, an entry's own value before its list's default. The losing kind's values are
  not used (a blocked caller gets no VIP priority), except the caller's name, which any list may tell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from callers.engine.index import CallerIndex, Match

VIP = "vip"
BLOCKED = "blocked"
CUSTOM = "custom"
KINDS = (VIP, BLOCKED, CUSTOM)


@dataclass(frozen=True, slots=True)
class ListInfo:
    """A caller list as the engine needs it: its kind, place and defaults."""

    id: int
    name: str
    kind: str
    order: int = 0
    priority: int = 0
    target: str = ""
    prompt: str = ""
    language: str = ""
    vip_beats_blocked: bool = False

    @property
    def sort_key(self) -> tuple[int, str, int]:
        return (self.order, self.name.lower(), self.id)


def neutral_profile(number: str) -> dict[str, Any]:
    """What an unknown number gets: found false and neutral values (the contract's shape)."""
    return {
        "found": False,
        "number": number,
        "name": "",
        "lists": [],
        "vip": False,
        "blocked": False,
        "priority": 0,
        "target": "",
        "prompt": "",
        "language": "",
        "expires_at": None,
    }


def effective_profile(number: str, matches: list[Match], lists: dict[int, ListInfo]) -> dict[str, Any]:
    """The contract's caller profile for `number` (already normalised) from its matches."""
    found = [(lists[m.list_id], m) for m in matches if m.list_id in lists]
    if not found:
        return neutral_profile(number)
    found.sort(key=lambda pair: pair[0].sort_key)
    kinds = {info.kind for info, _ in found}
    vip_wins = VIP in kinds and (
        BLOCKED not in kinds or any(info.vip_beats_blocked for info, _ in found if info.kind == VIP)
    )
    blocked = BLOCKED in kinds and not vip_wins
    deciding = BLOCKED if blocked else VIP if vip_wins else CUSTOM
    losing = VIP if blocked else BLOCKED
    ranked = [pair for pair in found if pair[0].kind == deciding] + [
        pair for pair in found if pair[0].kind not in (deciding, losing)
    ]
    first = ranked[0][1]
    return {
        "found": True,
        "number": number,
        "name": next((m.name for _, m in ranked + found if m.name), ""),  # who it is, whichever list knows
        "lists": [info.name for info, _ in found],
        "vip": vip_wins,
        "blocked": blocked,
        "priority": next((p for p in (_priority(info, m) for info, m in ranked) if p), 0),
        "target": next((v for v in (m.overrides.target or info.target for info, m in ranked) if v), ""),
        "prompt": next((v for v in (m.overrides.prompt or info.prompt for info, m in ranked) if v), ""),
        "language": next((v for v in (m.overrides.language or info.language for info, m in ranked) if v), ""),
        "expires_at": datetime.fromtimestamp(first.expires_at, UTC) if first.expires_at else None,
    }


def _priority(info: ListInfo, match: Match) -> int:
    return match.overrides.priority if match.overrides.priority is not None else info.priority


def lookup_profile(index: CallerIndex, lists: dict[int, ListInfo], key: str, now: int) -> dict[str, Any]:
    """Match `key` (a normalised number) in the index and resolve its effective profile."""
    return effective_profile(key, index.match(key, now), lists)
