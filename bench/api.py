"""The open data at national scale: a page of the API, the Popolo export, the downloads.

    .venv/bin/python bench/api.py [--runs 5]

Builds a SQLite database with the reference data, the seed and `generate_demo --scale
sweden` (production settings, `bench/settings.py`), then, in this process with Django's
test client (no network, no page cache: every answer is made anew), times a page of 100
networks with all their members, relations and focus, a page of 100 organisations and of
500 memberships, the whole Popolo export, and each CSV and XLSX download. Prints the
median time, the number of queries and the size of each.
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


def manage(*args: str, env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    folder = tempfile.mkdtemp()
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(PROJECT),
        NATVERK_API_RATE="100000/minute",
    )
    print("building the national data set …", flush=True)
    for command in (
        ["migrate"],
        ["load_reference"],
        ["load_seed"],
        ["generate_demo", "--scale", "sweden"],
    ):
        manage(*command, env=env)

    os.environ.update(env)
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from natverk.api.popolo import popolo_json
    from natverk.registry.models import Membership, Network, Organisation

    print(
        f"{Network.objects.public().count()} public networks, {Organisation.objects.count()} "
        f"organisations, {Membership.objects.count()} memberships; SQLite; "
        f"median of {args.runs}"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    addresses = [
        "/api/v1/networks/?page_size=100",
        "/api/v1/networks/?page_size=100&member=skanes-kommuner",
        "/api/v1/organisations/?page_size=100",
        "/api/v1/memberships/?page_size=500",
        "/api/v1/popolo.json",
        *(f"/oppna-data/{name}.csv" for name in ("networks", "organisations", "memberships")),
        *(f"/oppna-data/{name}.xlsx" for name in ("networks", "organisations", "memberships")),
    ]
    for path in addresses:
        timings = []
        for _ in range(args.runs):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code}")
        print(
            f"  {path:58} {statistics.median(timings):8.0f} ms  {len(queries):3} queries  "
            f"{len(response.content) / 1000:8.0f} KB"
        )
    # The command's work, without HTTP: what `manage.py export_popolo` does.
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        document = popolo_json("http://127.0.0.1:8000")
        timings.append(time.perf_counter() - started)
    print(f"  {'export_popolo (in process)':58} {statistics.median(timings):8.2f} s  "
          f"{len(document) / 1e6:.1f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
