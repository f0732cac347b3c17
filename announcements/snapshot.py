"""What the IVR reads of this app: announcements, call switches and services, as plain data and compiled.

`build_data()` reads the rows once (a handful of queries, whatever the number of objects) into JSON-able
data; `AnnouncementSet(data)` compiles it into the lookups the IVR answers from: the announcement index
(by DN, then prefix, kind, schedule), the switches by name and the services by DN (the combined call
endpoint reads the service's calendar and routing target). The preview compiles the same data, so what
a supervisor sees is what a script gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from announcements.matching import AnnouncementIndex, AnnouncementSpec, normalise_number
from announcements.schedule import Schedule


def _iso(value: datetime | time | None) -> str | None:
    return None if value is None else value.isoformat()


def announcement_data(row: Any, services: list[str], prefixes: list[str]) -> dict[str, Any]:
    """One announcement row (with its prompt selected) as snapshot data."""
    prompt = row.prompt
    return {
        "name": row.name,
        "kind": row.kind,
        "prompt": prompt.path if prompt else "",
        "language": prompt.language if prompt else "",
        "enabled": row.enabled,
        "order": row.order,
        "then": row.then,
        "time_zone": row.time_zone,
        "starts_at": _iso(row.starts_at),
        "ends_at": _iso(row.ends_at),
        "recurrence": row.recurrence,
        "days_of_week": sorted(row.days_of_week or []),
        "window_start": _iso(row.window_start),
        "window_end": _iso(row.window_end),
        "services": services,
        "prefixes": prefixes,
    }


def build_data() -> dict[str, Any]:
    """Every announcement, switch and service, read in a fixed number of queries."""
    from announcements.models import Announcement, CallSwitch, Service

    announcements = []
    for row in Announcement.objects.select_related("prompt").prefetch_related("services", "regions"):
        dns = sorted(normalise_number(service.dn) for service in row.services.all())
        prefixes = sorted(
            {normalise_number(prefix) for region in row.regions.all() for prefix in region.prefixes},
            key=lambda prefix: (-len(prefix), prefix),
        )
        announcements.append(announcement_data(row, dns, prefixes))
    switches = [
        {
            "name": switch.name,
            "on": switch.on,
            "value": switch.value,
            "note": switch.note,
            "expires_at": _iso(switch.expires_at),
        }
        for switch in CallSwitch.objects.all()
    ]
    services = [
        {
            "dn": service.dn,
            "name": service.name,
            "calendar": service.calendar.name if service.calendar else "",
            "target": service.default_target,
        }
        for service in Service.objects.select_related("calendar")
    ]
    return {"announcements": announcements, "switches": switches, "services": services}


def _time(value: str | None) -> time | None:
    return None if value is None else time.fromisoformat(value)


def _instant(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def spec_from_data(item: dict[str, Any]) -> AnnouncementSpec:
    schedule = Schedule(
        time_zone=item["time_zone"],
        starts_at=_instant(item["starts_at"]),
        ends_at=_instant(item["ends_at"]),
        recurrence=item["recurrence"],
        days_of_week=frozenset(item["days_of_week"]),
        window_start=_time(item["window_start"]),
        window_end=_time(item["window_end"]),
    )
    return AnnouncementSpec(
        name=item["name"],
        kind=item["kind"],
        prompt=item["prompt"],
        language=item["language"],
        enabled=item["enabled"],
        order=item["order"],
        then=item["then"],
        schedule=schedule,
        services=frozenset(item["services"]),
        prefixes=tuple(item["prefixes"]),
    )


@dataclass(frozen=True, slots=True)
class SwitchState:
    name: str
    on: bool
    value: str
    note: str
    expires_at: datetime | None

    def at(self, instant: datetime) -> dict[str, Any]:
        """The contract's answer: `on` is false once the switch has expired."""
        expired = self.expires_at is not None and instant >= self.expires_at
        return {
            "name": self.name,
            "on": self.on and not expired,
            "value": self.value,
            "note": self.note,
            "expires_at": self.expires_at,
        }


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    dn: str
    name: str
    calendar: str  # the calendar's name, empty if none
    target: str  # the default routing target, empty if none


class AnnouncementSet:
    """The compiled snapshot: everything the IVR endpoints of this app (and /ivr/v1/call) look up."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.index = AnnouncementIndex(spec_from_data(item) for item in data["announcements"])
        self.switches = {
            item["name"].lower(): SwitchState(
                item["name"], item["on"], item["value"], item["note"], _instant(item["expires_at"])
            )
            for item in data["switches"]
        }
        self.services = {
            normalise_number(item["dn"]): ServiceInfo(
                item["dn"], item["name"], item["calendar"], item["target"]
            )
            for item in data["services"]
        }

    def switch(self, name: str) -> SwitchState | None:
        return self.switches.get(name.lower())

    def service(self, dn: str) -> ServiceInfo | None:
        return self.services.get(normalise_number(dn))
