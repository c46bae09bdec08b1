"""How long inviting takes: the send action in the member area, and delivering the
invitations to a local SMTP server by one background worker.

    .venv/bin/python bench/meetings.py [--invitations 1000] [--runs 3] [--workers 1]

Each run sets up a fresh SQLite file with the reference data and one network whose
member organisations have N current representatives, starts an SMTP server (aiosmtpd) in
this process, and times (1) the coordinator's POST of "send the invitations", through
the whole Django stack, and (2) one `manage.py db_worker --batch` that renders every
message (text, HTML, calendar file, answer links) and delivers it over SMTP. Checks that
every invitation arrived exactly once. Production settings (`bench/settings.py`). Set
BENCH_DATABASE_URL to measure another database; with `--workers N` (N > 1), N
`manage.py worker` processes run side by side (NATVERK_TASK_WORKERS=N) and delivery is
timed until every message is marked sent:

    .venv/bin/python scripts/with_postgres.py env BENCH_DATABASE_URL=… \
        .venv/bin/python bench/meetings.py --invitations 10000 --runs 1 --workers 4

(with_postgres.py sets DATABASE_URL; the benchmark takes it when BENCH_DATABASE_URL is
"same"). Besides the time on the clock, the workers' CPU time is given: on a machine
busy with other work the clock says more about the others than about the workers.
"""

import argparse
import datetime
import io
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


class Counter:
    def __init__(self):
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"


def require(condition: bool, failure: str) -> None:
    if not condition:
        raise SystemExit(f"benchmark invalid: {failure}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def set_up(invitations: int):
    """One network, its members, and N representatives; returns the network and the
    secretariat user who sends."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from natverk.access.roles import SECRETARIAT_GROUP
    from natverk.people.models import Person, Representation
    from natverk.registry.models import Membership, Network, Organisation

    call_command("migrate", "--no-input", verbosity=0)
    call_command("load_reference", stdout=io.StringIO())
    network = Network.objects.create(name="Mätnätverket", slug="matnatverket")
    organisations = list(Organisation.objects.all())
    Membership.objects.bulk_create(
        [Membership(network=network, organisation=o) for o in organisations]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                given_name=f"Person{n}",
                family_name="Mätsson",
                email=f"person{n}@example.se",
                preferred_language="en" if n % 5 == 0 else "sv",
            )
            for n in range(invitations)
        ]
    )
    Representation.objects.bulk_create(
        [
            Representation(
                person=person, network=network, organisation=organisations[n % len(organisations)]
            )
            for n, person in enumerate(people)
        ]
    )
    user = get_user_model().objects.create_user("sekretariat", "sekretariat@example.se", "x")
    user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    return network, user


def _deliver_with_workers(env: dict, workers: int, meeting, invitations: int) -> None:
    """N workers side by side, until every invitation of the meeting is sent."""
    from natverk.core.models import OutgoingMessage

    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2"],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    try:
        deadline = time.monotonic() + 900
        messages = OutgoingMessage.objects.filter(invitation__meeting=meeting)
        while messages.filter(status="sent").count() < invitations:
            require(time.monotonic() < deadline, "delivery took longer than 15 minutes")
            time.sleep(0.5)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(60)


def run_once(
    network, user, invitations: int, env: dict, run: int, workers: int = 1
) -> tuple[float, float, float]:
    from aiosmtpd.controller import Controller
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from natverk.core.models import OutgoingMessage
    from natverk.meetings.services import meeting_create

    start = timezone.localtime().replace(microsecond=0) + datetime.timedelta(days=30 + run)
    meeting = meeting_create(
        networks=[network],
        leading=network,
        title=f"Mätmöte {run}",
        start=start,
        end=start + datetime.timedelta(hours=3),
        place="Gasverksgatan 3A",
        city="Lund",
    )
    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=int(env["DJANGO_EMAIL_PORT"]))
    controller.start()
    try:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        began = time.perf_counter()
        response = client.post(reverse("meetings:invite", args=[meeting.pk]))
        send_action = time.perf_counter() - began
        require(response.status_code == 302, f"the send action answered {response.status_code}")

        began = time.perf_counter()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        if workers > 1:
            _deliver_with_workers(env, workers, meeting, invitations)
        else:
            subprocess.run(
                [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
                 "--interval", "0"],
                cwd=PROJECT, env=env, check=True, capture_output=True,
            )  # fmt: skip
        delivery = time.perf_counter() - began
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    finally:
        controller.stop()
    expected = sorted(f"person{n}@example.se" for n in range(invitations))
    lost = len(set(expected) - set(counter.recipients))
    twice = len(counter.recipients) - len(set(counter.recipients))
    print(f"  arrived {len(counter.recipients)}: {lost} lost, {twice} twice")
    require(sorted(counter.recipients) == expected, "not every invitation arrived exactly once")
    messages = OutgoingMessage.objects.filter(invitation__meeting=meeting)
    require(
        messages.count() == invitations and not messages.exclude(status="sent").exists(),
        "not every message is marked sent",
    )
    return send_action, delivery, cpu


def _database_url(folder: str) -> str:
    wanted = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    return os.environ["DATABASE_URL"] if wanted == "same" else wanted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invitations", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    sends, deliveries, cpus = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(
            DATABASE_URL=_database_url(folder),
            DJANGO_SETTINGS_MODULE="bench.settings",
            DJANGO_EMAIL_HOST="127.0.0.1",
            DJANGO_EMAIL_PORT=str(free_port()),
            NATVERK_PRIVATE_FILES=folder,
            NATVERK_TASK_WORKERS=str(args.workers),
            CACHE_URL=f"filecache://{folder}/cache",
        )
        import django

        django.setup()
        network, user = set_up(args.invitations)
        for run in range(1, args.runs + 1):
            send, delivery, cpu = run_once(
                network, user, args.invitations, dict(os.environ), run, args.workers
            )
            sends.append(send)
            deliveries.append(delivery)
            cpus.append(cpu)
            print(
                f"run {run}: send action {send:.3f} s, delivery {delivery:.1f} s "
                f"({cpu:.1f} s of CPU)"
            )
    load = os.getloadavg()[0]
    print(
        f"median of {args.runs} runs, {args.invitations} invitations, {args.workers} "
        f"worker(s): send action {statistics.median(sends):.3f} s, delivery "
        f"{statistics.median(deliveries):.1f} s ({statistics.median(cpus):.1f} s of CPU); "
        f"load average {load:.1f} on {os.cpu_count()} processors"
    )


if __name__ == "__main__":
    main()
