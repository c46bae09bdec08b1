"""What a task worker does beside running tasks (`manage.py worker`): it says it is
alive every NATVERK_WORKER_HEARTBEAT_SECONDS, and catches up on email that is due and
that no task is sending, such as the messages of a worker that was killed (their task
died with it). So a worker started after a crash picks up everything that is due."""

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

from natverk.core.models import WorkerHeartbeat
from natverk.core.tasks import deliver_messages, stranded_messages

logger = logging.getLogger(__name__)
# Heartbeats of workers silent this long are forgotten.
FORGET_AFTER = datetime.timedelta(days=1)


def heartbeat_record(*, name: str, started_at: datetime.datetime) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"started_at": started_at, "seen_at": now}
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


# Work the apps above want done when a worker starts, for what fell due while no run was
# scheduled (the review reminders); each must be harmless to run twice.
START_TASKS: list = []


def worker_start_task(task) -> None:
    START_TASKS.append(task)


def start_tasks_queue() -> None:
    """Queue the apps' work for a worker's start."""
    for task in START_TASKS:
        try:
            task.enqueue()
        except Exception:  # the database away for a moment: the next start does it
            logger.exception("Could not queue %s", task)


def catch_up() -> bool:
    """Queue a sending if email is due that nothing is sending; True if it did."""
    if stranded_messages().exists():
        deliver_messages.enqueue()
        return True
    return False


class Heartbeat:
    """A thread in the worker process: a heartbeat and a catch-up at once, then every
    NATVERK_WORKER_HEARTBEAT_SECONDS until stopped."""

    def __init__(self) -> None:
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> "Heartbeat":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        start_tasks_queue()
        while True:
            try:
                close_old_connections()
                heartbeat_record(name=self.name, started_at=self.started_at)
                if catch_up():
                    logger.info("Queued the sending of email left by a stopped worker.")
            except Exception:  # the database away for a moment: try again next time
                logger.exception("Heartbeat failed")
            finally:
                connections.close_all()
            if self._stop.wait(settings.NATVERK_WORKER_HEARTBEAT_SECONDS):
                return
