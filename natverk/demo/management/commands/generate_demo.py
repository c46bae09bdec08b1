import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from natverk.demo.generator import SCALES, DemoDataExists, demo_generate
from natverk.publishing.search import documents_refresh


class Command(BaseCommand):
    help = (
        "Fill the register with synthetic Swedish organisations, networks, people, "
        "memberships and representations. The same --seed gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="skane")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--replace", action="store_true", help="Remove earlier demo data first."
        )

    def handle(self, *args, scale, seed, replace, **options):
        def progress(items, label, total):
            return tqdm(items, desc=label, total=total, unit="batch", file=self.stderr._out)

        started = time.perf_counter()
        try:
            report = demo_generate(
                scale=SCALES[scale], seed=seed, replace=replace, progress=progress
            )
        except DemoDataExists:
            raise CommandError(
                "Demo data is already in the register. Run again with --replace to renew it."
            ) from None
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"{report} ({elapsed:.1f} s)"))
        # Bulk writes send no signals, so the search text is built here in one go.
        indexed = documents_refresh()
        self.stdout.write(f"{indexed} networks indexed for search.")
