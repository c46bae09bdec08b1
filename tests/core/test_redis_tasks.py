"""The task backend is a setting: with NATVERK_TASKS_BACKEND=django_tasks_rq.RQBackend
the tasks wait in a real Redis server (started by the test) and `manage.py worker`
runs RQ's worker; the same email goes out, and the same worker health is recorded."""

import time
from collections import Counter

import pytest
from django.db import connection

from tests.live_site import PROJECT, manage, start
from tests.servers import environment, live_database, redis_server, smtp_counter

QUEUE = """
from django.db import transaction
from natverk.core.outbox import email_queue
with transaction.atomic():
    for n in range(30):
        email_queue(to=f"person{n}@example.se", kind="access.password_reset",
                    template="access/email/password_reset",
                    context={"link": f"https://example.se/{n}"})
"""

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the task backend, not the database, is tested"
)


def test_email_goes_out_through_redis_with_no_change_of_code(tmp_path):
    with (
        live_database(tmp_path) as database_url,
        redis_server() as redis_url,
        smtp_counter() as mail,
    ):
        env = environment(
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DJANGO_DEBUG="false",
            DATABASE_URL=database_url,
            CACHE_URL=f"filecache://{tmp_path / 'cache'}",
            NATVERK_PRIVATE_FILES=str(tmp_path / "files"),
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            DJANGO_EMAIL_HOST="127.0.0.1",
            DJANGO_EMAIL_PORT=str(mail.port),
            NATVERK_TASKS_BACKEND="django_tasks_rq.RQBackend",
            NATVERK_TASKS_REDIS_URL=redis_url,
            NATVERK_WORKER_HEARTBEAT_SECONDS="1",
            PYTHONPATH=str(PROJECT),
        )
        manage("migrate", "--no-input", env=env)
        worker = start("worker", env=env, log=tmp_path / "worker.log")
        try:
            manage("shell", "--no-imports", "-c", QUEUE, env=env)
            deadline = time.monotonic() + 60
            while len(mail.received) < 30 and time.monotonic() < deadline:
                time.sleep(0.1)
            status = manage("status", env=env).stdout
        finally:
            worker.terminate()
            worker.wait(30)
    assert sorted(Counter(to for _mid, to in mail.received).values()) == [1] * 30
    assert "django_tasks_rq.RQBackend" in status
    assert "Workers seen: 1" in status
