"""`manage.py status`: what /readyz says, for an operator at the command line."""

from django.core.management.base import BaseCommand, no_translations

from natverk.core.health import health_check


class Command(BaseCommand):
    help = "Say whether the installation can serve: database, migrations, workers, email."

    # An operator's command speaks English whatever language a caller left active.
    @no_translations
    def handle(self, *args, **options):
        health = health_check()
        yes_no = {True: "yes", False: "NO"}
        lines = [
            f"Ready: {yes_no[health.ready]}",
            f"Database answers: {yes_no[health.database]}",
            f"Migrations applied: {yes_no[health.migrations_applied]}",
            f"Task backend: {health.task_backend}",
            f"Workers seen: {health.workers_seen}"
            + (f" (last {health.worker_last_seen:%Y-%m-%d %H:%M:%S %Z})"
               if health.worker_last_seen else ""),
            f"Email waiting: {health.queued_messages}",
            "Longest wait of a due email: "
            + (f"{health.oldest_due_seconds:.0f} s" if health.oldest_due_seconds is not None
               else "none due"),
            f"Email failed for good: {health.failed_messages}",
        ]  # fmt: skip
        lines += [f"Problem: {problem}" for problem in health.problems()]
        self.stdout.write("\n".join(lines))
        if not health.ready:
            raise SystemExit(1)
