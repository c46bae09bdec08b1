"""Running the outbox in tests as the worker does: every email the site sends is queued
and then delivered by the worker."""

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from natverk.core.tasks import deliver_messages


def run_worker() -> None:
    """One background worker (`manage.py db_worker`), until no task is due."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def work_off() -> None:
    """Run the queued background tasks, and those they queue in turn, as the worker
    does. For transactional tests: the worker commits, and closes a connection that is
    inside a transaction."""
    while DBTaskResult.objects.ready().exists():
        run_worker()


def deliver() -> int:
    """What the worker does when its task comes up: send everything due."""
    return deliver_messages.call()


def run_tasks_here(task_name: str | None = None) -> int:
    """Run the queued tasks (those of one name, if given) in this process and transaction,
    as the worker would, for tests that never commit; returns how many ran."""
    ran = 0
    for row in DBTaskResult.objects.ready():
        result = row.task_result
        if task_name is not None and not row.task_path.endswith(task_name):
            continue
        row.task.call(*result.args, **result.kwargs)
        row.delete()
        ran += 1
    return ran
