"""No personal data on any public page, whatever the data: a crawl of every public
address, in both languages, for people's names, emails and phone numbers."""

import datetime
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from natverk.meetings.enums import QuestionKind
from natverk.meetings.models import RegistrationAnswer
from natverk.meetings.services import (
    QuestionSpec,
    invitation_answer,
    invitations_create,
    meeting_create,
    meeting_registration_set,
)
from natverk.people.models import Person, Representation
from natverk.registry.models import Membership, Network

pytestmark = pytest.mark.django_db

SENTINELS = [
    "sentinel.one@example.se",
    "sentinel.two@example.se",
    "+46 70 111 22 33",
    "070-999 88 77",
    "Sentinelsson",
    "Sentinelia",
    # What people answer when registering for a meeting (food, allergies, their own).
    "Sentinelallergi",
    "Sentinelsvar",
]


@pytest.fixture
def people_in_every_network(seeded):
    one = Person.objects.create(
        given_name="Sentinelia",
        family_name="Sentinelsson",
        title="EU-samordnare",
        email="sentinel.one@example.se",
        phone="+46 70 111 22 33",
    )
    two = Person.objects.create(
        given_name="Stina",
        family_name="Sentinelsson",
        email="sentinel.two@example.se",
        phone="070-999 88 77",
    )
    for membership in Membership.objects.select_related("network", "organisation"):
        for person in (one, two):
            Representation.objects.get_or_create(
                person=person, network=membership.network, organisation=membership.organisation
            )
    # A public meeting of every network, with everyone invited and registering with
    # answers to its questions, so that the meeting lists and calendar feeds have people
    # and their answers behind them.
    soon = timezone.now() + datetime.timedelta(days=14)
    for network in Network.objects.all():
        meeting = meeting_create(
            networks=[network],
            leading=network,
            title=f"Möte i {network.name}",
            start=soon,
            end=soon + datetime.timedelta(hours=2),
            is_public=True,
        )
        meeting_registration_set(
            meeting=meeting,
            enabled=True,
            capacity=1,
            waiting_list=True,
            questions=[
                QuestionSpec(kind=QuestionKind.FOOD),
                QuestionSpec(kind=QuestionKind.OVERNIGHT),
                QuestionSpec(kind=QuestionKind.TEXT, label="Något mer?"),
            ],
        )
        invitations_create(meeting=meeting)
        replies = {
            q.pk: {"food": "Sentinelallergi", "overnight": True, "text": "Sentinelsvar"}[q.kind]
            for q in meeting.questions.all()
        }
        for invitation in meeting.invitations.all():
            invitation_answer(invitation=invitation, answer="yes", replies=replies)
    # The answers are there to be leaked, by a place and from the waiting list alike.
    assert RegistrationAnswer.objects.filter(
        text="Sentinelallergi", registration__status="waiting"
    ).exists()
    assert RegistrationAnswer.objects.filter(
        text="Sentinelallergi", registration__status="registered"
    ).exists()
    # Personal data typed into public fields by mistake is not the public site's to
    # remove; here it checks that nothing is taken from the people's own records.
    assert Network.objects.exists()


def crawl(client, start: list[str], limit: int = 400) -> dict[str, str]:
    """Every page reachable from `start` by the site's own links: url -> body."""
    seen: dict[str, str] = {}
    queue = deque(start)
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        body = response.content.decode(errors="replace")
        seen[url] = body + "\n" + "\n".join(f"{k}: {v}" for k, v in response.items())
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in re.findall(r'href="([^"#]+)', body):
            parts = urlsplit(link)
            if (
                parts.netloc
                or not parts.path.startswith("/")
                or parts.path.startswith(("/static/", "/admin/", "/en/admin/"))
            ):
                continue
            queue.append(link.replace("&amp;", "&"))
    return seen


@pytest.mark.usefixtures("people_in_every_network")
def test_no_public_page_shows_personal_data(client):
    index = client.get("/sitemap.xml").content.decode()
    start = []
    for part in re.findall(r"<loc>([^<]+)</loc>", index):
        sitemap = client.get(part.replace("&amp;", "&")).content.decode()
        start += [urlsplit(u).path for u in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    # Searches for what people's records hold (the query itself is echoed in the form,
    # so it holds no sentinel).
    start += ["/", "/en/", "/natverk/?q=EU-samordnare", "/en/natverk/?q=example.se",
              "/sitemap.xml", "/natverk/finns-inte/", "/en/organisationer/finns-inte/",
              "/tillganglighet/", "/en/om-webbplatsen/", "/personuppgifter-och-kakor/",
              "/robots.txt", "/favicon.ico", "/logo", "/moten/", "/en/moten/",
              "/kalender/moten.ics"]  # fmt: skip
    pages = crawl(client, start)
    assert len(pages) > 100
    assert sum(url.endswith(".ics") for url in pages) > 5  # the calendar feeds, too
    assert any("/en/organisationer/" in url for url in pages)
    assert "/en/tillganglighet/" in pages  # linked from every footer
    assert any(url.startswith("/kalender/moten/") for url in pages)  # one meeting's file
    assert any(url.startswith("/moten/?natverk=") for url in pages)  # the calendar filtered
    leaks = [(url, s) for url, body in pages.items() for s in SENTINELS if s in body]
    assert leaks == []


@pytest.mark.usefixtures("people_in_every_network")
def test_searching_for_a_person_finds_nothing(client):
    text = client.get("/natverk/?q=Sentinelsson").content.decode()
    assert "Inget nätverk matchar." in text
