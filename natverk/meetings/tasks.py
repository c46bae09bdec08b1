"""Sending in the background. One task delivers every message that is due, over one SMTP
connection; messages that fail wait and are tried again, each pause twice the last, and
a later task is queued for when the first of them is due. A message is claimed before it
is sent, so two workers never send the same one."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db.models import Min, Q
from django.utils import timezone
from django_tasks import task

from natverk.meetings.enums import MessageStatus
from natverk.meetings.messages import build_email
from natverk.meetings.models import OutgoingMessage

logger = logging.getLogger(__name__)
DUE = [MessageStatus.QUEUED, MessageStatus.RETRYING]
SEND_ERRORS = (smtplib.SMTPException, OSError)


def _due():
    return OutgoingMessage.objects.filter(status__in=DUE).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )


def _failed(message: OutgoingMessage, error: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    if message.attempts >= settings.NATVERK_MAIL_ATTEMPTS:
        message.status = MessageStatus.FAILED
        message.next_attempt_at = None
    else:
        pause = settings.NATVERK_MAIL_RETRY_SECONDS * 2 ** (message.attempts - 1)
        message.status = MessageStatus.RETRYING
        message.next_attempt_at = timezone.now() + datetime.timedelta(seconds=pause)
    message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


@task()
def deliver_messages() -> int:
    """Send the messages that are due; returns how many were sent."""
    sent = 0
    due_ids = list(_due().values_list("pk", flat=True))
    connection = get_connection()
    try:
        connection.open()
    except SEND_ERRORS as error:
        logger.warning("Mail server not reachable: %s", error)
        for message in OutgoingMessage.objects.filter(pk__in=due_ids):
            _failed(message, error)
        due_ids = []
    try:
        for message_id in due_ids:
            # Claim it: a message another worker took, or one sent already, is skipped.
            if not OutgoingMessage.objects.filter(pk=message_id, status__in=DUE).update(
                status=MessageStatus.SENDING
            ):
                continue
            message = OutgoingMessage.objects.select_related(
                "invitation__meeting", "invitation__person", "invitation__organisation"
            ).get(pk=message_id)
            try:
                email = build_email(message)
                email.connection = connection
                email.send()
            except SEND_ERRORS as error:
                _failed(message, error)
                continue
            except Exception as error:  # a message that cannot be made is not left "sending"
                logger.exception("Message %s could not be made", message_id)
                _failed(message, error)
                continue
            message.status = MessageStatus.SENT
            message.sent_at = timezone.now()
            message.save(update_fields=["status", "sent_at"])
            sent += 1
    finally:
        connection.close()
    _schedule_retry()
    return sent


def run_later(task, when: datetime.datetime) -> None:
    """Queue the task to run at `when`, if the backend can wait; otherwise the next run
    (the next sending, or `manage.py send_reminders` from cron) catches up."""
    if task.get_backend().supports_defer:
        task.using(run_after=when).enqueue()


def _schedule_retry() -> None:
    first = OutgoingMessage.objects.filter(status=MessageStatus.RETRYING).aggregate(
        first=Min("next_attempt_at")
    )["first"]
    if first is not None:
        run_later(deliver_messages, first)


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
