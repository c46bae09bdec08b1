"""Real servers for tests that run the site in processes of its own: a database of the
engine the suite runs on, Redis and an SMTP server, each started by the test and stopped
at its end."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.live_site import free_port


@contextmanager
def live_database(folder: Path):
    """A DATABASE_URL for a database of its own: a SQLite file, or on PostgreSQL a new
    database on the suite's server, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{folder / 'natverk.sqlite3'}"
        return
    import psycopg

    params = settings.DATABASES["default"]
    name = f"natverk_live_{uuid.uuid4().hex[:8]}"
    server = {
        "host": params["HOST"] or "127.0.0.1",
        "port": params["PORT"] or 5432,
        "user": params["USER"],
        "password": params["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{server['password']}" if server["password"] else ""
    try:
        yield f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def redis_server():
    """Debian's redis-server on a free loopback port, nothing kept on disk; yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is missing: apt-get install redis-server (.ci/run does)")
    port = free_port()
    folder = tempfile.mkdtemp(prefix="natverk-redis-")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
         "no", "--dir", folder],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


class MailCounter:
    """Counts what a real SMTP server (aiosmtpd, in the test process) received, by
    Message-ID and recipient."""

    def __init__(self):
        self.received: list[tuple[str, str]] = []

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        for recipient in envelope.rcpt_tos:
            self.received.append((str(message["Message-ID"]), recipient))
        return "250 OK"


@contextmanager
def smtp_counter():
    from aiosmtpd.controller import Controller

    counter = MailCounter()
    counter.port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=counter.port)
    controller.start()
    try:
        yield counter
    finally:
        controller.stop()


def environment(**extra: str) -> dict:
    """The environment of a process of the site, nothing inherited from ours."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NATVERK_", "DATABASE_", "CACHE_"))
    }
    env.update(extra)
    return env
