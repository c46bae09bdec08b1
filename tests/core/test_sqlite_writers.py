"""The embedded default under many writers at once, as `make run` serves it: the web
server (`runserver`, a thread per request) and the background worker (`db_worker`) on
one SQLite file, with people logging in, posting in the member area, saving in the back
office and importing pages, while the worker sends the email they cause. Every request
is answered, none with a server error, and nothing is lost."""

import re
import threading
import time
from collections import Counter

import pytest
from django.db import connection

from tests.live_site import (
    PROJECT,
    Browser,
    free_port,
    manage,
    site_environment,
    start,
    wait_until_up,
)

PASSWORD = "skrivstorm-2026"  # noqa: S105 - a test account's
ROUNDS = 6
SEED = (PROJECT / "natverk/importing/seed/natverk.txt").read_bytes()

SET_UP = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from natverk.people.models import Coordination, Person, Representation
from natverk.registry.models import Network, Organisation

users = get_user_model().objects
secretariat = users.create_user("kansliet@example.se", "kansliet@example.se", "{PASSWORD}",
                                is_staff=True)
secretariat.groups.add(Group.objects.get(name="Sekretariat"))
skur = Network.objects.get(slug="skur-natverket")
for number in range(4):
    email = f"rep{{number}}@example.se"
    person = Person.objects.create(given_name="Rep", family_name=str(number), email=email,
                                   employer=Organisation.objects.get(slug="lund"))
    person.user = users.create_user(email, email, "{PASSWORD}")
    person.save()
    Representation.objects.create(person=person, network=skur,
                                  organisation=Organisation.objects.get(slug="region-skane"))
"""

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the embedded default is SQLite; runs once, there"
)


def _member(base_url, number, answers, posted):
    browser = Browser(base_url)
    answers.append(browser.log_in(f"rep{number}@example.se", PASSWORD).status)
    for round_ in range(ROUNDS):
        page = browser.get("/mina-natverk/skur-natverket/")
        answers.append(page.status)
        reply = browser.post(
            "/mina-natverk/skur-natverket/inlagg/",
            [("title", f"Inlägg {number}-{round_}"), ("body", "Hej alla."), ("notify", "on")],
        )
        answers.append(reply.status)
        if reply.status == 200 and f"Inlägg {number}-{round_}" in reply.body:
            posted.append(f"Inlägg {number}-{round_}")
        answers.append(browser.log_in(f"rep{number}@example.se", PASSWORD).status)


def _secretariat(base_url, answers, saved, applied):
    browser = Browser(base_url)
    answers.append(browser.log_in("kansliet@example.se", PASSWORD).status)
    change = "/admin/registry/network/{pk}/change/"
    listing = browser.get("/admin/registry/network/")
    answers.append(listing.status)
    pk = re.search(r"/admin/registry/network/(\d+)/change/", listing.body).group(1)
    for round_ in range(ROUNDS):
        fields = [
            (name, f"Tjänstepersoner, omgång {round_}" if name == "audience" else value)
            for name, value in browser.form(change.format(pk=pk), action="")
            if name != "csrfmiddlewaretoken"
        ]
        reply = browser.post(change.format(pk=pk), [*fields, ("_continue", "1")])
        answers.append(reply.status)
        if reply.status == 200 and "Du kan göra ytterligare förändringar nedan." in reply.body:
            saved.append(round_)
        # Each round's page says one thing anew, so that applying it writes.
        page = SEED.replace(
            b"ambitionsniv\xc3\xa5.", f"ambitionsnivå (omgång {round_}).".encode(), 1
        )
        upload = browser.post(
            "/admin/importing/importrun/add/", [], files={"file": ("natverk.txt", page)}
        )
        answers.append(upload.status)
        run = re.search(r"/admin/importing/importrun/(\d+)/change/", upload.url)
        if run:
            done = browser.post(f"/admin/importing/importrun/{run.group(1)}/apply/", [])
            answers.append(done.status)
            if "Importen genomfördes." in done.body:
                applied.append(run.group(1))


def test_writers_at_once_on_the_embedded_default_get_no_server_error(tmp_path, smtp_server):
    database = tmp_path / "natverk.sqlite3"
    env = site_environment(
        database,
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(smtp_server.port),
    )
    for command in (["migrate", "--no-input"], ["load_reference"], ["load_seed"]):
        manage(*command, env=env)
    manage("shell", "--no-imports", "-c", SET_UP, env=env)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = start("runserver", f"127.0.0.1:{port}", "--noreload", env=env,
                   log=tmp_path / "server.log")  # fmt: skip
    worker = start("db_worker", "--interval", "0.2", env=env, log=tmp_path / "worker.log")
    try:
        wait_until_up(base_url)
        answers: list[int] = []
        posted: list[str] = []
        saved: list[int] = []
        applied: list[str] = []
        writers = [
            threading.Thread(target=_member, args=(base_url, n, answers, posted)) for n in range(4)
        ]
        writers.append(
            threading.Thread(target=_secretariat, args=(base_url, answers, saved, applied))
        )
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
        statuses = Counter(answers)
        assert not [status for status in statuses if status >= 500], statuses
        assert len(posted) == 4 * ROUNDS
        assert len(saved) == ROUNDS
        assert len(applied) == ROUNDS
        # Every post told the three other representatives; the worker sends them all.
        deadline = time.monotonic() + 120
        while len(smtp_server.messages) < 3 * len(posted) and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        server.terminate()
        worker.terminate()
        server.wait(30)
        worker.wait(30)
    log = (tmp_path / "server.log").read_text() + (tmp_path / "worker.log").read_text()
    assert "database is locked" not in log
    assert "Traceback" not in log
    check = manage(
        "shell",
        "--no-imports",
        "-c",
        "from natverk.workspace.models import Post; print(Post.objects.count())",
        env=env,
    )
    assert int(check.stdout.strip()) == len(posted)
    # Exactly once: no message twice, none missing.
    subjects = Counter((m["Message-ID"], tuple(m.recipients)) for m in smtp_server.messages)
    assert len(subjects) == 3 * len(posted)
    assert set(subjects.values()) == {1}
