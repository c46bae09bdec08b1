"""The production deployment as docs/deployment.md sets it up, on this machine: gunicorn
with two workers and the production settings from the environment, behind a proxy that
says the scheme, static files by whitenoise, a task worker, and the public pages read
from a read replica. (The "replica" here is a second database with other content, so
that which one a page was read from shows.)"""

import http.client
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.live_site import PROJECT, free_port, manage, start
from tests.servers import environment, live_database

HOST = "natverk.example.se"
NETWORK = """
from natverk.registry.models import Network
Network.objects.create(name="{name}", slug="matnatverket", is_public=True)
"""

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="production runs on PostgreSQL; runs once"
)


def _get(port, path, **headers):
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    client.request("GET", path, headers={"Host": HOST, **headers})
    response = client.getresponse()
    body = response.read()
    client.close()
    return response, body


def _wait(port, path, status, seconds=60, **headers):
    deadline = time.monotonic() + seconds
    while True:
        try:
            response, body = _get(port, path, **headers)
            if response.status == status:
                return response, body
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{path} never answered {status}"
        time.sleep(0.2)


def test_gunicorn_behind_a_proxy_with_a_worker_and_a_read_replica(tmp_path):
    port = free_port()
    with live_database(tmp_path) as primary, live_database(tmp_path) as replica:
        env = environment(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            DJANGO_SECRET_KEY="q9!vL2#xT7@mR4$wZ8^nB1&kJ6*hF3(pD5)sG0-yC8=eU2+aN7",
            DJANGO_ALLOWED_HOSTS=HOST,
            NATVERK_BASE_URL=f"https://{HOST}",
            DATABASE_URL=primary,
            DATABASE_REPLICA_URL=replica,
            CACHE_URL=f"filecache://{tmp_path / 'cache'}",
            DJANGO_STATIC_ROOT=str(tmp_path / "static"),
            NATVERK_PRIVATE_FILES=str(tmp_path / "files"),
            NATVERK_TRUSTED_PROXIES="1",
            NATVERK_WORKER_HEARTBEAT_SECONDS="1",
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_WORKERS="2",
            PYTHONPATH=str(PROJECT),
        )
        manage("migrate", "--no-input", env=env)
        manage("migrate", "--no-input", env={**env, "DATABASE_URL": replica})
        manage("shell", "--no-imports", "-c", NETWORK.format(name="Från primären"), env=env)
        manage("shell", "--no-imports", "-c", NETWORK.format(name="Från repliken"),
               env={**env, "DATABASE_URL": replica})  # fmt: skip
        manage("collectstatic", "--no-input", env=env)
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        log = tmp_path / "web.log"
        with log.open("w") as out:
            web = subprocess.Popen(
                [gunicorn, "--config", "config/gunicorn.py", "config.wsgi:application"],
                cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        worker = None
        try:
            # A probe needs neither the site's name nor HTTPS.
            _health, body = _wait(port, "/healthz", 200, Host="10.0.0.5:8000")
            assert body == b"ok\n"
            # Without the proxy saying HTTPS, the site sends the visitor there.
            plain, _body = _get(port, "/natverk/")
            assert plain.status == 301
            assert plain.getheader("Location") == f"https://{HOST}/natverk/"
            https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
            page, body = _get(port, "/natverk/matnatverket/", **https)
            assert page.status == 200
            assert "Från repliken" in body.decode()  # the public page is read from the replica
            assert page.getheader("Strict-Transport-Security")
            manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
            css = manifest["paths"]["core/site.css"]
            static, _body = _get(port, f"/static/{css}", **https)
            assert static.status == 200
            assert "immutable" in static.getheader("Cache-Control")
            # No worker yet: not ready, and it says why.
            unready, body = _get(port, "/readyz", **https)
            assert unready.status == 503
            assert "no task worker seen" in json.loads(body)["problems"][0]
            worker = start("worker", env=env, log=tmp_path / "worker.log")
            _ready, body = _wait(port, "/readyz", 200, **https)
            assert json.loads(body)["workers_seen"] == 1
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(30)
            web.terminate()
            web.wait(30)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    requests = [line for line in lines if line.get("logger") == "natverk.request"]
    assert {"route": "/natverk/<slug:slug>/", "status": 200} in [
        {"route": r["route"], "status": r["status"]} for r in requests
    ]
    assert all("duration_ms" in r for r in requests)
    assert "203.0.113.9" not in log.read_text()
