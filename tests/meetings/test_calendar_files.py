"""Calendar files as calendar programs read them: every one parsed with `icalendar` and
checked for what RFC 5545 requires and what Outlook needs to show a meeting request. The
organizer is the meeting's contact (SKUR's coordinator here), a person who reads mail."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from icalendar import Calendar

from natverk.core.models import OutgoingMessage
from natverk.meetings.enums import Answer, MessageKind
from natverk.meetings.ical import stockholm_timezone
from natverk.meetings.models import Invitation
from natverk.meetings.services import (
    invitation_answer,
    invitations_create,
    meeting_cancel,
    meeting_create,
    meeting_update,
)
from tests.meetings.conftest import at
from tests.outbox import deliver

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def calendar_parts(message) -> tuple[Calendar, Calendar]:
    """The calendar as the alternative part Outlook reads and as the attachment."""
    alternative = attachment = None
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            alternative = part
        elif part.get_filename() == "inbjudan.ics":
            attachment = part
    assert alternative is not None and attachment is not None
    return (
        Calendar.from_ical(alternative.get_payload(decode=True)),
        Calendar.from_ical(attachment.get_payload(decode=True)),
    )


def only_event(cal: Calendar):
    events = cal.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def check_rfc5545(cal: Calendar, method: str) -> None:
    assert cal["VERSION"] == "2.0"
    assert "PRODID" in cal
    assert cal["METHOD"] == method
    # Every TZID used is defined in the file itself.
    zones = {str(z["TZID"]) for z in cal.walk("VTIMEZONE")}
    assert zones == {"Europe/Stockholm"}
    event = only_event(cal)
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "SUMMARY"):
        assert required in event, required
    for moment in ("DTSTART", "DTEND"):
        assert event[moment].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert str(event["ORGANIZER"]) == "mailto:samordnare@example.se"
    assert event["ORGANIZER"].params["CN"] == "Samordnare Testsson"


def test_an_invitation_is_a_request_with_organizer_and_the_one_attendee(
    meeting, seats, smtp_server
):
    invitations_create(meeting=meeting)
    deliver()
    [message] = smtp_server.to("regionen@example.se")
    alternative, attachment = calendar_parts(message)
    assert alternative.to_ical() == attachment.to_ical()
    check_rfc5545(attachment, "REQUEST")
    event = only_event(attachment)
    assert str(event["UID"]) == f"{meeting.uid}@{settings.NATVERK_CALENDAR_DOMAIN}"
    assert event["SEQUENCE"] == 0
    assert event["SUMMARY"] == "SKUR höstmöte"
    assert event["LOCATION"] == "Region Skåne, Dockplatsen 26, Malmö"
    assert event["STATUS"] == "CONFIRMED"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:regionen@example.se"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    # No reply is asked for: the answer is given through the links.
    assert attendee.params["RSVP"] == "FALSE"
    assert attendee.params["CN"] == "Regionen Testsson"
    assert event.decoded("DTSTART") == meeting.start
    assert event.decoded("DTEND") == meeting.end
    # Nobody else is named in a person's file.
    assert "ersattaren" not in attachment.to_ical().decode()
    assert 'method="REQUEST"' in message.get_content_type() or "method=REQUEST" in str(message)


def test_a_change_keeps_the_uid_raises_the_sequence_and_carries_the_answer(
    meeting, seats, smtp_server
):
    invitations_create(meeting=meeting)
    deliver()
    invitation = Invitation.objects.get(meeting=meeting, person=seats["regionen"])
    invitation_answer(invitation=invitation, answer=Answer.YES)
    later = meeting.start + datetime.timedelta(days=1)
    queued = meeting_update(meeting=meeting, start=later, end=later + datetime.timedelta(hours=2))
    assert queued == 4  # everyone invited: three current representatives and Malmö's
    deliver()
    first, update = smtp_server.to("regionen@example.se")
    old = only_event(calendar_parts(first)[1])
    new_calendar = calendar_parts(update)[1]
    check_rfc5545(new_calendar, "REQUEST")
    new = only_event(new_calendar)
    assert new["UID"] == old["UID"]
    assert new["SEQUENCE"] == old["SEQUENCE"] + 1 == 1
    assert new.decoded("DTSTART") == later
    assert new["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"


def test_a_change_nobody_sees_in_a_calendar_sends_nothing(meeting, seats, smtp_server):
    invitations_create(meeting=meeting)
    deliver()
    assert meeting_update(meeting=meeting, is_public=True) == 0
    meeting.refresh_from_db()
    assert meeting.sequence == 0
    deliver()
    assert len(smtp_server.to("regionen@example.se")) == 1


def test_a_cancellation_is_a_cancel_to_everyone_invited(meeting, seats, smtp_server):
    invitations_create(meeting=meeting)
    deliver()
    assert meeting_cancel(meeting=meeting) == 4
    deliver()
    for person in ("regionen", "kommunerna", "ersattaren", "representant"):
        invitation, cancellation = smtp_server.to(f"{person}@example.se")
        cal = calendar_parts(cancellation)[1]
        check_rfc5545(cal, "CANCEL")
        event = only_event(cal)
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] == 1
        assert event["UID"] == only_event(calendar_parts(invitation)[1])["UID"]
        assert "method=CANCEL" in str(cancellation)
    assert not OutgoingMessage.objects.exclude(status="sent").exists()


@pytest.mark.parametrize(
    ("start", "end", "start_utc", "end_utc"),
    [
        # Over the night summer time begins (28 March 2027, 02:00 → 03:00).
        (at(2027, 3, 27, 10, 0), at(2027, 3, 28, 15, 0), "09:00", "13:00"),
        # Over the night it ends (31 October 2027, 03:00 → 02:00).
        (at(2027, 10, 30, 10, 0), at(2027, 10, 31, 15, 0), "08:00", "14:00"),
        # In winter and in summer.
        (at(2028, 1, 18, 9, 0), at(2028, 1, 18, 12, 0), "08:00", "11:00"),
        (at(2028, 7, 4, 9, 0), at(2028, 7, 4, 12, 0), "07:00", "10:00"),
    ],
)
def test_times_are_right_across_the_daylight_saving_change(
    cast, seats, smtp_server, start, end, start_utc, end_utc
):
    meeting = meeting_create(
        networks=[cast.skur],
        leading=cast.skur,
        title="Internat",
        kind="residential",
        start=start,
        end=end,
    )
    invitations_create(meeting=meeting)
    deliver()
    [message] = smtp_server.to("regionen@example.se")
    cal = calendar_parts(message)[1]
    event = only_event(cal)
    # The local time written, as the file's own VTIMEZONE reads it (not the program's
    # knowledge of Europe/Stockholm): the right moment in UTC.
    zone = cal.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    for name, expected in (("DTSTART", start_utc), ("DTEND", end_utc)):
        written = event.decoded(name).replace(tzinfo=None)
        moment = written.replace(tzinfo=zone).astimezone(UTC)
        assert moment.strftime("%H:%M") == expected
        assert moment == event.decoded(name).astimezone(UTC)


def test_the_written_time_zone_agrees_with_the_time_zone_database():
    """The rules written into every file give the same offset as Europe/Stockholm at
    every hour around each change from 2020 to 2040."""
    zone = stockholm_timezone().to_tz(lookup_tzid=False)
    for year in range(2020, 2041):
        for month, day in ((3, 24), (10, 24)):
            moment = datetime.datetime(year, month, day, tzinfo=UTC)
            for _hour in range(24 * 9):
                assert (
                    moment.astimezone(zone).utcoffset() == moment.astimezone(STOCKHOLM).utcoffset()
                ), moment
                moment += datetime.timedelta(hours=1)


def test_each_message_kind_is_in_the_persons_language(meeting, seats, smtp_server):
    invitations_create(meeting=meeting)
    deliver()
    [english] = smtp_server.to("representant@example.se")  # prefers English
    [swedish] = smtp_server.to("regionen@example.se")
    assert english["Subject"].strip() == "Invitation: SKUR höstmöte"
    assert swedish["Subject"].strip() == "Inbjudan: SKUR höstmöte"
    assert "Answer here" in smtp_server.text(english)
    assert "Svara här" in smtp_server.text(swedish)
    assert "/en/svar/" in smtp_server.text(english)
    assert "/en/" not in smtp_server.text(swedish)
    kinds = set(OutgoingMessage.objects.values_list("kind", flat=True))
    assert kinds == {MessageKind.INVITATION}
