"""The page cache of a running site (runserver on a SQLite file, as `make run` serves):
pages render while another process holds the database's write lock, because rendering
never writes; and many visitors asking at once for a page not yet in the cache cause one
render, the others waiting for it, whatever they add to the query string."""

import json
import sqlite3
import threading
import time
import urllib.request
from collections import Counter

import pytest
from django.db import connection

from tests.live_site import free_port, manage, site_environment, start, wait_until_up

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the write lock is SQLite's; runs once, there"
)


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        response.read()
        return response.status


def test_pages_render_under_a_held_write_lock_and_once_for_many_at_once(tmp_path):
    database = tmp_path / "natverk.sqlite3"
    env = site_environment(database, NATVERK_SQLITE_BUSY_SECONDS="30")
    for command in (["migrate", "--no-input"], ["load_reference"], ["load_seed"]):
        manage(*command, env=env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    server = start("runserver", f"127.0.0.1:{port}", "--noreload", env=env, log=log)
    try:
        wait_until_up(base)
        # Another process writes and holds the lock (an import, say).
        writer = sqlite3.connect(database, timeout=1)
        writer.execute("BEGIN IMMEDIATE")
        began = time.monotonic()
        for path in ["/natverk/", "/natverk/skur-natverket/", "/organisationer/lund/",
                     "/en/organisationer/", "/natverk/?q=fonderna"]:  # fmt: skip
            assert _get(base + path) == 200, path
        under_lock = time.monotonic() - began
        writer.rollback()
        writer.close()
        assert under_lock < 10  # a page that waited for the lock would take 30 s

        time.sleep(0.5)
        before = len(log.read_text().splitlines())
        statuses = []
        threads = [
            threading.Thread(
                target=lambda n=n: statuses.append(
                    _get(f"{base}/natverk/?roll=alla&utm_source=visitor{n}")
                )
            )
            for n in range(12)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(30)
    assert statuses == [200] * 12
    lines = log.read_text().splitlines()[before:]
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    served = Counter(
        entry["page_cache"]
        for entry in entries
        if entry.get("logger") == "natverk.request" and entry["route"] == "/natverk/"
    )
    # The twelve at once: one render, the others waited for it or found it.
    assert served["render"] == 1, served
    assert served["waited"] + served["hit"] == 11, served
    assert "Traceback" not in log.read_text()
