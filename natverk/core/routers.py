"""Reads of the public pages from a read replica, when the installation has one
(`DATABASE_REPLICA_URL`). Everything else, and every write, goes to the primary.

The public site renders inside `replica_reads()` (`publishing.caching`); nothing else
does, so the member area, the back office and the workers always see their own writes.
A replica lags behind its primary a little: pages rendered from it shortly after a
change are kept only for `DATABASE_REPLICA_LAG_SECONDS`, then rendered again."""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
_reading = contextvars.ContextVar("natverk_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def replica_reads():
    token = _reading.set(replica_configured())
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reading.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
