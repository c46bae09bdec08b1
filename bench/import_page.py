"""How long reading and previewing a networks page takes, on a fresh SQLite file.

    .venv/bin/python bench/import_page.py [--networks 1000] [--members 15] [--runs 3] [--large]

Sets up a database with the reference data and the national demo organisations
(`generate_demo --scale sweden`), writes a page of N networks with M members each, named
as a page would name them, and times `page_import` (read, resolve, compare with the
register; nothing written) for that page and for the seed page. Prints the medians.
With --large, also reads HTML pages of about 1.2 and 4.8 MB (time should grow in
proportion to size) and prints the process's peak memory.
Set BENCH_DATABASE_URL to measure another database.
"""

import argparse
import atexit
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def generated_page(names: list[str], networks: int, members: int, seed: int = 1) -> str:
    chooser = random.Random(seed)
    lines = ["Nätverk", "", "En genererad sida med många nätverk, för att mäta importen.", ""]
    for number in range(1, networks + 1):
        chosen = chooser.sample(names, members)
        lines += [
            f"Nätverk nummer {number}",
            "",
            f"Nätverket träffas fyra gånger per år och arbetar med fråga {number}.",
            "",
            "Följande organisationer deltar i nätverket: "
            f"{chosen[0]} (sammankallande), {', '.join(chosen[1:-1])} och {chosen[-1]}.",
            "",
        ]
    lines += ["Senast uppdaterad: 2026-11-27", "", "Sidansvarig", "", "Alma Sandberg"]
    return "\n".join(lines)


def large_html(networks: int) -> bytes:
    parts = ["<html><body><main><h1>Nätverk</h1><p>Inledning.</p>"]
    for number in range(networks):
        parts.append(
            f"<h2>Nätverk nummer {number}</h2><p>Nätverket träffas fyra gånger per år och "
            f"arbetar med fråga {number}. Följande organisationer deltar i nätverket: Region "
            "Skåne (sammankallande), Malmö stad, Lunds kommun och Tillväxtverket.</p>"
            "<ul><li>Punkt ett om arbetet</li><li>Punkt två om arbetet</li></ul>"
        )
    parts.append("</main></body></html>")
    return "".join(parts).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--networks", type=int, default=1000)
    parser.add_argument("--members", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large", action="store_true", help="Also read 1.2 and 4.8 MB pages.")
    args = parser.parse_args()

    folder = tempfile.mkdtemp()
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command

    from natverk.demo.generator import SCALES, demo_generate
    from natverk.importing.parser import page_read
    from natverk.importing.seed import SEED_PAGE
    from natverk.importing.services import page_import
    from natverk.registry.models import Organisation

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    demo_generate(scale=SCALES["sweden"], seed=2026)
    names = list(Organisation.objects.values_list("name", flat=True).distinct())
    page = generated_page(names, args.networks, args.members).encode("utf-8")
    size = len(page) / 1e6
    print(f"generated page: {args.networks} networks × {args.members} members, {size:.2f} MB")

    for label, data in [("generated page", page), ("seed page", SEED_PAGE.read_bytes())]:
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            result = page_import(data)
            timings.append(time.perf_counter() - started)
        print(
            f"{label}: read and preview, median of {args.runs}: {statistics.median(timings):.3f} s "
            f"({len(result.page.reading.networks)} networks, {len(result.report.changes)} changes)"
        )
    if args.large:
        import resource

        for networks in (4000, 16000):
            data = large_html(networks)
            started = time.perf_counter()
            page_read(data)
            elapsed = time.perf_counter() - started
            print(
                f"HTML page of {len(data) / 1e6:.1f} MB ({networks} networks): read in "
                f"{elapsed:.1f} s ({elapsed / (len(data) / 1e6):.1f} s per MB)"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
        print(f"peak memory of the whole run: {peak:.0f} MB")


if __name__ == "__main__":
    main()
