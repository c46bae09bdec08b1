"""What an operator sees: /healthz, /readyz and `manage.py status`."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from natverk.core.models import OutgoingMessage, WorkerHeartbeat
from natverk.core.workers import heartbeat_record

pytestmark = pytest.mark.django_db


def test_healthz_says_the_process_is_up(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_a_dead_worker(client):
    long_ago = timezone.now() - datetime.timedelta(minutes=6)
    WorkerHeartbeat.objects.create(name="host:1", started_at=long_ago, seen_at=long_ago)
    response = client.get("/readyz")
    assert response.status_code == 503
    report = response.json()
    assert report["ready"] is False
    assert report["database"] is True
    assert report["migrations_applied"] is True
    assert report["workers_seen"] == 0
    assert report["problems"] == ["no task worker seen in 5 minutes (manage.py worker)"]


def test_readyz_is_ready_with_a_worker_and_tells_the_queue(client):
    heartbeat_record(name="host:2", started_at=timezone.now())
    OutgoingMessage.objects.create(kind="access.password_reset", to="a@example.se")
    waiting = OutgoingMessage.objects.create(kind="access.password_reset", to="b@example.se")
    OutgoingMessage.objects.filter(pk=waiting.pk).update(
        queued_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    OutgoingMessage.objects.create(kind="access.password_reset", to="c@example.se",
                                   status="failed")  # fmt: skip
    report = client.get("/readyz").json()
    assert report["ready"] is True
    assert report["workers_seen"] == 1
    assert report["queued_messages"] == 2
    assert 119 < report["oldest_due_seconds"] < 180
    assert report["failed_messages"] == 1
    assert "a@example.se" not in str(report)


def test_status_prints_the_same_for_an_operator():
    out = io.StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("status", stdout=out)
    assert stopped.value.code == 1
    text = out.getvalue()
    assert "Ready: NO" in text
    assert "Workers seen: 0" in text
    assert "Problem: no task worker seen in 5 minutes (manage.py worker)" in text
    heartbeat_record(name="host:3", started_at=timezone.now())
    out = io.StringIO()
    call_command("status", stdout=out)
    assert "Ready: yes" in out.getvalue()
    assert "Longest wait of a due email: none due" in out.getvalue()
