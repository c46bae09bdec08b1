"""How registration holds up with many: N people invited to a meeting with fewer places
than people, a waiting list and three questions, each registering in a transaction of
its own; then the coordinator's page with every list, and the participants' export.

    .venv/bin/python bench/registration.py [--people 1000] [--places 800]

A fresh SQLite file (or BENCH_DATABASE_URL, "same" for DATABASE_URL) with the reference
data and one network of N representatives (`bench/meetings.py`). Times (1) the
registrations, one by one through the service (the last N - places go on the waiting
list), (2) a place given up, which moves the first who waits up, (3) the meeting's page
for its coordinator, through the whole Django stack, with its queries counted, and (4)
the XLSX export. Checks that no more are registered than there are places and that the
lists add up. Production settings (`bench/settings.py`).
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.meetings import _database_url, free_port, require, set_up  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--places", type=int, default=800)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(
            DATABASE_URL=_database_url(folder),
            DJANGO_SETTINGS_MODULE="bench.settings",
            DJANGO_EMAIL_HOST="127.0.0.1",
            DJANGO_EMAIL_PORT=str(free_port()),
            NATVERK_PRIVATE_FILES=folder,
            CACHE_URL=f"filecache://{folder}/cache",
        )
        import django

        django.setup()
        run(args.people, args.places)


def run(people: int, places: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from natverk.meetings.enums import QuestionKind, RegistrationStatus
    from natverk.meetings.models import Registration
    from natverk.meetings.services import (
        QuestionSpec,
        invitation_answer,
        invitations_create,
        meeting_create,
        meeting_registration_set,
    )

    network, user = set_up(people)
    start = timezone.localtime().replace(microsecond=0) + datetime.timedelta(days=30)
    meeting = meeting_create(
        networks=[network],
        leading=network,
        title="Mätinternat",
        kind="residential",
        start=start,
        end=start + datetime.timedelta(days=1, hours=6),
    )
    meeting = meeting_registration_set(
        meeting=meeting,
        enabled=True,
        capacity=places,
        waiting_list=True,
        questions=[
            QuestionSpec(kind=QuestionKind.FOOD),
            QuestionSpec(kind=QuestionKind.OVERNIGHT, required=True),
            QuestionSpec(kind=QuestionKind.DAYS, required=True),
        ],
    )
    invitations_create(meeting=meeting)
    questions = {q.kind: q.pk for q in meeting.questions.all()}
    day = timezone.localdate(meeting.start).isoformat()
    replies = {
        questions[QuestionKind.FOOD]: "Vegetarisk",
        questions[QuestionKind.OVERNIGHT]: True,
        questions[QuestionKind.DAYS]: [day],
    }
    invitations = list(meeting.invitations.select_related("meeting").order_by("pk"))

    began = time.perf_counter()
    for invitation in invitations:
        invitation_answer(invitation=invitation, answer="yes", replies=replies)
    registering = time.perf_counter() - began
    seated = Registration.objects.filter(status=RegistrationStatus.REGISTERED).count()
    waiting = Registration.objects.filter(status=RegistrationStatus.WAITING).count()
    require(seated == min(places, people), f"{seated} registered for {places} places")
    require(seated + waiting == people, "the lists do not add up")

    began = time.perf_counter()
    invitation_answer(invitation=invitations[0], answer="no")
    giving_up = time.perf_counter() - began
    require(
        Registration.objects.filter(status=RegistrationStatus.REGISTERED).count() == seated,
        "the place given up did not go to the first who waits",
    )

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.get(meeting.get_absolute_url())  # the site's identity read once, as in use
    queries: list[str] = []

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        began = time.perf_counter()
        page = client.get(meeting.get_absolute_url())
        page_time = time.perf_counter() - began
    require(page.status_code == 200, f"the meeting's page answered {page.status_code}")
    began = time.perf_counter()
    export = client.get(reverse("meetings:registrations_export", args=[meeting.pk]))
    export_time = time.perf_counter() - began
    require(export.status_code == 200, f"the export answered {export.status_code}")
    load = os.getloadavg()[0]
    print(
        f"{people} people, {places} places: {people} registrations in {registering:.1f} s "
        f"({registering / people * 1000:.1f} ms each); a place given up and the first who "
        f"waits moved up in {giving_up * 1000:.0f} ms; the coordinator's page "
        f"{page_time * 1000:.0f} ms, {len(queries)} queries, {len(page.content) // 1024} kB; "
        f"the export {export_time * 1000:.0f} ms, {len(export.content) // 1024} kB; "
        f"load average {load:.1f} on {os.cpu_count()} processors"
    )


if __name__ == "__main__":
    main()
