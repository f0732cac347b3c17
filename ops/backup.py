"""Backup and restore of the database and the files (prompt audio) as one archive, on SQLite or PostgreSQL.

The archive is a .tar.gz holding `manifest.json` (format, time, engine, the migrations the data was
written under, file counts), `database.jsonl` (Django's `dumpdata`, one object per line, natural keys for
users, groups and permissions so it loads into any freshly migrated database) and `files/<root>/...`
(each folder of `settings.BACKUP_FILE_ROOTS`). Because it is Django's own serialisation it moves between
SQLite and PostgreSQL in either direction.

The dump is taken inside one read-only transaction (REPEATABLE READ on PostgreSQL), so it is consistent
while the app keeps running. A restore goes into an empty database (or, with `force`, one it empties
first), after `migrate`; then the `restored` signal lets apps rebuild what they keep outside the database
(IVR snapshots in Redis).
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.dispatch import Signal
from django.test.utils import override_settings
from django.utils import timezone

FORMAT = 1
DATABASE_MEMBER = "database.jsonl"
MANIFEST_MEMBER = "manifest.json"
FILES_PREFIX = "files/"
# Rebuilt by `migrate` (content types, permissions) or worthless after a restore (sessions).
EXCLUDED_MODELS = ["contenttypes", "auth.permission", "sessions"]

restored = Signal()  # sent after a restore: apps republish caches kept outside the database


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    objects: int
    files: dict[str, int]


def backup(path: Path) -> BackupSummary:
    """Write the archive to `path` (atomically: a half-written archive never has the final name)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backup-") as work:
        dump = Path(work) / DATABASE_MEMBER
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            call_command(
                "dumpdata",
                exclude=EXCLUDED_MODELS,
                natural_foreign=True,
                natural_primary=True,
                format="jsonl-exact",  # ops/exact_jsonl.py: plain JSON Lines, times to the microsecond
                output=str(dump),
                verbosity=0,
            )
            migrations = _applied_migrations()
        objects = sum(1 for line in dump.open("rb") if line.strip())
        files = {name: _count_files(Path(root)) for name, root in _file_roots().items()}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "migrations": migrations,
            "objects": objects,
            "files": files,
        }
        partial = path.with_name(path.name + ".partial")
        partial.unlink(missing_ok=True)
        partial.touch(mode=0o600)  # it holds password hashes and API tokens: the owner only
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST_MEMBER, json.dumps(manifest, indent=2).encode())
            archive.add(dump, DATABASE_MEMBER)
            for name, root in _file_roots().items():
                if Path(root).is_dir():
                    archive.add(root, f"{FILES_PREFIX}{name}", filter=_regular_files)
        partial.replace(path)
    return BackupSummary(path, objects, files)


def restore(path: Path, *, force: bool = False) -> BackupSummary:
    """Load the archive at `path` into this database and the file folders."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory(prefix="restore-") as work:
        manifest = _manifest(archive)
        call_command("migrate", interactive=False, verbosity=0)
        _check_migrations(manifest["migrations"])
        if _has_data():
            if not force:
                raise BackupError(
                    "This database already holds data. Restore into an empty database, or pass --force "
                    "to replace everything in it with the backup."
                )
            call_command("flush", interactive=False, verbosity=0)
        dump = Path(work) / DATABASE_MEMBER
        member = archive.extractfile(DATABASE_MEMBER)
        if member is None:
            raise BackupError(f"{path} has no {DATABASE_MEMBER}: it is not a backup of this app.")
        with dump.open("wb") as out:
            shutil.copyfileobj(member, out)
        # The history rows come from the backup: loading must not add its own (m2m changes would).
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(dump), verbosity=0)
        files = _restore_files(archive, force=force)
    restored.send(sender=restore.__module__)
    return BackupSummary(path, manifest.get("objects", 0), files)


# --- helpers -------------------------------------------------------------------------------------------


def _file_roots() -> dict[str, Path]:
    return {name: Path(root) for name, root in settings.BACKUP_FILE_ROOTS.items()}


def _count_files(root: Path) -> int:
    return sum(1 for item in root.rglob("*") if item.is_file()) if root.is_dir() else 0


def _regular_files(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    return info if info.isfile() or info.isdir() else None  # no links, devices or fifos


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST_MEMBER)
        manifest = json.loads(member.read()) if member else None
    except (KeyError, ValueError) as error:
        raise BackupError("This file is not a backup of this app (no readable manifest.json).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"This backup's format is not {FORMAT}: restore it with the release that made it.")
    return manifest


def _check_migrations(wanted: dict[str, list[str]]) -> None:
    """The backup's data fits this code only if this code knows every migration it was written under."""
    have = _applied_migrations()
    unknown = sorted(
        f"{app}.{name}" for app, names in wanted.items() for name in names if name not in have.get(app, ())
    )
    if unknown:
        raise BackupError(
            "The backup was made by a newer release (unknown migrations: "
            f"{', '.join(unknown[:5])}{' ...' if len(unknown) > 5 else ''}). Restore it with that release."
        )


def _has_data() -> bool:
    """Anything a person made: users, or rows of the product's own apps (migrate's own rows do not count)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if user_model._default_manager.exists():
        return True
    own = ("core", "sync", "calendars", "announcements", "callers")
    return any(
        model._default_manager.exists()
        for name in own
        if name in apps.app_configs
        for model in apps.get_app_config(name).get_models()
    )


def _restore_files(archive: tarfile.TarFile, *, force: bool) -> dict[str, int]:
    roots = _file_roots()
    counts = dict.fromkeys(roots, 0)
    for member in archive.getmembers():
        if not member.name.startswith(FILES_PREFIX) or not member.isfile():
            continue
        name, _, relative = member.name[len(FILES_PREFIX) :].partition("/")
        if name not in roots or not relative:
            continue  # a folder this installation no longer backs up
        target = (roots[name] / relative).resolve()
        if not target.is_relative_to(roots[name].resolve()):
            raise BackupError(f"The backup holds an unsafe path: {member.name}")
        if target.exists() and not force:
            raise BackupError(f"{target} exists already; pass --force to overwrite the files.")
        target.parent.mkdir(parents=True, exist_ok=True)
        source = archive.extractfile(member)
        if source is not None:
            with target.open("wb") as out:
                shutil.copyfileobj(source, out)
            counts[name] += 1
    return counts
