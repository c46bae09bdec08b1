from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from natverk.api.popolo import popolo_json


class Command(BaseCommand):
    help = (
        "Writes the public register as Popolo JSON (the same document as /api/v1/popolo.json) "
        "to standard output or a file. No personal data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write; standard output if left out.")
        parser.add_argument(
            "--base-url",
            default=settings.NATVERK_BASE_URL,
            help="The site's address, for the links to the public pages (NATVERK_BASE_URL).",
        )

    def handle(self, *args, output=None, base_url, **options):
        document = popolo_json(base_url)
        if output:
            Path(output).write_bytes(document)
            self.stderr.write(f"{output}: {len(document)} bytes")
        else:
            self.stdout.write(document.decode())
