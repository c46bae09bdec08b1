"""Messages survive a worker that is killed: the real worker (`manage.py worker`) is
killed with SIGKILL in the middle of sending, again and again, and started anew; a real
SMTP server counts what arrives. Every message arrives, none is lost, and a message is
sent twice only if the worker died in the instant between the server taking it and the
worker marking it sent: at most one per kill, with the same Message-ID."""

import signal
import time
from collections import Counter

import pytest
from django.db import connection

from tests.live_site import PROJECT, manage, start
from tests.servers import environment, live_database, smtp_counter

MESSAGES = 400
KILLS = 4

QUEUE = f"""
from django.db import transaction
from natverk.core.outbox import email_queue
with transaction.atomic():
    for n in range({MESSAGES}):
        email_queue(to=f"person{{n}}@example.se", kind="access.password_reset",
                    template="access/email/password_reset",
                    context={{"link": f"https://example.se/{{n}}"}})
"""

STATE = """
from collections import Counter
from natverk.core.models import OutgoingMessage
print(dict(Counter(OutgoingMessage.objects.values_list("status", flat=True))))
"""

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="several workers in production run on PostgreSQL; runs once, there",
)


def test_a_worker_killed_again_and_again_loses_no_message(tmp_path):
    with live_database(tmp_path) as database_url, smtp_counter() as mail:
        env = environment(
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DJANGO_DEBUG="false",
            DATABASE_URL=database_url,
            CACHE_URL=f"filecache://{tmp_path / 'cache'}",
            NATVERK_PRIVATE_FILES=str(tmp_path / "files"),
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            DJANGO_EMAIL_HOST="127.0.0.1",
            DJANGO_EMAIL_PORT=str(mail.port),
            NATVERK_MAIL_LEASE_SECONDS="2",
            NATVERK_WORKER_HEARTBEAT_SECONDS="1",
            PYTHONPATH=str(PROJECT),
        )
        manage("migrate", "--no-input", env=env)
        manage("shell", "--no-imports", "-c", QUEUE, env=env)
        kills = 0
        log = tmp_path / "worker.log"
        deadline = time.monotonic() + 180
        while len({mid for mid, _to in mail.received}) < MESSAGES:
            assert time.monotonic() < deadline, f"{len(mail.received)} arrived"
            worker = start("worker", "--interval", "0.1", env=env, log=log)
            if kills < KILLS:
                # Kill it mid-batch: once it has sent some more.
                target = len(mail.received) + 40
                while len(mail.received) < target and worker.poll() is None:
                    assert time.monotonic() < deadline
                    time.sleep(0.005)
                worker.send_signal(signal.SIGKILL)
                worker.wait(10)
                kills += 1
                continue
            # The last one is left to finish; it stops when everything has arrived.
            while len({mid for mid, _to in mail.received}) < MESSAGES:
                assert time.monotonic() < deadline, f"{len(mail.received)} arrived"
                time.sleep(0.1)
            worker.terminate()
            worker.wait(30)
        state = manage("shell", "--no-imports", "-c", STATE, env=env).stdout.strip()

    assert kills == KILLS
    by_id = Counter(mid for mid, _to in mail.received)
    # Every message arrived, each to its own recipient, under its own Message-ID.
    assert len(by_id) == MESSAGES
    assert {to for _mid, to in mail.received} == {f"person{n}@example.se" for n in range(MESSAGES)}
    assert len({(mid, to) for mid, to in mail.received}) == MESSAGES
    # A message sent again is the one in flight when a worker died: at most one per kill.
    again = sum(count - 1 for count in by_id.values())
    assert again <= KILLS, by_id.most_common(5)
    assert state == f"{{'sent': {MESSAGES}}}"
