"""No answer is silently lost to a calendar program. Calendar files ask for no reply
(RSVP=FALSE), and the email and the event both say how to answer; the organizer and the
reply address are the meeting's contact, a person who reads mail, never the sender that
drops it. A reply that a calendar program sends all the same (as Outlook makes one from
the invitation) is delivered, through a real SMTP server, to that person."""

import smtplib
from email.message import EmailMessage

import pytest
from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from natverk.meetings.services import invitations_create, meeting_create
from natverk.people.models import Coordination
from tests.conftest import CollectedMail
from tests.meetings.conftest import at
from tests.meetings.test_calendar_files import calendar_parts, only_event
from tests.outbox import deliver

pytestmark = pytest.mark.django_db


def calendar_reply(invitation_message, partstat: str = "ACCEPTED") -> EmailMessage:
    """What a calendar program sends when its user presses Accept: METHOD:REPLY, the
    attendee's PARTSTAT, to the ORGANIZER of the invitation."""
    received = only_event(calendar_parts(invitation_message)[1])
    attendee = vCalAddress(str(received["ATTENDEE"]))
    attendee.params["PARTSTAT"] = vText(partstat)
    event = Event()
    for name in ("UID", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "ORGANIZER"):
        event[name] = received[name]
    event.add("ATTENDEE", attendee)
    reply = Calendar()
    reply.add("PRODID", "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN")
    reply.add("VERSION", "2.0")
    reply.add("METHOD", "REPLY")
    reply.add_component(event)
    organizer = str(received["ORGANIZER"]).removeprefix("mailto:")
    message = EmailMessage()
    message["From"] = str(received["ATTENDEE"]).removeprefix("mailto:")
    message["To"] = organizer
    message["Subject"] = f"Accepted: {received['SUMMARY']}"
    message.set_content("Accepted")
    message.add_attachment(
        reply.to_ical(), maintype="text", subtype="calendar", params={"method": "REPLY"}
    )
    return message


def test_the_calendar_file_asks_for_no_reply_and_names_a_reader_as_organizer(
    meeting, seats, smtp_server
):
    invitations_create(meeting=meeting)
    deliver()
    [message] = smtp_server.to("regionen@example.se")
    event = only_event(calendar_parts(message)[1])
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"
    organizer = str(event["ORGANIZER"]).removeprefix("mailto:")
    assert organizer == "samordnare@example.se"  # SKUR's coordinator: a person
    assert organizer != settings.DEFAULT_FROM_EMAIL
    # A reply to the email reaches the same person, not the sender.
    assert message["Reply-To"] == "samordnare@example.se"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL


def test_the_email_and_the_event_say_how_to_answer(meeting, seats, smtp_server):
    invitations_create(meeting=meeting)
    deliver()
    [message] = smtp_server.to("regionen@example.se")
    text = CollectedMail.text(message)
    assert "Svara här (du kan ändra ditt svar fram till att mötet börjar):" in text
    assert "/svar/" in text
    assert "det är inget svar" in text
    assert "Arrangör: Samordnare Testsson, samordnare@example.se" in text
    description = str(only_event(calendar_parts(message)[1])["DESCRIPTION"])
    assert "Svara via länkarna i inbjudan, eller på mötets sida:" in description
    assert f"/mina-natverk/moten/{meeting.pk}/" in description
    assert "Att tacka ja i kalenderprogrammet lägger bara in mötet i din kalender" in description
    # The event carries no answer link: it may be shared from the calendar.
    assert "/svar/" not in description


def test_a_reply_a_calendar_program_sends_reaches_the_organiser(meeting, seats, smtp_server):
    invitations_create(meeting=meeting)
    deliver()
    [invitation] = smtp_server.to("regionen@example.se")
    reply = calendar_reply(invitation)
    with smtplib.SMTP("127.0.0.1", smtp_server.port) as connection:
        connection.send_message(reply)
    [arrived] = smtp_server.to("samordnare@example.se")
    assert arrived.recipients == ["samordnare@example.se"]
    part = next(p for p in arrived.walk() if p.get_content_type() == "text/calendar")
    answer = Calendar.from_ical(part.get_payload(decode=True))
    assert answer["METHOD"] == "REPLY"
    [event] = answer.walk("VEVENT")
    assert str(event["ATTENDEE"]) == "mailto:regionen@example.se"
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert str(event["UID"]).startswith(str(meeting.uid))


def test_without_a_coordinator_the_secretariats_mailbox_is_the_organizer(
    cast, seats, smtp_server, settings
):
    settings.NATVERK_CONTACT_EMAIL = "sekretariatet@skaneskommuner.example.se"
    Coordination.objects.filter(network=cast.skur).delete()
    meeting = meeting_create(
        networks=[cast.skur],
        leading=cast.skur,
        title="Utan samordnare",
        start=at(2030, 9, 1, 10, 0),
        end=at(2030, 9, 1, 12, 0),
    )
    invitations_create(meeting=meeting)
    deliver()
    [message] = smtp_server.to("regionen@example.se")
    event = only_event(calendar_parts(message)[1])
    assert str(event["ORGANIZER"]) == "mailto:sekretariatet@skaneskommuner.example.se"
    assert event["ORGANIZER"].params["CN"] == settings.NATVERK_ORGANIZER_NAME
    assert message["Reply-To"] == "sekretariatet@skaneskommuner.example.se"


def test_the_contact_is_kept_once_the_invitations_have_gone_out(meeting, seats, cast):
    """The organizer of a person's calendar entry must not change from one file to the
    next: the coordinator of the day is written on the meeting when it is invited to."""
    assert meeting.contact is None
    invitations_create(meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.contact == cast.people["coordinator"]
