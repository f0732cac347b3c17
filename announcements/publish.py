"""The IVR snapshot of this app: mark it changed inside a write's transaction, read it on every call.

INTERIM until the generic snapshot store lands in core: reads build from the database.
"""

from __future__ import annotations

from announcements.snapshot import AnnouncementSet, build_data


def announcements_changed() -> None:
    """Called inside every write's transaction."""


def read() -> AnnouncementSet:
    return AnnouncementSet(build_data())
