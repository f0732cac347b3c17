"""The IVR snapshot of this app (core/snapshots.py): announcements, call switches and services, compiled
once per process and version. Every write marks it changed inside its transaction; the IVR endpoints and
the dashboard read this process's copy (no query per call)."""

from __future__ import annotations

from announcements.snapshot import AnnouncementSet, build_data
from core.snapshots import Snapshot

announcement_snapshots: Snapshot[AnnouncementSet] = Snapshot(
    "announcements", build=build_data, compile=AnnouncementSet
)


def announcements_changed() -> None:
    """Call inside every write's transaction: on commit the set is rebuilt and published to every process."""
    announcement_snapshots.changed()


def read() -> AnnouncementSet:
    """This process's copy (for pages that show what scripts get, like the dashboard)."""
    return announcement_snapshots.read().value
