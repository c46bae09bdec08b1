"""Delivering the outbox in the background. One task sends every message that is due over
one SMTP connection; a message that fails waits and is tried again, each pause twice the
last, and a later task is queued for when the first of them is due.

A worker claims a few messages at a time before sending them (`SELECT … FOR UPDATE SKIP
LOCKED` on PostgreSQL, so that workers take different ones; SQLite has one writer at a
time) and holds them for a lease: no two workers send the same one, and one claimed by a
worker that died is taken over once its lease runs out. An attempt is counted when a
message is about to be sent, not when it is claimed, so a worker killed in the middle of
a batch costs the others in it nothing. Messages of one thread go in the order they were
queued: a later one waits until the one before it is sent (or has failed for good), and
an earlier one is never sent after a later one (it is dropped: the later one carries the
news).

Delivery is at least once: a worker killed after the mail server took a message and
before it was marked sent leaves it to be sent again, once, with the same Message-ID, by
which receivers recognise it."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, F, Min, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from natverk.core.enums import UNFINISHED, MessageStatus
from natverk.core.models import OutgoingMessage
from natverk.core.outbox import MessageUnnecessary, email_build

logger = logging.getLogger(__name__)
SEND_ERRORS = (smtplib.SMTPException, OSError)
# Messages claimed at a time; a worker that dies leaves at most these to be taken over.
CLAIM_BATCH = 20
# One task sends at most this many batches, then queues another to go on.
MAX_BATCHES = 500


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


def stranded_messages(now: datetime.datetime | None = None):
    """Due messages that no sending will reach by itself: due for longer than a heartbeat
    (a task that was queued would have begun by then), or claimed by a worker whose lease
    ran out."""
    now = now or timezone.now()
    since = now - datetime.timedelta(seconds=settings.NATVERK_WORKER_HEARTBEAT_SECONDS)
    waiting = Q(status__in=[MessageStatus.QUEUED, MessageStatus.RETRYING]) & (
        Q(next_attempt_at__lte=since) | Q(next_attempt_at__isnull=True, queued_at__lte=since)
    )
    abandoned = Q(status=MessageStatus.SENDING, lease_expires_at__lt=now)
    return OutgoingMessage.objects.filter(waiting | abandoned)


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


def _claim_batch(skip: set[int]) -> list[tuple[int, datetime.datetime]]:
    """Take up to CLAIM_BATCH due messages for this worker, none of `skip`: (id, the
    lease it holds)."""
    now = timezone.now()
    lease = now + datetime.timedelta(seconds=settings.NATVERK_MAIL_LEASE_SECONDS)
    with transaction.atomic():
        ids = list(
            due_messages(now)
            .exclude(pk__in=skip)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:CLAIM_BATCH]
        )
        if ids:
            OutgoingMessage.objects.filter(_ready(now), pk__in=ids).update(
                status=MessageStatus.SENDING, lease_expires_at=lease
            )
    return [(message_id, lease) for message_id in ids]


def _begin_attempt(message_id: int, lease: datetime.datetime) -> bool:
    """Count an attempt and renew the lease, if this worker still holds the message (its
    lease may have run out and another worker taken it over)."""
    renewed = timezone.now() + datetime.timedelta(seconds=settings.NATVERK_MAIL_LEASE_SECONDS)
    return bool(
        OutgoingMessage.objects.filter(
            pk=message_id, status=MessageStatus.SENDING, lease_expires_at=lease
        ).update(attempts=F("attempts") + 1, lease_expires_at=renewed)
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


def _send_one(message_id: int, lease: datetime.datetime, connection) -> str:
    """Try to send the message: "sent", "dropped" (no longer needed), "failed" (tried
    again later) or "" (not ours to send any more)."""
    if not _begin_attempt(message_id, lease):
        return ""  # another worker has taken it over
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
        email.connection = connection
    except MessageUnnecessary:
        _dropped(message)
        return "dropped"
    except Exception as error:  # a message that cannot be made is not left "sending"
        logger.exception("Message %s could not be made", message_id)
        _failed(message, error)
        return "failed"
    try:
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
def deliver_messages(spread: bool = True) -> int:
    """Send the messages that are due; returns how many were sent. With more due than one
    batch, and several workers (`NATVERK_TASK_WORKERS`), the others are asked to help."""
    sent = 0
    if spread and settings.NATVERK_TASK_WORKERS > 1:
        due = due_messages().count()
        helpers = min(settings.NATVERK_TASK_WORKERS - 1, due // CLAIM_BATCH)
        for _helper in range(helpers):
            deliver_messages.enqueue(spread=False)
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
        # A message that failed is tried again in a later run, after its pause, not at
        # once in this one.
        failed: set[int] = set()
        for _batch in range(MAX_BATCHES):
            claimed = _claim_batch(failed)
            if not claimed:
                break
            for pk, lease in claimed:
                outcome = _send_one(pk, lease, connection)
                sent += outcome == "sent"
                if outcome == "failed":
                    failed.add(pk)
        else:
            deliver_messages.enqueue(spread=False)  # more to go: in a task of its own
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
