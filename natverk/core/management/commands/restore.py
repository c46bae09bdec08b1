"""`manage.py restore FILE`: an archive of `manage.py backup` into an empty installation,
all or nothing (`core.backup`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from natverk.core.backup import BackupError, restore_read


class Command(BaseCommand):
    help = (
        "Restore a backup archive into this installation (migrated, and empty unless "
        "--replace is given). Checks the whole archive first; restores all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="An archive of manage.py backup.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete everything in this installation first (in the same transaction).",
        )

    # An operator's command speaks English whatever language a caller left active.
    @no_translations
    def handle(self, *args, archive: Path, replace: bool, **options):
        if not archive.is_file():
            raise CommandError(f"No such file: {archive}")
        try:
            summary = restore_read(path=archive, replace=replace)
        except BackupError as error:
            raise CommandError(f"Nothing was restored. {error}") from error
        self.stdout.write(
            f"Restored {summary.rows} rows in {len(summary.tables)} tables and "
            f"{summary.files} files ({summary.bytes} bytes)."
        )
