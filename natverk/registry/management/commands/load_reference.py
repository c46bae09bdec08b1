from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from natverk.registry.models import Organisation
from natverk.registry.services.reference import (
    DEFAULT_BOUNDARIES,
    DEFAULT_MUNICIPALITIES,
    DEFAULT_NATIONAL,
    DEFAULT_ORGANISATIONS,
    ReferenceDataError,
    reference_load,
)


class Command(BaseCommand):
    help = (
        "Load organisations, municipalities and municipality outlines from reference files, "
        "and Sweden's municipalities, county boards and state bodies from the national files. "
        "Safe to run again: unchanged rows are left alone. A bad file loads nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=Path, default=DEFAULT_ORGANISATIONS)
        parser.add_argument("--municipalities", type=Path, default=DEFAULT_MUNICIPALITIES)
        parser.add_argument("--boundaries", type=Path, default=DEFAULT_BOUNDARIES)
        parser.add_argument(
            "--national",
            type=Path,
            default=DEFAULT_NATIONAL,
            help="Folder with municipalities.csv, counties.csv and state_agencies.csv.",
        )
        parser.add_argument(
            "--without-national", action="store_true", help="Load only the curated files."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the register already has organisations (keeps edits made since).",
        )

    def handle(
        self,
        *args,
        organisations,
        municipalities,
        boundaries,
        national,
        without_national,
        if_empty,
        **options,
    ):
        if if_empty and Organisation.objects.exists():
            self.stdout.write("The register already has organisations; nothing was loaded.")
            return
        try:
            report = reference_load(
                organisations_path=organisations,
                municipalities_path=municipalities,
                boundaries_path=boundaries,
                national_dir=None if without_national else national,
            )
        except ReferenceDataError as error:
            raise CommandError(
                "Nothing was loaded. Fix these problems and run again:\n"
                + "\n".join(error.problems)
            ) from None
        self.stdout.write(self.style.SUCCESS(str(report)))
