"""Whether the installation can serve: the database answers, its migrations are all
applied, a task worker has been seen lately, and how the email queue stands. Read by
/readyz and `manage.py status`."""

import datetime
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from natverk.core.enums import UNFINISHED, MessageStatus
from natverk.core.models import OutgoingMessage, WorkerHeartbeat

_migrated = False  # once all are applied, this process need not look again


@dataclass
class Health:
    database: bool
    migrations_applied: bool
    workers_seen: int  # within NATVERK_WORKER_STALE_MINUTES
    worker_last_seen: datetime.datetime | None
    queued_messages: int  # not yet sent, nor failed for good
    oldest_due_seconds: float | None  # how long the longest-waiting due message has waited
    failed_messages: int
    task_backend: str

    @property
    def ready(self) -> bool:
        return self.database and self.migrations_applied and self.workers_seen > 0

    def problems(self) -> list[str]:
        found = []
        if not self.database:
            found.append("the database does not answer")
        elif not self.migrations_applied:
            found.append("migrations are not all applied (manage.py migrate)")
        elif not self.workers_seen:
            found.append(
                f"no task worker seen in {settings.NATVERK_WORKER_STALE_MINUTES} minutes "
                "(manage.py worker)"
            )
        return found

    def as_json(self) -> dict:
        data = asdict(self)
        if self.worker_last_seen is not None:
            data["worker_last_seen"] = self.worker_last_seen.isoformat()
        return {"ready": self.ready, "problems": self.problems(), **data}


def _migrations_applied() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


def health_check(now: datetime.datetime | None = None) -> Health:
    now = now or timezone.now()
    backend = settings.TASKS["default"]["BACKEND"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return Health(False, False, 0, None, 0, None, 0, backend)
    migrated = _migrations_applied()
    if not migrated:
        return Health(True, False, 0, None, 0, None, 0, backend)
    since = now - datetime.timedelta(minutes=settings.NATVERK_WORKER_STALE_MINUTES)
    heartbeats = WorkerHeartbeat.objects.filter(seen_at__gte=since)
    last_seen = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)
    unfinished = OutgoingMessage.objects.filter(status__in=UNFINISHED)
    due_since = (
        unfinished.filter(status__in=[MessageStatus.QUEUED, MessageStatus.RETRYING])
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .aggregate(first=Min(Coalesce("next_attempt_at", "queued_at")))["first"]
    )
    return Health(
        database=True,
        migrations_applied=True,
        workers_seen=heartbeats.count(),
        worker_last_seen=last_seen.first(),
        queued_messages=unfinished.count(),
        oldest_due_seconds=round((now - due_since).total_seconds(), 1) if due_since else None,
        failed_messages=OutgoingMessage.objects.filter(status=MessageStatus.FAILED).count(),
        task_backend=backend,
    )
