"""Meetings' background work: making the invitations the send action asked for, and
queueing reminders. Their email goes through the outbox (`core.tasks`)."""

from django.core.exceptions import ValidationError
from django_tasks import task


@task()
def send_invitations(meeting_id: int) -> int:
    """Make the invitations the send action asked for; their emails follow."""
    from natverk.meetings.models import Meeting
    from natverk.meetings.services import invitations_create

    meeting = Meeting.objects.filter(pk=meeting_id).first()
    try:
        return invitations_create(meeting=meeting) if meeting else 0
    except ValidationError:  # cancelled, or its date taken away, since the send action
        return 0


@task()
def send_reminders() -> int:
    """Queue reminders for the meetings that begin within the reminder period."""
    from natverk.meetings.services import reminders_queue

    return reminders_queue()
