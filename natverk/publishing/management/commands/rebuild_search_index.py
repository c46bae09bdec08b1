from django.core.management.base import BaseCommand

from natverk.publishing.search import documents_refresh


class Command(BaseCommand):
    help = (
        "Rebuild the search text of every network. Changes made through the site keep it "
        "up to date by themselves; this is for data written in bulk or restored from a backup."
    )

    def handle(self, *args, **options):
        count = documents_refresh()
        self.stdout.write(self.style.SUCCESS(f"{count} networks indexed."))
