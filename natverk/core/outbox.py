"""Email through the outbox. Every email is queued in the transaction of the change it
reports and delivered by the worker after commit (`core.tasks.deliver_messages`): a mail
server that refuses, stalls or is down never fails a request, and a rolled-back change
sends nothing.

- `email_queue(...)` writes a message from a template trio (`<name>_subject.txt`,
  `<name>.txt`, `<name>.html`) in the recipient's language, now.
- `messages_queue([...])` queues messages made when sent: the builder registered for
  their kind (`core.message_kinds`) makes each from what it is about. A builder that
  finds the message no longer needed (what it is about has changed since) raises
  `MessageUnnecessary`, and the message is not sent.

A message of a thread is not sent once a later message of the thread has been: the later
one carries the news (a message that failed and is tried again cannot overtake it).
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import translation

from natverk.core.enums import UNFINISHED, MessageStatus
from natverk.core.message_kinds import message_kind
from natverk.core.models import OutgoingMessage
from natverk.core.selectors import site_identity


class MessageUnnecessary(Exception):
    """Raised by a builder: the message need not be sent (a later change makes it so)."""


def render_email(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, text and HTML of a template trio, in `language`, each ending with whose
    site sends it."""
    with translation.override(language):
        identity = site_identity()
        context = {"site_name": identity.name, "identity": identity, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context).rstrip()
        text += "\n\n-- \n" + render_to_string("core/email/_footer.txt", context).strip() + "\n"
        html = str(render_to_string(f"{template}.html", context))
        footer = render_to_string("core/email/_footer.html", context)
        html = html.replace("</body>", footer + "</body>") if "</body>" in html else html + footer
    return subject, text, html


def _deliver_after_commit() -> None:
    from natverk.core.tasks import deliver_messages

    transaction.on_commit(deliver_messages.enqueue)


def email_queue(
    *, to: str, template: str, context: dict, kind: str, language: str = "sv", thread: str = ""
) -> OutgoingMessage:
    """Write the email now, in the recipient's language, and queue it."""
    subject, text, html = render_email(template, context, language)
    message = OutgoingMessage.objects.create(
        kind=kind,
        to=to,
        language=language,
        thread=thread,
        subject=subject[:300],
        text=text,
        html=html,
    )
    _deliver_after_commit()
    return message


def messages_queue(messages: Iterable[OutgoingMessage]) -> int:
    """Queue messages to be made when sent (by the builder of their kind)."""
    created = OutgoingMessage.objects.bulk_create(list(messages), batch_size=500)
    if created:
        _deliver_after_commit()
    return len(created)


def messages_about(obj: models.Model):
    """The messages about one row (an invitation, say), newest first."""
    from django.contrib.contenttypes.models import ContentType

    return OutgoingMessage.objects.filter(
        about_type=ContentType.objects.get_for_model(obj), about_id=obj.pk
    )


def messages_drop(messages) -> int:
    """Those of the messages not yet begun will not be sent (a later message makes them
    unnecessary); returns how many."""
    return messages.filter(status__in=[MessageStatus.QUEUED, MessageStatus.RETRYING]).update(
        status=MessageStatus.DROPPED, next_attempt_at=None
    )


def messages_retry(messages) -> int:
    """Those of the messages that failed for good are tried again, from the start."""
    count = messages.filter(status=MessageStatus.FAILED).update(
        status=MessageStatus.QUEUED, attempts=0, next_attempt_at=None, last_error=""
    )
    if count:
        _deliver_after_commit()
    return count


def messages_forget_recipient(address: str) -> int:
    """Erasure: messages to the address keep their kind and dates, nothing personal; those
    not yet sent are not sent."""
    if not address:
        return 0
    to_them = OutgoingMessage.objects.filter(to__iexact=address)
    to_them.filter(status__in=UNFINISHED).update(status=MessageStatus.DROPPED)
    return to_them.update(to="", subject="", text="", html="", details={})


def email_build(message: OutgoingMessage) -> EmailMessage:
    """The email to send for the message: made by its kind's builder, or from what was
    written when it was queued."""
    kind = message_kind(message.kind)
    if kind is not None and kind.build is not None:
        email = kind.build(message)
    else:
        email = EmailMultiAlternatives(
            message.subject, message.text, settings.DEFAULT_FROM_EMAIL, [message.to]
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
    # One identity per message, so that a receiver can tell a message tried twice.
    email.extra_headers.setdefault(
        "Message-ID", f"<natverk.{message.pk}.{message.queued_at:%Y%m%d%H%M%S}@{_domain()}>"
    )
    return email


def _domain() -> str:
    return settings.NATVERK_CALENDAR_DOMAIN
