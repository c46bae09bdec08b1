from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from natverk.importing.seed import seed_load
from natverk.registry.models import Network


class Command(BaseCommand):
    help = (
        "Load the seed networks (Kommunförbundet Skåne's Nätverk page) into the register. "
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
            report = seed_load()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if not report.changed_anything:
            self.stdout.write("The seed networks are already in the register; nothing changed.")
            return
        for change in report.changes:
            self.stdout.write(f"{change.action:7} {change.subject:10} {change.description}")
        self.stdout.write(self.style.SUCCESS(f"{len(report.changes)} changes."))
