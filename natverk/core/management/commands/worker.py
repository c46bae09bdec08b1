"""The task worker of the installation, whatever the task backend: django-tasks' database
backend (`db_worker`) or RQ on Redis (`rqworker`). Beside the tasks it says it is alive
and picks up email left by a worker that stopped (`core.workers`)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from natverk.core.workers import Heartbeat

RQ_BACKEND = "django_tasks_rq.RQBackend"


class Command(BaseCommand):
    help = "Run a task worker: sends email in the background. Run one or more per machine."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait for a new task when there is none (database backend).",
        )

    def handle(self, *args, interval: float, verbosity: int, **options):
        tasks = settings.TASKS["default"]
        heartbeat = Heartbeat().start()
        try:
            if tasks["BACKEND"] == RQ_BACKEND:
                call_command(
                    "rqworker",
                    *tasks.get("QUEUES", ["default"]),
                    job_class="django_tasks_rq.Job",
                    with_scheduler=True,
                    verbosity=verbosity,
                )
            else:
                call_command("db_worker", interval=interval, verbosity=verbosity)
        finally:
            heartbeat.stop()
