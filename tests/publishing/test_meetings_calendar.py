"""The calendar of public meetings (/moten/): coming public meetings of every network by
month, filtered by network and focus, with calendar files to subscribe to and to add
one meeting from; nothing of the invitations or of anyone's person."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from natverk.meetings.services import meeting_cancel, meeting_create, meeting_update
from natverk.registry.models import FocusTag, Network

pytestmark = pytest.mark.django_db


def served(client, url: str):
    response = client.get(url)
    return response, response.wsgi_request.META.get("natverk.page_cache")


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 id="meeting-\d+" lang="sv">([^<]+)</h3>', html)


def article(html: str, meeting) -> str:
    return html.split(f'id="meeting-{meeting.pk}"')[1].split("</article>")[0]


def in_days(days: int, hour: int = 9) -> datetime.datetime:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=30, second=0, microsecond=0)


def add(network, title, days, *, others=(), public=True, **fields):
    return meeting_create(
        networks=[network, *others],
        leading=network,
        title=title,
        start=in_days(days),
        end=in_days(days) + datetime.timedelta(hours=2),
        is_public=public,
        **fields,
    )


@pytest.fixture
def calendar(cast):
    """Public meetings of two networks, an internal one, a cancelled one and one held."""
    skur, other = cast.skur, cast.other
    meetings = {
        "skur": add(skur, "SKUR vårmöte", 3, city="Malmö", theme="Fonderna efter 2027"),
        "joint": add(other, "Gemensam utbildning", 40, others=[skur], city="Lund"),
        "internal": add(skur, "Internt arbetsmöte", 5, public=False),
        "cancelled": add(skur, "Inställt möte", 6),
        "held": add(skur, "Förra månadens möte", -30),
    }
    meeting_cancel(meeting=meetings["cancelled"])
    return meetings


def test_the_calendar_lists_coming_public_meetings_by_month_with_their_networks(
    client, calendar, cast
):
    response = client.get("/moten/")
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(html) == ["SKUR vårmöte", "Gemensam utbildning"]
    first = timezone.localtime(calendar["skur"].start)
    assert f'<h2 id="month-{first:%Y-%m}">' in html
    section = article(html, calendar["skur"])
    assert "Malmö" in section
    assert first.strftime("%H.%M") in section
    assert "Fonderna efter 2027" in section
    assert 'href="/natverk/skur-natverket/"' in section
    assert f'href="/kalender/moten/{calendar["skur"].pk}.ics"' in section
    joint = article(html, calendar["joint"])
    # The leading network first, then the one it meets with.
    assert joint.index("/natverk/landsbygdspartnerskapet/") < joint.index(
        "/natverk/skur-natverket/"
    )
    for absent in ("Internt arbetsmöte", "Inställt möte", "Förra månadens möte", "@example.se"):
        assert absent not in html
    english = client.get("/en/moten/").content.decode()
    assert "Upcoming meetings" in english
    assert 'href="/en/natverk/skur-natverket/"' in english


def test_filters_by_network_and_focus_and_says_what_is_wrong_with_unknown_values(
    client, calendar, cast
):
    only_other = client.get("/moten/?natverk=landsbygdspartnerskapet").content.decode()
    assert titles(only_other) == ["Gemensam utbildning"]
    assert 'href="/kalender/moten.ics?natverk=landsbygdspartnerskapet"' in only_other
    focus = FocusTag.objects.create(name="Sammanhållningspolitik", slug="sammanhallning")
    cast.skur.focus_tags.add(focus)
    by_focus = client.get(f"/moten/?fokus={focus.slug}").content.decode()
    assert titles(by_focus) == ["SKUR vårmöte", "Gemensam utbildning"]  # SKUR meets in both
    for url, words in [
        ("/moten/?natverk=finns-inte", "Inget nätverk som heter ”finns-inte” har kommande"),
        ("/moten/?fokus=rymdfart", "Inget nätverk med kommande offentliga möten har inriktningen"),
        ("/moten/?sida=noll", "Sida: Fyll i ett heltal."),
        ("/moten/?natverk=%00%ff" + "x" * 3000, "Inget nätverk"),
    ]:
        response, how = served(client, url)
        assert response.status_code == 200, url
        assert how == "not kept"
        html = response.content.decode()
        assert words in html, url
        assert "Inga möten visas." in html
    assert client.get("/moten/?sida=9").status_code == 404


def test_the_calendar_is_kept_and_retired_when_a_meeting_changes(client, calendar):
    assert served(client, "/moten/")[1] == "render"
    assert served(client, "/moten/?utm_source=x")[1] == "hit"
    meeting_update(meeting=calendar["skur"], title="SKUR vårmöte, ny rubrik")
    response, how = served(client, "/moten/")
    assert how == "render"
    assert "SKUR vårmöte, ny rubrik" in titles(response.content.decode())
    # A renamed network is renamed in the calendar, too.
    skur = Network.objects.get(slug="skur-natverket")
    skur.name = "SKUR-gruppen"
    skur.save()
    response, how = served(client, "/moten/")
    assert how == "render"
    assert "SKUR-gruppen" in response.content.decode()


def test_the_calendar_costs_the_same_queries_with_one_meeting_and_many_and_pages_by_fifty(
    client, cast
):
    def queries(url="/moten/") -> int:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(cast.skur, "Möte 0", 1, others=[cast.other])
    one = queries()
    for day in range(2, 80):
        add(cast.skur, f"Möte {day}", day, others=[cast.other])
    assert queries() == one
    html = client.get("/moten/").content.decode()
    assert len(titles(html)) == 50
    assert "79 kommande möten." in html
    second = client.get("/moten/?sida=2").content.decode()
    assert len(titles(second)) == 29
    assert '<a href="?sida=2" rel="next">Senare möten</a>' in html
    assert '<a href="?" rel="prev">Tidigare möten</a>' in second


def test_hundreds_of_pages_are_linked_by_the_first_the_last_and_those_around():
    from natverk.publishing.views import page_window

    links = [(n, f"?sida={n}") for n in range(1, 241)]
    window = page_window(links, 120)
    numbers = [link[0] if link else "…" for link in window]
    assert numbers == [1, "…", 117, 118, 119, 120, 121, 122, 123, "…", 240]
    assert [link[0] for link in page_window(links[:5], 1)] == [1, 2, 3, 4, 5]


def test_the_feeds_hold_the_calendar_link_back_and_name_nobody(client, calendar, cast):
    response = client.get("/kalender/moten.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"SKUR vårmöte", "Gemensam utbildning"}
    assert str(events["SKUR vårmöte"]["URL"]).endswith("/natverk/skur-natverket/")
    assert str(events["Gemensam utbildning"]["URL"]).endswith("/natverk/landsbygdspartnerskapet/")
    text = response.content.decode()
    for private in ("ATTENDEE", "ORGANIZER", "@example.se", "Internt"):
        assert private not in text
    filtered = Calendar.from_ical(
        client.get("/kalender/moten.ics?natverk=landsbygdspartnerskapet").content
    )
    assert [str(e["SUMMARY"]) for e in filtered.walk("VEVENT")] == ["Gemensam utbildning"]
    unknown = client.get("/kalender/moten.ics?natverk=finns-inte&fokus=rymdfart")
    assert unknown.status_code == 404
    assert "finns-inte" in unknown.content.decode()
    assert "rymdfart" in unknown.content.decode()
    # The network's own feed links back too.
    own = Calendar.from_ical(client.get("/kalender/natverk/skur-natverket.ics").content)
    assert all(str(e["URL"]).startswith("http") for e in own.walk("VEVENT"))


def test_one_meeting_is_a_calendar_file_to_add_public_meetings_only(client, calendar):
    response = client.get(f"/kalender/moten/{calendar['skur'].pk}.ics")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "SKUR vårmöte"
    assert str(event["LOCATION"]) == "Malmö"
    assert str(event["URL"]).endswith("/natverk/skur-natverket/")
    assert client.get(f"/kalender/moten/{calendar['internal'].pk}.ics").status_code == 404
    assert client.get("/kalender/moten/999999.ics").status_code == 404


def test_the_network_page_links_to_the_calendar_and_each_meeting_file(client, calendar):
    html = client.get("/natverk/skur-natverket/").content.decode()
    section = html.split("Kommande möten")[1].split("Medlemmar")[0]
    assert 'href="/moten/?natverk=skur-natverket"' in section
    assert f'href="/kalender/moten/{calendar["skur"].pk}.ics"' in section
    assert "Lägg till i kalendern" in section
    calendar_page = client.get("/moten/?natverk=skur-natverket").content.decode()
    assert titles(calendar_page) == ["SKUR vårmöte", "Gemensam utbildning"]


def test_the_calendar_is_in_the_menu(client, calendar):
    html = client.get("/").content.decode()
    assert '<a href="/moten/">Möten</a>' in html
    assert 'href="/en/moten/"' in client.get("/en/").content.decode()
