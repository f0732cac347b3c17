"""`manage.py backup` / `manage.py restore`: the database and the prompt files round-trip into a fresh
database (another process, as an operator would run it), on SQLite and on PostgreSQL alike."""

import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from announcements.models import Prompt, PromptFolder
from bench.stack import database_url
from calendars.demo import seed as seed_demo_calendars
from calendars.models import Calendar
from calendars.services import emergency_switch_on
from core.models import Team
from sync.models import Drift, OutboxChange, SyncObject
from tests.sync.conftest import make_user

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """DATABASE_URL of an empty database of the same engine as the tests' (created and dropped here)."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url({**settings_dict, "NAME": name})
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, database: str, media: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "supervisor_tools.test_settings",
        "DATABASE_URL": database,
        "MEDIA_ROOT": str(media),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def dump(jsonl: str) -> list[Any]:
    """Objects of a natural-key dump, order-free (and JSON fields compared as values, not text)."""
    objects = [json.loads(line) for line in jsonl.splitlines() if line.strip()]
    return sorted(objects, key=lambda o: json.dumps(o, sort_keys=True))


def differences(restored: list[Any], original: list[Any]) -> list[str]:
    """What differs between two dumps, field by field (empty: identical)."""

    def keyed(objects: list[Any]) -> dict[str, Any]:
        return {
            json.dumps([o["model"], o.get("pk"), o["fields"] if "pk" not in o else None]): o for o in objects
        }

    restored_by, original_by = keyed(restored), keyed(original)
    found = [f"only restored: {key}" for key in restored_by.keys() - original_by.keys()]
    found += [f"only original: {key}" for key in original_by.keys() - restored_by.keys()]
    for key in restored_by.keys() & original_by.keys():
        a, b = restored_by[key]["fields"], original_by[key]["fields"]
        found += [
            f"{key} {name}: {a.get(name)!r} != {b.get(name)!r}"
            for name in a.keys() | b.keys()
            if a.get(name) != b.get(name)
        ]
    return found


def current_dump() -> list[Any]:
    out = io.StringIO()
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=["contenttypes", "auth.permission", "sessions"],
        format="jsonl",
        stdout=out,
    )
    return dump(out.getvalue())


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    root = tmp_path / "media"
    (root / "prompts" / "en_US").mkdir(parents=True)
    (root / "prompts" / "en_US" / "welcome.wav").write_bytes(b"RIFF\x00\x01\x02 not really audio \xff")
    (root / "prompts" / "de_CH").mkdir()
    (root / "prompts" / "de_CH" / "geschlossen.wav").write_bytes(os.urandom(4096))
    settings.MEDIA_ROOT = root
    settings.BACKUP_FILE_ROOTS = {"media": root}
    return root


@pytest.fixture
def some_data(uccx_settings: Any) -> None:
    """The demo calendars (with holidays, snapshots, history, outbox), users, a drift, non-ASCII text."""
    admin = make_user("backup-admin", "Administrator", is_staff=True)
    make_user("backup-ivr", "IVR")
    Team.objects.create(uccx_id=1, name="Support")
    Team.objects.create(uccx_id=2, name="Sales")
    seed_demo_calendars()
    folder = PromptFolder.objects.create(name="de_CH", path="de_CH")
    audio = os.urandom(8000)  # prompt audio lives in the database: it must come back byte for byte
    Prompt.objects.create(
        folder=folder,
        name="geschlossen.wav",
        path="de_CH/geschlossen.wav",
        description="Wir sind geschlossen, bitte später",
        audio=audio,
        sha256=hashlib.sha256(audio).hexdigest(),
        size_bytes=len(audio),
        duration_ms=1000,
        encoding="mulaw",
    )
    target = SyncObject.objects.create(kind="probe_calendar", key="7", remote_id="12", last_written={"a": 1})
    OutboxChange.objects.create(
        target=target, operation="upsert", payload={"name": "x", "ü": "✓"}, actor=admin
    )
    Drift.objects.create(target=target, expected={"a": 1}, found={"a": 2})


def test_backup_restores_into_a_fresh_database_identically(
    tmp_path: Path, media: Path, fresh_database: str, some_data: None
) -> None:
    archive = tmp_path / "backups" / "full.tar.gz"
    call_command("backup", str(archive))
    assert archive.is_file()
    assert not archive.with_name("full.tar.gz.partial").exists()
    assert archive.stat().st_mode & 0o077 == 0  # password hashes and tokens: readable by the owner only

    restored_media = tmp_path / "restored-media"
    result = manage("restore", str(archive), database=fresh_database, media=restored_media)
    assert result.returncode == 0, result.stderr
    assert "2 in media" in result.stdout

    restored = manage(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        "--format=jsonl",
        "-e",
        "contenttypes",
        "-e",
        "auth.permission",
        "-e",
        "sessions",
        database=fresh_database,
        media=restored_media,
    )
    assert restored.returncode == 0, restored.stderr
    original = current_dump()
    assert differences(dump(restored.stdout), original) == []
    assert any(o["model"] == "announcements.prompt" for o in original)
    for original in media.rglob("*.wav"):
        assert (restored_media / original.relative_to(media)).read_bytes() == original.read_bytes()

    # The restored installation works: its IVR account logs in with the same password.
    check = manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "print(User.objects.get(username='backup-ivr').check_password('backup-ivr-pw'))",
        database=fresh_database,
        media=restored_media,
    )
    assert check.stdout.strip().endswith("True"), check.stderr


def test_restore_refuses_a_database_that_holds_data(tmp_path: Path, media: Path, some_data: None) -> None:
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(archive))


def test_restore_with_force_replaces_the_data(tmp_path: Path, media: Path, some_data: None) -> None:
    before = current_dump()
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive))
    make_user("made-after-the-backup")
    OutboxChange.objects.all().delete()
    (media / "prompts" / "en_US" / "welcome.wav").write_bytes(b"changed")
    call_command("restore", str(archive), force=True)
    assert differences(current_dump(), before) == []
    assert (media / "prompts" / "en_US" / "welcome.wav").read_bytes().startswith(b"RIFF")


def test_after_a_restore_the_ivr_answers_from_the_restored_data(
    tmp_path: Path, media: Path, some_data: None, client: Client
) -> None:
    """The cache (Redis) may hold newer snapshot versions than the restored database: they must not win."""
    make_user("restore-ivr", "IVR")
    url = "/ivr/v1/calendars/Support%20Hours/status"
    auth = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"restore-ivr:restore-ivr-pw").decode()}
    assert client.get(url, **auth).json()["state"] != "emergency"
    archive = tmp_path / "before-the-emergency.tar.gz"
    call_command("backup", str(archive))

    emergency_switch_on(
        calendar=Calendar.objects.get(name="Support Hours"),
        actor=None,
        mode="force_closed",
        note="Fire drill",
    )
    assert client.get(url, **auth).json()["state"] == "emergency"

    call_command("restore", str(archive), force=True)
    assert client.get(url, **auth).json()["state"] != "emergency"


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.tar.gz"
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", str(missing))
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as archive:
        info = tarfile.TarInfo("readme.txt")
        archive.addfile(info, io.BytesIO(b""))
    with pytest.raises(CommandError, match="not a backup of this app"):
        call_command("restore", str(other))


def test_restore_refuses_paths_outside_the_file_folders(tmp_path: Path, media: Path) -> None:
    archive = tmp_path / "evil.tar.gz"
    call_command("backup", str(archive))
    evil = tmp_path / "evil2.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(evil, "w:gz") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member) if member.isfile() else None)
        info = tarfile.TarInfo("files/media/../../escaped.txt")
        info.size = 3
        target.addfile(info, io.BytesIO(b"bad"))
    with pytest.raises(CommandError, match="unsafe path"):
        call_command("restore", str(evil), force=True)
    assert not (tmp_path / "escaped.txt").exists()


def test_timestamps_come_back_to_the_microsecond(
    tmp_path: Path, media: Path, fresh_database: str, some_data: None
) -> None:
    """Django's JSON dump keeps milliseconds only: a time with 456 µs came back as .000, a different instant
    (and the round-trip test above failed whenever a row's time fell in the first millisecond)."""
    from django.contrib.auth.models import User

    User.objects.filter(username="backup-ivr").update(last_login="2026-11-30T10:20:30.000456+00:00")
    archive = tmp_path / "exact.tar.gz"
    call_command("backup", str(archive))
    assert manage("restore", str(archive), database=fresh_database, media=tmp_path / "m").returncode == 0
    shown = manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "print(User.objects.get(username='backup-ivr').last_login.isoformat())",
        database=fresh_database,
        media=tmp_path / "m",
    )
    assert shown.stdout.strip().endswith("2026-11-30T10:20:30.000456+00:00"), shown.stderr
