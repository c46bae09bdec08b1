"""Calendar files (RFC 5545) built from small pieces: one VTIMEZONE for Stockholm, one
VEVENT per meeting with a stable UID and a SEQUENCE raised on every change.

Invitations (METHOD:REQUEST, or METHOD:CANCEL) name the organizer and the one attendee
they go to, with that attendee's answer as PARTSTAT; Outlook needs all of it to show a
meeting request. They ask for no reply (RSVP=FALSE): answers are given through the links
in the email or on the meeting's page, as the event's description says, never by a
calendar program's "accept", which would prove nothing about who sent it. The organizer
is the meeting's contact, a person who reads their mail, so that a reply a program sends
all the same reaches someone. Feeds (no METHOD) are for subscribing: a network's public
feed holds public meetings only and never names anyone; a person's own secret feed holds
their meetings.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from natverk.core.selectors import site_identity
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


def public_url(meeting: Meeting) -> str | None:
    """The address of the public page that tells of the meeting: its leading network's,
    or another of its public networks' (read from `meetingnetwork_set`, prefetched with
    the networks)."""
    links = sorted(meeting.meetingnetwork_set.all(), key=lambda link: not link.leading)
    for link in links:
        if link.network.is_public:
            path = reverse("publishing:network", kwargs={"slug": link.network.slug})
            return f"{site_identity().site_url}{path}"
    return None


def meeting_event(
    meeting: Meeting,
    *,
    cancelled: bool = False,
    public: bool = False,
    sequence: int | None = None,
    url: str | None = None,
) -> Event:
    """The meeting as a VEVENT, with nobody named in it. A public one says what the
    public pages say (city, theme); the venue, which may be a digital meeting's link,
    and the description are for those invited."""
    event = Event()
    event.add("UID", f"{meeting.uid}@{settings.NATVERK_CALENDAR_DOMAIN}")
    event.add("SEQUENCE", meeting.sequence if sequence is None else sequence)
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
    if url:
        event.add("URL", url)
    return event


def organizer(contact) -> vCalAddress:
    address = vCalAddress(f"mailto:{contact.email}")
    address.params["CN"] = vText(contact.name)
    return address


def attendee(invitation: Invitation) -> vCalAddress:
    address = vCalAddress(f"mailto:{invitation.person.email}")
    address.params["CN"] = vText(invitation.person.full_name)
    address.params["ROLE"] = vText("REQ-PARTICIPANT")
    address.params["PARTSTAT"] = vText(PARTSTAT[Answer(invitation.answer)])
    # The answer is given through the links, never by the calendar program.
    address.params["RSVP"] = vText("FALSE")
    return address


def how_to_answer(meeting_url: str, contact) -> str:
    """What the event says about answering, in the active language."""
    return _(
        "Answer through the links in the invitation email, or on the meeting's page: "
        "%(url)s. Accepting in your calendar program only puts the meeting in your "
        "calendar; it does not answer. Questions: %(name)s, %(email)s."
    ) % {"url": meeting_url, "name": contact.name, "email": contact.email}


def invitation_calendar(
    invitation: Invitation, *, contact, meeting_url: str, cancel: bool = False
) -> bytes:
    """The file attached to an invitation, an update or a cancellation: the person's own
    copy, whose SEQUENCE rises with the meeting's changes and the invitation's own."""
    meeting = invitation.meeting
    cal = calendar(method="CANCEL" if cancel else "REQUEST")
    event = meeting_event(meeting, cancelled=cancel, sequence=invitation.calendar_sequence)
    agenda = [item.title for item in meeting.agenda_items.all()]
    parts = [
        str(event.get("DESCRIPTION", "")),
        "\n".join([_("Agenda:"), *(f"{n}. {title}" for n, title in enumerate(agenda, 1))])
        if agenda
        else "",
        "" if cancel else how_to_answer(meeting_url, contact),
    ]
    description = "\n\n".join(part for part in parts if part)
    event.pop("DESCRIPTION", None)
    if description:
        event.add("DESCRIPTION", description)
    event.add("ORGANIZER", organizer(contact))
    event.add("ATTENDEE", attendee(invitation))
    cal.add_component(event)
    return cal.to_ical()


def feed(meetings: Iterable[Meeting], *, name: str, public: bool) -> bytes:
    """A calendar to subscribe to: the meetings, and no one's name or address. A public
    feed's events link to the public page of each meeting (`meetingnetwork_set`
    prefetched with the networks); a person's own feed's, to the meeting's page in the
    member area."""
    cal = calendar(name=name)
    for meeting in meetings:
        if meeting.start is not None:
            if public:
                url = public_url(meeting)
            else:
                url = f"{site_identity().site_url}{meeting.get_absolute_url()}"
            cal.add_component(meeting_event(meeting, public=public, url=url))
    return cal.to_ical()
