"""Which announcements play for a call: by service number (DN), caller region (ANI prefix), kind, schedule
and order. Pure: no Django, no I/O; the snapshot builds an `AnnouncementIndex` once per published version.

An announcement that names services plays only for calls to one of their DNs; one that names none plays
for every service. Likewise for regions and the calling number. A filter the caller does not give (no
`dn`, no `ani`, no `kind`) does not narrow. The answer is ordered by `order`, then name, and ends with the
first announcement whose `then` is `stop`: the script ends the call after it, so nothing later plays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from announcements.schedule import Schedule, is_active, overlapping

KINDS = ("general", "holiday", "working")
THEN = ("continue", "stop")
_NOT_DIGITS = re.compile(r"[\s().\-/]+")
OVERLAP_HORIZON = timedelta(days=366)
MAX_NUMBER_LENGTH = 64  # a DN or calling number the IVR and the preview accept


def normalise_number(number: str) -> str:
    """Digits (and * #) of a DN, ANI or prefix: spaces, dashes, dots and brackets go, `+` and a leading
    international `00` go too, so `+41 44 ...`, `0041 44 ...` and `4144...` compare equal."""
    cleaned = _NOT_DIGITS.sub("", number.strip())
    if cleaned.startswith("+"):
        return cleaned[1:]
    if cleaned.startswith("00"):
        return cleaned[2:]
    return cleaned


@dataclass(frozen=True, slots=True)
class AnnouncementSpec:
    name: str
    kind: str = "general"
    prompt: str = ""  # UCCX prompt path, e.g. en_US/holidays/christmas.wav
    language: str = ""
    enabled: bool = True
    order: int = 1
    then: str = "continue"
    schedule: Schedule = field(default_factory=Schedule)
    services: frozenset[str] = frozenset()  # normalised DNs; empty: every service
    prefixes: tuple[str, ...] = ()  # normalised caller prefixes of its regions; empty: every caller

    def plays_at(self, at: datetime) -> bool:
        return self.enabled and is_active(self.schedule, at)

    def matches_caller(self, ani: str) -> bool:
        return not self.prefixes or any(ani.startswith(prefix) for prefix in self.prefixes)

    def as_answer(self) -> dict[str, object]:
        """The fields of one `announcement` element of the IVR contract."""
        return {
            "name": self.name,
            "kind": self.kind,
            "prompt": self.prompt,
            "language": self.language,
            "order": self.order,
            "then": self.then,
        }


class AnnouncementIndex:
    """All announcements of one snapshot, indexed by DN so a call looks only at its candidates."""

    def __init__(self, specs: Iterable[AnnouncementSpec]) -> None:
        self.by_name: dict[str, AnnouncementSpec] = {}
        self.every_service: list[AnnouncementSpec] = []
        self.by_service: dict[str, list[AnnouncementSpec]] = {}
        for spec in specs:
            self.by_name[spec.name.lower()] = spec
            if not spec.services:
                self.every_service.append(spec)
            for dn in spec.services:
                self.by_service.setdefault(dn, []).append(spec)

    def get(self, name: str) -> AnnouncementSpec | None:
        return self.by_name.get(name.lower())

    def candidates(self, dn: str | None) -> Sequence[AnnouncementSpec]:
        if dn is None:
            return list(self.by_name.values())
        return self.every_service + self.by_service.get(normalise_number(dn), [])

    def select(
        self, *, at: datetime, dn: str | None = None, ani: str | None = None, kind: str | None = None
    ) -> list[AnnouncementSpec]:
        """What plays, in order, for a call to `dn` from `ani` at `at` (see the module's rules)."""
        caller = normalise_number(ani) if ani is not None else None
        chosen = [
            spec
            for spec in self.candidates(dn)
            if (kind is None or spec.kind == kind)
            and (caller is None or spec.matches_caller(caller))
            and spec.plays_at(at)
        ]
        chosen.sort(key=lambda spec: (spec.order, spec.name.lower()))
        for position, spec in enumerate(chosen):
            if spec.then == "stop":
                return chosen[: position + 1]
        return chosen


def _regions_meet(first: AnnouncementSpec, second: AnnouncementSpec) -> bool:
    if not first.prefixes or not second.prefixes:
        return True
    return any(a.startswith(b) or b.startswith(a) for a in first.prefixes for b in second.prefixes)


def _services_meet(first: AnnouncementSpec, second: AnnouncementSpec) -> bool:
    return not first.services or not second.services or bool(first.services & second.services)


@dataclass(frozen=True, slots=True)
class Overlap:
    other: str
    starts: datetime
    ends: datetime


def overlaps(spec: AnnouncementSpec, others: Iterable[AnnouncementSpec], *, now: datetime) -> list[Overlap]:
    """Others of the same kind and order that can play to the same call (a shared service, meeting
    regions) at the same time within a year: the supervisor is warned, as the order no longer decides."""
    found = []
    for other in others:
        if other.name.lower() == spec.name.lower() or not (spec.enabled and other.enabled):
            continue
        if (other.kind, other.order) != (spec.kind, spec.order):
            continue
        if not (_services_meet(spec, other) and _regions_meet(spec, other)):
            continue
        span = overlapping(spec.schedule, other.schedule, now, now + OVERLAP_HORIZON)
        if span is not None:
            found.append(Overlap(other.name, *span))
    return found
