from django.core.management.base import BaseCommand, CommandError

from natverk.importing.errors import ImportProblem
from natverk.importing.seed import SEED_PAGE, seed_load
from natverk.registry.models import Network


class Command(BaseCommand):
    help = (
        "Import the seed page (Kommunförbundet Skåne's Nätverk page) into the register. "
        "Needs the reference data (load_reference). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the register already has networks (keeps edits made since).",
        )

    def handle(self, *args, if_empty, **options):
        if if_empty and Network.objects.exists():
            self.stdout.write("The register already has networks; the seed was not loaded.")
            return
        try:
            result = seed_load()
        except ImportProblem as problem:
            raise CommandError(f"{SEED_PAGE.name}: {problem}") from None
        report = result.report
        if not report.changed_anything:
            self.stdout.write("The seed networks are already in the register; nothing changed.")
            return
        for change in report.changes:
            where = f"{change.network}: " if change.network and change.subject != "network" else ""
            self.stdout.write(f"{change.action:7} {change.subject:12} {where}{change.description}")
        self.stdout.write(self.style.SUCCESS(f"{len(report.changes)} changes."))
