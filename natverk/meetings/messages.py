"""The email about an invitation, in the invited person's language, with the meeting as a
calendar file and the links to answer. Made when it is sent, from the meeting as it is
then; a message that has become unnecessary since it was queued (an invitation to a
meeting that is over, an update after a cancellation) is not sent."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from natverk.core.message_kinds import message_kind_register
from natverk.core.models import OutgoingMessage
from natverk.core.outbox import MessageUnnecessary, render_email
from natverk.core.selectors import link_base_url
from natverk.meetings.enums import (
    CALENDAR_KINDS,
    JOIN_REQUEST,
    SUBSTITUTE_NOTICE,
    Answer,
    MeetingMode,
    MeetingStatus,
    MessageKind,
)
from natverk.meetings.ical import invitation_calendar
from natverk.meetings.models import Invitation, Meeting
from natverk.meetings.selectors import meeting_contact
from natverk.meetings.tokens import link_key

TEMPLATES = {
    MessageKind.INVITATION: "meetings/email/invitation",
    MessageKind.UPDATE: "meetings/email/update",
    MessageKind.CANCELLATION: "meetings/email/cancellation",
    MessageKind.REMINDER: "meetings/email/reminder",
}


def _absolute(path: str) -> str:
    return link_base_url() + path


def answer_links(invitation, language: str) -> dict[str, str]:
    """One link for each answer, and one to the invitation's own page (the meeting, the
    answer given, a substitute): signed for this invitation."""
    key = link_key(invitation)
    with translation.override(language):
        links: dict[str, str] = {
            str(answer): _absolute(reverse("answers:answer", kwargs={**key, "answer": answer}))
            for answer in (Answer.YES, Answer.NO, Answer.MAYBE)
        }
        links["page"] = _absolute(reverse("answers:invitation", kwargs=key))
    return links


def meeting_page(meeting: Meeting, language: str) -> str:
    """The meeting's page in the member area, for those who log in."""
    with translation.override(language):
        return _absolute(reverse("meetings:meeting", kwargs={"pk": meeting.pk}))


def invitation_thread(invitation: Invitation) -> str:
    """The outbox thread of one person's invitation to one meeting: its messages are
    delivered in the order of the changes they report."""
    return f"meetings.invitation:{invitation.pk}"


def changes_since(meeting: Meeting, old: dict) -> list[dict]:
    """What changed, old → new, from the values the person was last sent; a value
    changed and changed back is left out."""
    rows: list[dict] = []
    for name, before in old.items():
        if name == "agenda":
            if [item.title for item in meeting.agenda_items.all()] != before:
                rows.append({"label": _("Agenda"), "whole": True})
            continue
        field = Meeting._meta.get_field(name)
        now = getattr(meeting, name)
        if name in ("start", "end"):
            before = parse_datetime(before) if before else None
        if before == now:
            continue
        label = capfirst(getattr(field, "verbose_name", name))
        if name == "description":
            rows.append({"label": label, "whole": True})
        elif name == "mode":
            rows.append(
                {"label": label, "old": MeetingMode(before).label, "new": MeetingMode(now).label}
            )
        else:
            moment = name in ("start", "end")
            rows.append({"label": label, "old": before, "new": now, "moment": moment})
    return rows


def build_email(message: OutgoingMessage) -> EmailMultiAlternatives:
    """The email about the invitation as the meeting is now, with fresh answer links."""
    if message.about_id is None:
        raise ValueError(f"Message {message.pk} is about no invitation.")
    invitation = Invitation.objects.select_related(
        "meeting", "meeting__contact", "person", "organisation"
    ).get(pk=message.about_id)
    meeting = invitation.meeting
    kind = MessageKind(message.kind)
    standing = invitation.active and meeting.status != MeetingStatus.CANCELLED
    if kind in CALENDAR_KINDS and (not standing or meeting.finished):
        raise MessageUnnecessary  # cancelled, withdrawn or over since it was queued
    if kind == MessageKind.CANCELLATION and standing:
        raise MessageUnnecessary  # invited again since: the invitation follows
    changes = changes_since(meeting, message.details.get("changes", {}))
    if kind == MessageKind.UPDATE and "changes" in message.details and not changes:
        # Changed and changed back before it went: only a reminder it replaced is left.
        if not message.details.get("reminder"):
            raise MessageUnnecessary
        kind = MessageKind.REMINDER
    person = invitation.person
    language = person.preferred_language
    cancel = kind == MessageKind.CANCELLATION
    contact = meeting_contact(meeting)
    meeting_url = meeting_page(meeting, language)
    context = {
        "invitation": invitation,
        "meeting": meeting,
        "person": person,
        "agenda": list(meeting.agenda_items.all()),
        "contact": contact,
        "meeting_url": meeting_url,
        "links": {} if cancel else answer_links(invitation, language),
        "changes": changes,
    }
    subject, text, html = render_email(TEMPLATES[kind], context, language)
    email = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [person.email],
        # A reply, from a mail or a calendar program, reaches someone who reads it.
        reply_to=[contact.email],
    )
    email.attach_alternative(html, "text/html")
    method = "CANCEL" if cancel else "REQUEST"
    with translation.override(language):
        calendar = invitation_calendar(
            invitation, cancel=cancel, contact=contact, meeting_url=meeting_url
        )
    # As an alternative part Outlook shows it as a meeting request; as an attachment every
    # other program can open it.
    email.attach_alternative(calendar.decode("utf-8"), f"text/calendar; method={method}")
    email.attach("inbjudan.ics", calendar, f"application/ics; method={method}")
    return email


def message_kinds_register() -> None:
    for kind in MessageKind:
        message_kind_register(kind.value, kind.label, build_email)
    message_kind_register(SUBSTITUTE_NOTICE, _("substitute named"))
    message_kind_register(JOIN_REQUEST, _("asked to a joint meeting"))
