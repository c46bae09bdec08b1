"""Latency of the public pages at national scale, against a minimal Django view.

    .venv/bin/python bench/public_pages.py [--requests 300] [--workers 2]

Builds a SQLite database with the reference data, the seed and `generate_demo --scale
sweden`, serves it with gunicorn (production settings, `bench/settings.py`), and
requests the minimal view, the networks page, a network page and two organisation pages
in turn, one request at a time, each as a browser's first visit (no cookies, no
revalidation). Prints the median latency of each and its ratio to the minimal view.

    .venv/bin/python bench/public_pages.py --uncached [--database var/sweden.sqlite3]

Measures every public page type instead, in this process with the test client: its HTML
size, its render time with the page cache cleared before each request (the median of
five) and its queries, against the goals of ≤ 100 KB and ≤ 150 ms. The data set is built
once into `--database` (with a public meeting of every public network each month for a
year, which the demo data has none of) and used again by later runs.
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


def build(env: dict) -> None:
    print("building the national data set …", flush=True)
    for command in (
        ["migrate"],
        ["load_reference"],
        ["load_seed"],
        ["generate_demo", "--scale", "sweden"],
    ):
        manage(*command, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--uncached", action="store_true", help="every public page type, in-process, uncached"
    )
    parser.add_argument("--database", help="a SQLite file to build once and use again")
    args = parser.parse_args()

    if args.database:
        database = Path(args.database).resolve()
    else:
        folder = tempfile.mkdtemp()
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        database = Path(folder) / "bench.sqlite3"
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(PROJECT),
    )
    if not database.exists():
        build(env)
    if args.uncached:
        every_page_uncached(env)
        return

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


KB_GOAL = 100
MS_GOAL = 150


def _setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()


def add_public_meetings(months: int = 12) -> int:
    """A public meeting of every public network each month from tomorrow on, unless
    there are some already: the calendar at national scale."""
    import datetime

    from django.utils import timezone

    from natverk.meetings.models import Meeting, MeetingNetwork
    from natverk.registry.models import Network

    if Meeting.objects.filter(is_public=True, title__startswith="Nätverksmöte").exists():
        return Meeting.objects.filter(is_public=True).count()
    networks = list(Network.objects.public().only("pk", "name"))
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    meetings, links = [], []
    for month in range(months):
        for number, network in enumerate(networks):
            begins = start + datetime.timedelta(days=1 + 30 * month + number % 28)
            meetings.append(
                Meeting(
                    title=f"Nätverksmöte {month + 1}, {network.name}",
                    start=begins,
                    end=begins + datetime.timedelta(hours=3),
                    city="Malmö",
                    is_public=True,
                    status="invited",
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=500)
    saved = Meeting.objects.filter(title__startswith="Nätverksmöte").order_by("pk")
    by_title = {network.name: network for network in networks}
    for meeting in saved.only("pk", "title"):
        network = by_title[meeting.title.split(", ", 1)[1]]
        links.append(MeetingNetwork(meeting_id=meeting.pk, network_id=network.pk, leading=True))
    MeetingNetwork.objects.bulk_create(links, batch_size=500)
    return len(meetings)


def every_page_uncached(env: dict, runs: int = 5) -> None:
    """Every public page type rendered from scratch in this process: size, time and
    queries of each, against the goals."""
    _setup(env)
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from natverk.core.selectors import site_identity
    from natverk.demo.generator import demo_organisations
    from natverk.registry.models import FocusTag, Network

    print(f"{add_public_meetings()} public meetings in the register", flush=True)
    network = Network.objects.public().order_by("pk")[17].slug
    organisation = demo_organisations().filter(needs_review=False)[41].slug
    focus = FocusTag.objects.filter(networks__is_public=True).first().slug
    paths = {
        "start page": "/",
        "networks": "/natverk/",
        "networks, page 2": "/natverk/?sida=2",
        "networks, all of them": "/natverk/?roll=alla",
        "search results": "/natverk/?q=region",
        "a network": f"/natverk/{network}/",
        "organisations": "/organisationer/",
        "an organisation": f"/organisationer/{organisation}/",
        "skanes-kommuner": "/organisationer/skanes-kommuner/",
        "meetings": "/moten/",
        "meetings of one network": f"/moten/?natverk={network}",
        "meetings of one focus": f"/moten/?fokus={focus}",
        "accessibility": "/tillganglighet/",
        "about": "/om-webbplatsen/",
        "personal data": "/personuppgifter-och-kakor/",
        "insight": "/insikt/",
        "insight: matrix": "/insikt/matris/",
        "insight: coverage": "/insikt/tackning/",
        "insight: graph": "/insikt/graf/",
        "insight: map": "/insikt/karta/",
        "sitemap index": "/sitemap.xml",
        "sitemap: networks": "/sitemap-networks.xml",
        "sitemap: organisations, page 2": "/sitemap-organisations.xml?p=2",
    }
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'page':34} {'KB':>6} {'ms':>6} {'queries':>7}")
    for name, path in paths.items():
        timings = []
        for _ in range(runs):
            cache.clear()
            site_identity()  # kept, as after the first page
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code}")
        size = len(response.content) / 1000
        median = statistics.median(timings)
        over = []
        if size > KB_GOAL:
            over.append(f"over {KB_GOAL} KB")
        if median > MS_GOAL:
            over.append(f"over {MS_GOAL} ms")
        print(
            f"{name:34} {size:6.0f} {median:6.0f} {len(queries):7}  {path}"
            + (f"  ({', '.join(over)})" if over else ""),
            flush=True,
        )


if __name__ == "__main__":
    main()
