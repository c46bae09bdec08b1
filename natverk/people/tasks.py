"""The review cycle's reminders, in the background: queued on the day a network falls
due (the day its review, or its last reminder, is an interval old), by a run the review
itself scheduled; a worker that starts runs it once too, for whatever fell due while
none was scheduled. Each network is reminded once an interval, however often it runs."""

import datetime

from django.utils import timezone
from django_tasks import task

from natverk.core.tasks import run_later


@task()
def review_reminders_send() -> int:
    """Queue the reminders that are due; the networks reminded are due again an interval
    from today, and a run is scheduled for that day."""
    from natverk.people.services import review_reminders_queue
    from natverk.registry.selectors import months_after, review_interval_months

    queued = review_reminders_queue()
    if queued:
        review_reminders_schedule(months_after(timezone.localdate(), review_interval_months()))
    return queued


def review_reminders_after(*, network) -> None:
    """A review's listener: the network falls due an interval after it."""
    from natverk.registry.selectors import months_after, review_interval_months

    if network.last_reviewed is not None:
        review_reminders_schedule(months_after(network.last_reviewed, review_interval_months()))


def review_reminders_schedule(day: datetime.date | None) -> None:
    """A run of the reminders at the start of `day`, if the backend can wait."""
    if day is None:
        return
    zone = timezone.get_current_timezone()
    run_later(
        review_reminders_send,
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(6)), zone),
    )
