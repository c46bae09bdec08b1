"""The email about an invitation, in the invited person's language, with the meeting as a
calendar file and one-click answer links."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from natverk.core.message_kinds import message_kind_register
from natverk.core.models import OutgoingMessage
from natverk.core.outbox import render_email
from natverk.meetings.enums import Answer, MessageKind
from natverk.meetings.ical import invitation_calendar
from natverk.meetings.models import Invitation
from natverk.meetings.tokens import answer_tokens

TEMPLATES = {
    MessageKind.INVITATION: "meetings/email/invitation",
    MessageKind.UPDATE: "meetings/email/update",
    MessageKind.CANCELLATION: "meetings/email/cancellation",
    MessageKind.REMINDER: "meetings/email/reminder",
}


def answer_links(invitation, language: str) -> dict[str, str]:
    uid = urlsafe_base64_encode(force_bytes(invitation.pk))
    token = answer_tokens.make_token(invitation)
    with translation.override(language):
        return {
            answer: settings.NATVERK_BASE_URL.rstrip("/")
            + reverse("answers:answer", kwargs={"uidb64": uid, "answer": answer, "token": token})
            for answer in (Answer.YES, Answer.NO, Answer.MAYBE)
        }


def invitation_thread(invitation: Invitation) -> str:
    """The outbox thread of one person's invitation to one meeting: its messages are
    delivered in the order of the changes they report."""
    return f"meetings.invitation:{invitation.pk}"


def build_email(message: OutgoingMessage) -> EmailMultiAlternatives:
    """The email about the invitation as the meeting is now, with fresh answer links."""
    if message.about_id is None:
        raise ValueError(f"Message {message.pk} is about no invitation.")
    invitation = Invitation.objects.select_related("meeting", "person", "organisation").get(
        pk=message.about_id
    )
    person = invitation.person
    language = person.preferred_language
    cancel = message.kind == MessageKind.CANCELLATION
    context = {
        "invitation": invitation,
        "meeting": invitation.meeting,
        "person": person,
        "links": {} if cancel else answer_links(invitation, language),
    }
    subject, text, html = render_email(TEMPLATES[MessageKind(message.kind)], context, language)
    email = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [person.email])
    email.attach_alternative(html, "text/html")
    method = "CANCEL" if cancel else "REQUEST"
    calendar = invitation_calendar(invitation, cancel=cancel)
    # As an alternative part Outlook shows it as a meeting request; as an attachment every
    # other program can open it.
    email.attach_alternative(calendar.decode("utf-8"), f"text/calendar; method={method}")
    email.attach("inbjudan.ics", calendar, f"application/ics; method={method}")
    return email


def message_kinds_register() -> None:
    for kind in MessageKind:
        message_kind_register(kind.value, kind.label, build_email)
