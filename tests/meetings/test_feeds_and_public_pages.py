"""Meetings seen from outside: the network's public page and the calendar feeds. A public
feed holds public meetings only and names nobody; a person's own feed is at an address
only they know."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from natverk.meetings.enums import MeetingKind
from natverk.meetings.models import Invitation
from natverk.meetings.services import (
    invitation_withdraw,
    invitations_create,
    meeting_cancel,
    meeting_create,
    meeting_update,
)
from natverk.people.privacy import person_erase
from natverk.registry.models import Network

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_meeting(meeting):
    meeting_update(meeting=meeting, is_public=True)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def members_meeting(cast, seats):
    start = timezone.localtime().replace(microsecond=0) + datetime.timedelta(days=40)
    return meeting_create(
        networks=[cast.skur],
        leading=cast.skur,
        title="Internt arbetsmöte",
        start=start,
        end=start + datetime.timedelta(hours=2),
    )


def events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    assert cal["VERSION"] == "2.0"
    assert "METHOD" not in cal  # a feed to subscribe to, not a request
    assert {str(z["TZID"]) for z in cal.walk("VTIMEZONE")} == {"Europe/Stockholm"}
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def test_the_network_feed_holds_its_public_meetings_and_names_nobody(
    client, public_meeting, members_meeting, seats
):
    invitations_create(meeting=public_meeting)
    invitations_create(meeting=members_meeting)
    response = client.get(f"/kalender/natverk/{public_meeting.leading_network.slug}.ics")
    found = events(response)
    assert list(found) == ["SKUR höstmöte"]
    text = response.content.decode()
    for private in ("ATTENDEE", "ORGANIZER", "@example.se", "Testsson", "Internt"):
        assert private not in text


def test_a_cancelled_public_meeting_stays_in_the_feed_as_cancelled(client, public_meeting):
    meeting_cancel(meeting=public_meeting)
    found = events(client.get("/kalender/natverk/skur-natverket.ics"))
    assert found["SKUR höstmöte"]["STATUS"] == "CANCELLED"
    assert found["SKUR höstmöte"]["SEQUENCE"] == 1


def test_a_hidden_network_has_no_feed(client, public_meeting, cast):
    Network.objects.filter(pk=cast.skur.pk).update(is_public=False)
    assert client.get("/kalender/natverk/skur-natverket.ics").status_code == 404


def test_the_organisation_feed_holds_the_public_meetings_of_its_networks(
    client, public_meeting, members_meeting
):
    assert list(events(client.get("/kalender/organisation/malmo.ics"))) == ["SKUR höstmöte"]
    assert events(client.get("/kalender/organisation/slu.ics")) == {}


def test_the_personal_feed_holds_the_persons_meetings(
    client, cast, seats, public_meeting, members_meeting
):
    invitations_create(meeting=public_meeting)
    invitations_create(meeting=members_meeting)
    regionen = seats["regionen"]
    url = f"/kalender/person/{regionen.calendar_token}.ics"
    assert set(events(client.get(url))) == {"SKUR höstmöte", "Internt arbetsmöte"}
    invitation_withdraw(invitation=Invitation.objects.get(meeting=members_meeting, person=regionen))
    assert set(events(client.get(url))) == {"SKUR höstmöte"}
    # Nobody else's meetings, and nobody is named.
    assert "ATTENDEE" not in client.get(url).content.decode()
    assert client.get("/kalender/person/gissat.ics").status_code == 404
    person_erase(person=regionen, by=None)
    assert client.get(url).status_code == 404


def test_the_public_network_page_shows_the_coming_public_meetings(
    client, public_meeting, members_meeting
):
    page = client.get("/natverk/skur-natverket/").content.decode()
    section = page.split("Kommande möten")[1].split("Medlemmar")[0]
    assert "SKUR höstmöte" in section
    assert "Sammanhållningspolitiken efter 2027" in section
    assert "Internt arbetsmöte" not in page
    assert 'href="/kalender/natverk/skur-natverket.ics"' in page
    english = client.get("/en/natverk/skur-natverket/").content.decode()
    assert "Upcoming meetings" in english
    assert "ordinary meeting, in person" in english


def test_a_joint_meeting_names_the_other_public_network(client, cast, seats):
    start = timezone.localtime().replace(microsecond=0) + datetime.timedelta(days=10)
    meeting_create(
        networks=[cast.skur, cast.other],
        leading=cast.skur,
        title="Gemensam utbildning",
        kind=MeetingKind.TRAINING,
        start=start,
        end=start + datetime.timedelta(hours=2),
        is_public=True,
        status="invited",
    )
    page = client.get("/natverk/landsbygdspartnerskapet/").content.decode()
    section = page.split("Kommande möten")[1].split("Medlemmar")[0]
    assert "Gemensam utbildning" in section
    assert "Tillsammans med" in section
    assert 'href="/natverk/skur-natverket/"' in section


def test_the_network_page_costs_the_same_queries_with_many_meetings(client, cast, seats):
    def queries() -> int:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/natverk/skur-natverket/").status_code == 200
        return len(captured)

    start = timezone.localtime().replace(microsecond=0) + datetime.timedelta(days=3)

    def add(day: int):
        meeting_create(
            networks=[cast.skur, cast.other],
            leading=cast.skur,
            title=f"Möte {day}",
            start=start + datetime.timedelta(days=day),
            end=start + datetime.timedelta(days=day, hours=1),
            is_public=True,
        )

    add(0)
    add(-10)  # one held already
    one = queries()
    for day in range(1, 30):
        add(day)
        add(-10 - day)
    assert queries() == one


def test_earlier_public_meetings_show_their_public_documents(client, cast, seats):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from natverk.meetings.services import meeting_document_add
    from tests.workspace.test_exports_and_files import PDF

    start = timezone.localtime().replace(microsecond=0) - datetime.timedelta(days=20)
    held = meeting_create(
        networks=[cast.skur],
        leading=cast.skur,
        title="Vårens möte",
        start=start,
        end=start + datetime.timedelta(hours=2),
        is_public=True,
        status="held",
    )
    meeting_document_add(
        meeting=held,
        title="Intern budget",
        upload=SimpleUploadedFile("budget.pdf", PDF),
        visibility="members",
    )
    before = client.get("/natverk/skur-natverket/")
    minutes = meeting_document_add(
        meeting=held,
        title="Minnesanteckningar",
        upload=SimpleUploadedFile("protokoll.pdf", PDF),
        visibility="public",
    )
    # The page cached before the upload is not served after it.
    after = client.get("/natverk/skur-natverket/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    page = after.content.decode()
    section = page.split("Tidigare möten")[1].split("Medlemmar")[0]
    assert "Vårens möte" in section
    assert "Minnesanteckningar" in section
    assert "Intern budget" not in page
    download = client.get(f"/mina-natverk/motesdokument/{minutes.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_a_public_feed_says_what_the_public_page_says_and_no_more(client, cast, seats):
    start = timezone.localtime().replace(microsecond=0) + datetime.timedelta(days=5)
    meeting = meeting_create(
        networks=[cast.skur],
        leading=cast.skur,
        title="Digitalt avstämningsmöte",
        mode="digital",
        start=start,
        end=start + datetime.timedelta(hours=1),
        place="https://teams.example.com/l/meetup-join/hemlig",
        city="Malmö",
        theme="Läget i Bryssel",
        description="<p>Frågor till Anna Andersson, 070-111 22 33.</p>",
        is_public=True,
    )
    public = client.get("/kalender/natverk/skur-natverket.ics").content.decode()
    event = Calendar.from_ical(public).walk("VEVENT")[0]
    assert event["LOCATION"] == "Malmö"
    assert event["DESCRIPTION"] == "Läget i Bryssel"
    for private in ("teams.example.com", "Anna Andersson", "070-111"):
        assert private not in public
    # Those invited get the whole meeting, in their own feed.
    invitations_create(meeting=meeting)
    own = client.get(f"/kalender/person/{seats['regionen'].calendar_token}.ics").content.decode()
    assert "teams.example.com" in own.replace("\r\n ", "")


def test_a_public_document_is_public_only_with_its_meeting(client, cast, seats):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from natverk.meetings.services import meeting_document_add
    from tests.workspace.test_exports_and_files import PDF

    start = timezone.localtime().replace(microsecond=0) - datetime.timedelta(days=3)
    internal = meeting_create(
        networks=[cast.skur], leading=cast.skur, title="Internt", start=start, is_public=False
    )
    document = meeting_document_add(
        meeting=internal,
        title="Underlag",
        upload=SimpleUploadedFile("underlag.pdf", PDF),
        visibility="public",
    )
    url = f"/mina-natverk/motesdokument/{document.pk}/"
    assert client.get(url).status_code == 404  # the meeting is for members
    client.force_login(cast.users["representative"])
    assert client.get(url).status_code == 200  # who may see the meeting may read it
    client.logout()
    internal.is_public = True
    internal.save()
    assert client.get(url).status_code == 200
    Network.objects.filter(pk=cast.skur.pk).update(is_public=False)
    assert client.get(url).status_code == 404  # nor when its network is not public
