from django.core.management.base import BaseCommand

from natverk.people.services import review_reminders_queue


class Command(BaseCommand):
    help = (
        "Queue the reminders to review the networks due for review, for a task backend "
        "that cannot schedule them itself (run it daily from cron). Each network is "
        "reminded once in each review interval, however often this runs."
    )

    def handle(self, *args, **options):
        queued = review_reminders_queue()
        self.stdout.write(f"Reminders queued: {queued}.")
