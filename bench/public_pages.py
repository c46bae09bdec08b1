"""Latency of the public pages at national scale, against a minimal Django view.

    .venv/bin/python bench/public_pages.py [--requests 300] [--workers 2]

Builds a SQLite database with the reference data, the seed and `generate_demo --scale
sweden`, serves it with gunicorn (production settings, `bench/settings.py`), and
requests the minimal view, the networks page, a network page and two organisation pages
in turn, one request at a time, each as a browser's first visit (no cookies, no
revalidation). Prints the median latency of each and its ratio to the minimal view.
"""

import argparse
import atexit
import http.client
import os
import shutil
import socket
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status}")
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    folder = tempfile.mkdtemp()
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(PROJECT),
    )
    print("building the national data set …", flush=True)
    for command in (
        ["migrate"],
        ["load_reference"],
        ["load_seed"],
        ["generate_demo", "--scale", "sweden"],
    ):
        manage(*command, env=env)

    # The 17th network and the 42nd organisation of the demo, as the same seed makes them.
    sys.path.insert(0, str(PROJECT))
    from bench.demo import demo_keys

    network, organisation = demo_keys(env)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--log-level", "warning"],
        cwd=PROJECT, env=dict(env, DJANGO_SETTINGS_MODULE="bench.settings"),
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                get(port, "/bench/minimal/")
                break
            except (OSError, RuntimeError):
                time.sleep(0.2)
        paths = {
            "minimal view": "/bench/minimal/",
            "networks page": "/natverk/",
            "network page": f"/natverk/{network}/",
            "organisation (typical)": f"/organisationer/{organisation}/",
            "organisation (home, many networks)": "/organisationer/skanes-kommuner/",
        }
        for path in paths.values():  # first renders fill each worker's page cache
            for _ in range(args.workers * 3):
                get(port, path)
        timings = {name: [] for name in paths}
        for _ in range(args.requests):
            for name, path in paths.items():
                timings[name].append(get(port, path))
    finally:
        server.terminate()
        server.wait()

    baseline = statistics.median(timings["minimal view"])
    print(f"{args.requests} requests each, {args.workers} gunicorn workers, SQLite")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"  {name:36} median {median:6.2f} ms   {median / baseline:4.2f}× minimal")
    uncached(env)


def uncached(env: dict, runs: int = 5) -> None:
    """The big pages rendered from scratch, in this process: time, queries and size."""
    os.environ.update(env)
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    for path in ("/natverk/", "/organisationer/"):
        timings = []
        for _ in range(runs):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
        print(
            f"  {path:36} without the cache: median {statistics.median(timings):6.0f} ms, "
            f"{len(queries)} queries, {len(response.content) / 1000:.0f} KB"
        )


if __name__ == "__main__":
    main()
