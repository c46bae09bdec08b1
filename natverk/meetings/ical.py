"""Calendar files (RFC 5545) built from small pieces: one VTIMEZONE for Stockholm, one
VEVENT per meeting with a stable UID and a SEQUENCE raised on every change.

Invitations (METHOD:REQUEST, or METHOD:CANCEL) name the organizer and the one attendee
they go to, with that attendee's answer as PARTSTAT; Outlook needs all of it to offer
"accept". Feeds (no METHOD) are for subscribing: a network's public feed holds public
meetings only and never names anyone; a person's own secret feed holds their meetings.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from natverk.meetings.enums import Answer, MeetingStatus
from natverk.meetings.models import Invitation, Meeting

TZID = "Europe/Stockholm"
PARTSTAT = {
    Answer.NONE: "NEEDS-ACTION",
    Answer.YES: "ACCEPTED",
    Answer.NO: "DECLINED",
    Answer.MAYBE: "TENTATIVE",
}


def stockholm_timezone() -> Timezone:
    """Central European time as the EU has kept it since 1996: summer time from the last
    Sunday of March at 02:00 to the last Sunday of October at 03:00. Written with rules,
    the form Outlook writes itself and reads best."""
    zone = Timezone()
    zone.add("TZID", TZID)
    standard = TimezoneStandard()
    # Onsets are local times without a zone, as RFC 5545 has them.
    standard.add("DTSTART", datetime.datetime(1996, 10, 27, 3, 0, 0))  # noqa: DTZ001
    standard.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"})
    standard.add("TZOFFSETFROM", datetime.timedelta(hours=2))
    standard.add("TZOFFSETTO", datetime.timedelta(hours=1))
    standard.add("TZNAME", "CET")
    daylight = TimezoneDaylight()
    daylight.add("DTSTART", datetime.datetime(1996, 3, 31, 2, 0, 0))  # noqa: DTZ001
    daylight.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"})
    daylight.add("TZOFFSETFROM", datetime.timedelta(hours=1))
    daylight.add("TZOFFSETTO", datetime.timedelta(hours=2))
    daylight.add("TZNAME", "CEST")
    zone.add_component(standard)
    zone.add_component(daylight)
    return zone


def calendar(*, method: str | None = None, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("PRODID", f"-//{settings.NATVERK_SITE_NAME}//{settings.NATVERK_CALENDAR_DOMAIN}//SV")
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    if method:
        cal.add("METHOD", method)
    if name:
        cal.add("X-WR-CALNAME", name)
        cal.add("X-WR-TIMEZONE", TZID)
    cal.add_component(stockholm_timezone())
    return cal


def local(moment):
    return timezone.localtime(moment, timezone.get_default_timezone())


def meeting_event(meeting: Meeting, *, cancelled: bool = False, public: bool = False) -> Event:
    """The meeting as a VEVENT, with nobody named in it. A public one says what the
    public pages say (city, theme); the venue, which may be a digital meeting's link,
    and the description are for those invited."""
    event = Event()
    event.add("UID", f"{meeting.uid}@{settings.NATVERK_CALENDAR_DOMAIN}")
    event.add("SEQUENCE", meeting.sequence)
    event.add("DTSTAMP", timezone.now())
    event.add("LAST-MODIFIED", meeting.updated_at)
    event.add("DTSTART", local(meeting.start), parameters={"TZID": TZID})
    event.add("DTEND", local(meeting.end or meeting.start), parameters={"TZID": TZID})
    event.add("SUMMARY", meeting.title)
    location = meeting.town if public else meeting.where
    if location:
        event.add("LOCATION", location)
    description = "" if public else strip_tags(meeting.description).strip()
    if meeting.theme:
        description = f"{meeting.theme}\n\n{description}".strip()
    if description:
        event.add("DESCRIPTION", description)
    status = "CANCELLED" if cancelled or meeting.status == MeetingStatus.CANCELLED else "CONFIRMED"
    event.add("STATUS", status)
    event.add("TRANSP", "OPAQUE")
    return event


def organizer() -> vCalAddress:
    address = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    address.params["CN"] = vText(settings.NATVERK_ORGANIZER_NAME)
    return address


def attendee(invitation: Invitation) -> vCalAddress:
    address = vCalAddress(f"mailto:{invitation.person.email}")
    address.params["CN"] = vText(invitation.person.full_name)
    address.params["ROLE"] = vText("REQ-PARTICIPANT")
    address.params["PARTSTAT"] = vText(PARTSTAT[Answer(invitation.answer)])
    address.params["RSVP"] = vText("TRUE")
    return address


def invitation_calendar(invitation: Invitation, *, cancel: bool = False) -> bytes:
    """The file attached to an invitation, an update or a cancellation."""
    cal = calendar(method="CANCEL" if cancel else "REQUEST")
    event = meeting_event(invitation.meeting, cancelled=cancel)
    event.add("ORGANIZER", organizer())
    event.add("ATTENDEE", attendee(invitation))
    cal.add_component(event)
    return cal.to_ical()


def feed(meetings: Iterable[Meeting], *, name: str, public: bool) -> bytes:
    """A calendar to subscribe to: the meetings, and no one's name or address."""
    cal = calendar(name=name)
    for meeting in meetings:
        if meeting.start is not None:
            cal.add_component(meeting_event(meeting, public=public))
    return cal.to_ical()
