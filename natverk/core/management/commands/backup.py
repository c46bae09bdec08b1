"""`manage.py backup FILE`: the whole installation in one archive (`core.backup`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from natverk.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write the database and the uploaded files into one archive, restorable on SQLite "
        "or PostgreSQL. The archive holds personal data: keep it as safely as the site."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="Where to write it (.tar.gz).")

    # An operator's command speaks English whatever language a caller left active.
    @no_translations
    def handle(self, *args, archive: Path, **options):
        try:
            summary = backup_write(path=archive)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Wrote {archive}: {summary.rows} rows in {len(summary.tables)} tables, "
            f"{summary.files} files ({summary.bytes} bytes). It holds personal data."
        )
