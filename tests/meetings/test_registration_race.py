"""The last place, asked for by two people at the same moment: one gets it, the other is
told the meeting is full. On PostgreSQL by the lock on the meeting's row; on SQLite by
write transactions that take the database's lock when they begin (the settings of the
embedded default), tried on a SQLite file as the site runs on it."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection

from natverk.meetings.enums import RegistrationStatus
from natverk.meetings.models import Invitation, Registration
from natverk.meetings.services import invitations_create
from tests.live_site import PROJECT
from tests.meetings.race import race
from tests.meetings.test_registration import registration_on, replies

pytestmark = pytest.mark.django_db(transaction=True)


def _in_a_sqlite_file(tmp_path, pks: list[int], given: dict) -> dict[str, str]:
    """The race on a copy of the test database in a file, in a process of its own with
    the site's SQLite settings."""
    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"sqlite:///{path}",
            "PYTHONPATH": str(PROJECT),
        }
    )
    done = subprocess.run(
        [sys.executable, "-m", "tests.meetings.race", json.dumps(pks), json.dumps(given)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    with sqlite3.connect(path) as copy:
        seated = copy.execute(
            "select count(*) from meetings_registration where status = 'registered'"
        ).fetchone()[0]
    assert seated == 1
    return outcome


@pytest.mark.parametrize("waiting_list", [False, True], ids=["no waiting list", "waiting list"])
def test_two_people_asking_for_the_last_place_at_once_cannot_both_get_it(
    residential, seats, tmp_path, waiting_list
):
    meeting = registration_on(residential, capacity=1, waiting_list=waiting_list)
    invitations_create(meeting=meeting)
    pks = list(
        Invitation.objects.filter(
            meeting=meeting, person__in=[seats["regionen"], seats["kommunerna"]]
        ).values_list("pk", flat=True)
    )
    given = replies(meeting, food="Vegetarisk")
    if connection.vendor == "sqlite":
        outcomes = list(_in_a_sqlite_file(tmp_path, pks, given).values())
    else:
        outcomes = list(race(pks, given).values())
        assert Registration.objects.filter(status=RegistrationStatus.REGISTERED).count() == 1
    second = "waiting" if waiting_list else "Mötet är fullt."
    assert sorted(outcomes) == sorted(["registered", second])
