"""Delivering the outbox in the background. One task sends every message that is due over
one SMTP connection; a message that fails waits and is tried again, each pause twice the
last, and a later task is queued for when the first of them is due.

A worker claims a message before sending it and holds it for a lease: no two workers
send the same one, and one claimed by a worker that died is taken over once its lease
runs out. Messages of one thread go in the order they were queued: a later one waits
until the one before it is sent (or has failed for good), and an earlier one is never
sent after a later one (it is dropped: the later one carries the news)."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Exists, F, Min, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from natverk.core.enums import UNFINISHED, MessageStatus
from natverk.core.models import OutgoingMessage
from natverk.core.outbox import MessageUnnecessary, email_build

logger = logging.getLogger(__name__)
SEND_ERRORS = (smtplib.SMTPException, OSError)
# A batch goes round again while sending (or dropping) one message lets the next of its
# thread go.
MAX_ROUNDS = 50


class AbandonedMessage(Exception):
    def __init__(self, claims: int):
        super().__init__(f"taken {claims} times by workers that stopped before sending it")


def _ready(now: datetime.datetime) -> Q:
    """Due now: waiting and its time has come, or claimed by a worker whose lease ran out."""
    waiting = Q(status__in=[MessageStatus.QUEUED, MessageStatus.RETRYING]) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    abandoned = Q(status=MessageStatus.SENDING, lease_expires_at__lt=now)
    return waiting | abandoned


def due_messages(now: datetime.datetime | None = None):
    """The messages to send now, oldest first: ready, and none before them in their
    thread still on its way."""
    now = now or timezone.now()
    earlier_unfinished = OutgoingMessage.objects.filter(
        thread=OuterRef("thread"), pk__lt=OuterRef("pk"), status__in=UNFINISHED
    )
    return (
        OutgoingMessage.objects.filter(_ready(now))
        .exclude(~Q(thread="") & Exists(earlier_unfinished))
        .order_by("pk")
    )


def _claim(message_id: int) -> bool:
    """Take the message for this worker, if it is still due; counts the attempt."""
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.NATVERK_MAIL_LEASE_SECONDS)
    return bool(
        OutgoingMessage.objects.filter(_ready(now), pk=message_id).update(
            status=MessageStatus.SENDING,
            lease_expires_at=now + lease,
            attempts=F("attempts") + 1,
        )
    )


def _failed(message: OutgoingMessage, error: Exception) -> None:
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    message.lease_expires_at = None
    if message.attempts >= settings.NATVERK_MAIL_ATTEMPTS:
        message.status = MessageStatus.FAILED
        message.next_attempt_at = None
    else:
        pause = settings.NATVERK_MAIL_RETRY_SECONDS * 2 ** (message.attempts - 1)
        message.status = MessageStatus.RETRYING
        message.next_attempt_at = timezone.now() + datetime.timedelta(seconds=pause)
    message.save(update_fields=["last_error", "lease_expires_at", "status", "next_attempt_at"])


def _sent(message: OutgoingMessage, subject: str) -> None:
    message.subject = subject[:300]
    message.status = MessageStatus.SENT
    message.sent_at = timezone.now()
    message.lease_expires_at = None
    # What was written when queued can be written again from its template: the text
    # (a link to set a password, say) is not kept once it has gone.
    message.text = ""
    message.html = ""
    message.save(update_fields=["subject", "status", "sent_at", "lease_expires_at", "text", "html"])


def _dropped(message: OutgoingMessage) -> None:
    message.status = MessageStatus.DROPPED
    message.lease_expires_at = None
    message.next_attempt_at = None
    message.save(update_fields=["status", "lease_expires_at", "next_attempt_at"])


def _overtaken(message: OutgoingMessage) -> bool:
    """A later message of its thread has been sent already."""
    return bool(message.thread) and (
        OutgoingMessage.objects.filter(
            thread=message.thread, pk__gt=message.pk, status=MessageStatus.SENT
        ).exists()
    )


def _send_one(message_id: int, connection) -> str:
    """Try to send the message: "sent", "dropped" (no longer needed), "failed" (tried
    again later) or "" (not ours to send)."""
    if not _claim(message_id):
        return ""  # another worker has it, or it was sent or dropped meanwhile
    message = OutgoingMessage.objects.get(pk=message_id)
    if message.attempts > settings.NATVERK_MAIL_ATTEMPTS:
        # Claimed that often without an outcome: each worker that took it died on it.
        _failed(message, AbandonedMessage(message.attempts - 1))
        return "failed"
    if _overtaken(message):
        _dropped(message)
        return "dropped"
    try:
        email = email_build(message)
    except MessageUnnecessary:
        _dropped(message)
        return "dropped"
    except Exception as error:  # a message that cannot be made is not left "sending"
        logger.exception("Message %s could not be made", message_id)
        _failed(message, error)
        return "failed"
    try:
        email.connection = connection
        email.send()
    except SEND_ERRORS as error:
        _failed(message, error)
        return "failed"
    except Exception as error:  # one the mail library refuses is not left "sending"
        logger.exception("Message %s could not be sent", message_id)
        _failed(message, error)
        return "failed"
    _sent(message, str(email.subject))
    return "sent"


@task()
def deliver_messages() -> int:
    """Send the messages that are due; returns how many were sent."""
    sent = 0
    connection = get_connection()
    try:
        connection.open()
    except SEND_ERRORS as error:
        logger.warning("Mail server not reachable: %s", error)
        for message_id in due_messages().values_list("pk", flat=True):
            if _claim(message_id):
                _failed(OutgoingMessage.objects.get(pk=message_id), error)
        _schedule_later()
        return 0
    try:
        for _round in range(MAX_ROUNDS):
            due_ids = list(due_messages().values_list("pk", flat=True))
            outcomes = [_send_one(message_id, connection) for message_id in due_ids]
            sent += outcomes.count("sent")
            # A message sent or dropped lets the next of its thread go: another round.
            if not {"sent", "dropped"} & set(outcomes):
                break
    finally:
        connection.close()
    _schedule_later()
    return sent


def run_later(task, when: datetime.datetime) -> None:
    """Queue the task to run at `when`, if the backend can wait; otherwise the next run
    (the next sending, or a command from cron) catches up."""
    if task.get_backend().supports_defer:
        task.using(run_after=when).enqueue()


def _schedule_later() -> None:
    """A run for when the first message waiting to be retried is due, or the first
    lease held by another worker runs out."""
    retry = OutgoingMessage.objects.filter(status=MessageStatus.RETRYING).aggregate(
        first=Min("next_attempt_at")
    )["first"]
    lease = OutgoingMessage.objects.filter(status=MessageStatus.SENDING).aggregate(
        first=Min("lease_expires_at")
    )["first"]
    moments = [moment for moment in (retry, lease) if moment is not None]
    if moments:
        run_later(deliver_messages, min(moments))
