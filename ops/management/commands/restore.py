"""`manage.py restore FILE [--force]`: load an archive made by `manage.py backup` (see ops/backup.py)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore the database and the prompt files from a backup archive. Runs migrate first. Stop the web, "
        "worker, beat and monitor processes before, start them after."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="an archive written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace whatever the database and the file folders hold (default: refuse unless empty)",
        )

    def handle(self, *args: Any, file: str, force: bool = False, **options: Any) -> None:
        try:
            summary = restore(Path(file), force=force)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        files = ", ".join(f"{count} in {name}" for name, count in summary.files.items())
        self.stdout.write(f"Restored {summary.objects} objects and files ({files}) from {summary.path}")
