"""Every back-office page at national scale, as the secretariat sees it.

    .venv/bin/python bench/backoffice.py [--database FILE] [--runs 3] [--scale sweden]

Builds a SQLite database with the reference data, the seed and `generate_demo` (or uses
FILE, made before by this script with --keep, so that runs can be repeated quickly),
logs in as someone of the secretariat (a staff account in its group, not a superuser)
and requests, with Django's test client in this process, every changelist, every add
form, the change form of the first row of each model and the change forms with the most
rows beside them (the organisation in most networks, the network with most members).
Prints the median time, the number of queries and the size of each page, slowest first.
"""

import argparse
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


def build(path: Path, scale: str) -> None:
    env = dict(
        os.environ, DATABASE_URL=f"sqlite:///{path}", DJANGO_SETTINGS_MODULE="bench.settings"
    )
    print(f"building the data set ({scale}) in {path} …", flush=True)
    for command in (
        ["migrate", "--no-input"],
        ["load_reference"],
        ["load_seed"],
        ["generate_demo", "--scale", scale],
    ):
        manage(*command, env=env)


def pages() -> list[tuple[str, str]]:
    """(name, address) of every page to measure."""
    from datetime import timedelta

    from django.contrib import admin
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from natverk.registry.models import Network, Organisation

    found = []
    for model in admin.site._registry:
        opts = model._meta
        label = f"{opts.app_label}.{opts.model_name}"
        try:
            found.append(
                (f"{label} list", reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
            )
        except NoReverseMatch:
            continue
        found.append((f"{label} add", reverse(f"admin:{opts.app_label}_{opts.model_name}_add")))
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        if first is not None:
            found.append(
                (
                    f"{label} change (first)",
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first]),
                )
            )
    busiest_org = Organisation.objects.annotate(n=Count("memberships")).order_by("-n").first()
    busiest_network = Network.objects.annotate(n=Count("memberships")).order_by("-n").first()
    found += [
        (
            f"registry.organisation change ({busiest_org.name}, {busiest_org.n} memberships)",
            reverse("admin:registry_organisation_change", args=[busiest_org.pk]),
        ),
        (
            f"registry.network change ({busiest_network.name}, {busiest_network.n} memberships)",
            reverse("admin:registry_network_change", args=[busiest_network.pk]),
        ),
        (
            "registry.organisation history (busiest)",
            reverse("admin:registry_organisation_history", args=[busiest_org.pk]),
        ),
        (
            "registry.network history with memberships and seats (busiest)",
            reverse("admin:registry_network_history", args=[busiest_network.pk]),
        ),
        (
            "registry.network member order (busiest)",
            reverse("admin:registry_network_member_order", args=[busiest_network.pk]),
        ),
        ("change log", reverse("admin:change_log")),
        ("change log: memberships", reverse("admin:change_log") + "?typ=membership"),
        ("change log: made by nobody", reverse("admin:change_log") + "?vem=ingen"),
        (
            "change log: a year back",
            reverse("admin:change_log")
            + f"?fore={timezone.now() - timedelta(days=365):%Y-%m-%dT%H:%M:%S}",
        ),
        ("admin index", reverse("admin:index")),
        ("data-quality report", reverse("admin:registry_quality")),
        ("data-quality report as XLSX", reverse("admin:registry_quality_xlsx")),
        (
            "list: networks we drive",
            reverse("admin:registry_network_changelist") + "?home_role=drives",
        ),
        ("list: networks by member count", reverse("admin:registry_network_changelist") + "?o=5"),
        (
            "list: memberships in networks named 'kalmar'",
            reverse("admin:registry_membership_changelist") + "?natverk=kalmar",
        ),
        (
            "autocomplete organisation 'region'",
            reverse("admin:autocomplete")
            + "?term=region&app_label=registry&model_name=membership&field_name=organisation",
        ),
        (
            "list: networks searched 'malmö'",
            reverse("admin:registry_network_changelist") + "?q=malm%C3%B6",
        ),
        (
            "list: organisations searched 'skåne'",
            reverse("admin:registry_organisation_changelist") + "?q=sk%C3%A5ne",
        ),
        (
            "list: memberships of the busiest organisation",
            reverse("admin:registry_membership_changelist")
            + f"?organisation__id__exact={busiest_org.pk}",
        ),
    ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", type=Path)
    parser.add_argument("--keep", action="store_true", help="build --database and keep it")
    parser.add_argument("--scale", default="sweden")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="measure the pages whose name has this")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp())
    try:
        database = folder / "bench.sqlite3"
        if args.database and args.database.exists() and not args.keep:
            shutil.copy(args.database, database)  # each run writes sessions and users
            env = dict(
                os.environ,
                DATABASE_URL=f"sqlite:///{database}",
                DJANGO_SETTINGS_MODULE="bench.settings",
            )
            manage("migrate", "--no-input", env=env)  # a file made before newer migrations
        else:
            build(database, args.scale)
            if args.database:
                shutil.copy(database, args.database)
        measure(database, args.runs, args.only)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(database: Path, runs: int, only: str) -> None:
    os.environ.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_SETTINGS_MODULE="bench.settings")
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR + 10)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from natverk.access.roles import SECRETARIAT_GROUP

    user, _ = get_user_model().objects.get_or_create(
        username="kansliet@example.se", defaults={"is_staff": True}
    )
    user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    results = []
    for name, address in pages():
        if only and only not in name:
            continue
        timings = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(address)
                timings.append(time.perf_counter() - started)
            if response.status_code == 403:
                break  # not the secretariat's (accounts and groups, adding a record)
            if response.status_code != 200:
                raise RuntimeError(f"{name} {address}: {response.status_code}")
        if response.status_code == 403:
            continue
        results.append((statistics.median(timings), len(queries), len(response.content), name))
    results.sort(reverse=True)
    print(f"{'page':72} {'median':>8} {'queries':>8} {'size':>9}")
    for seconds, count, size, name in results:
        print(f"{name[:72]:72} {seconds * 1000:6.0f} ms {count:8d} {size / 1024:7.0f} kB")


if __name__ == "__main__":
    main()
