"""`manage.py backup FILE`: the database and the prompt files in one .tar.gz (see ops/backup.py)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write the database and the prompt files to one archive (portable between SQLite and PostgreSQL)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            help="the archive to write (default: backups/supervisor-tools-<time>.tar.gz)",
        )

    def handle(self, *args: Any, file: str | None = None, **options: Any) -> None:
        target = Path(file or f"backups/supervisor-tools-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        try:
            summary = backup(target)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        files = ", ".join(f"{count} in {name}" for name, count in summary.files.items())
        self.stdout.write(f"Backed up {summary.objects} objects and files ({files}) to {summary.path}")
