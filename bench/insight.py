"""The insight pages and the networkx analysis at national scale.

    .venv/bin/python bench/insight.py [--runs 3] [--database PATH]

Builds a SQLite database with the reference data, the seed and `generate_demo --scale
sweden` (1,000 networks, 2,000 organisations, 20,000 memberships), unless --database
names one already made so. Then, in this process with Django's test client and the
benchmark settings: each public insight page rendered from scratch (the page cache and
the analysis cache emptied before every request), with its queries and size; and the
networkx analysis alone (degree, betweenness, overlap, communities) and the layout of
what the graph draws. Prints the median of the runs.
"""

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

PAGES = [
    "/insikt/matris/",
    "/insikt/matris/?rader=county",
    "/insikt/matris/?roll=ours&kolumner=5",
    "/insikt/tackning/",
    "/insikt/graf/",
    "/insikt/graf/?roll=ours",
    "/insikt/karta/",
    "/insikt/karta/?natverk={network}",  # the 17th network of the demo
    "/natverk/{network}/",
    "/organisationer/lund/",
]


def manage(*args: str, env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", help="an SQLite file with the national data set")
    args = parser.parse_args()

    if args.database:
        database = Path(args.database).resolve()
    else:
        folder = tempfile.mkdtemp()
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        database = Path(folder) / "bench.sqlite3"
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}", PYTHONPATH=str(PROJECT))
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if not args.database:
        print("building the national data set …", flush=True)
        for command in (
            ["migrate"], ["load_reference"], ["load_seed"], ["generate_demo", "--scale", "sweden"],
        ):  # fmt: skip
            manage(*command, env=env)
    sys.path.insert(0, str(PROJECT))
    from bench.demo import demo_keys

    network, _organisation = demo_keys(env)
    pages = [page.format(network=network) for page in PAGES]
    os.environ.update(env)
    sys.path.insert(0, str(PROJECT))

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from natverk.insight import analysis, selectors

    setup_test_environment()
    client = Client()
    client.get("/insikt/")  # imports and connections, once

    # CPU time of this process (SQLite runs in it too) beside the wall clock: on a shared
    # machine the first is the work done, the second also the waiting for a core.
    print(f"{'page':45} {'wall ms':>8} {'cpu ms':>7} {'queries':>8} {'KB':>5}")
    for path in pages:
        times, cpu, queries, size = [], [], 0, 0
        for _run in range(args.runs):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code}")
            queries, size = len(captured), len(response.content)
        print(
            f"{path:45} {statistics.median(times):8.0f} {statistics.median(cpu):7.0f} "
            f"{queries:8d} {size / 1024:5.0f}"
        )

    # The graph page once the analysis of this state of the register is made (by the first
    # visit after a change): other languages, choices of page, revalidations.
    for path in ("/insikt/graf/", "/insikt/graf/?roll=ours"):
        client.get(path)
        times, cpu = [], []
        for run in range(args.runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(f"{path}{'&' if '?' in path else '?'}run={run}")
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        label = f"{path}, analysis made"
        print(f"{label:45} {statistics.median(times):8.0f} {statistics.median(cpu):7.0f}")

    land = selectors.landscape(selectors.Selection())
    print(
        f"\nlandscape: {len(land.networks)} networks, "
        f"{len({t.organisation_id for t in land.memberships})} organisations, "
        f"{len(land.memberships)} memberships"
    )
    timings: dict[str, list[float]] = {"landscape (6 queries)": [], "analysis with layout": [],
                                       "of which the layout": []}  # fmt: skip
    for _run in range(args.runs):
        started = time.process_time()
        land = selectors.landscape(selectors.Selection())
        timings["landscape (6 queries)"].append(time.process_time() - started)
        started = time.process_time()
        found = analysis.analyse(land)
        timings["analysis with layout"].append(time.process_time() - started)
        started = time.process_time()
        analysis.layout(land, found.drawn)
        timings["of which the layout"].append(time.process_time() - started)
    for name, values in timings.items():
        print(f"{name:45} {statistics.median(values) * 1000:8.0f} ms of CPU")
    print(
        f"betweenness from {found.pivots or 'all'} pivots; communities by {found.community_method}"
    )


if __name__ == "__main__":
    main()
