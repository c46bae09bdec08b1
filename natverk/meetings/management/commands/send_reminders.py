from django.core.management.base import BaseCommand

from natverk.meetings.services import reminders_queue


class Command(BaseCommand):
    help = (
        "Queue reminders for the meetings that begin within NATVERK_REMINDER_DAYS, for a "
        "task backend that cannot schedule them itself (run it daily from cron)."
    )

    def handle(self, *args, **options):
        queued = reminders_queue()
        self.stdout.write(f"{queued} reminder(s) queued.")
