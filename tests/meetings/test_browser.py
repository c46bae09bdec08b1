"""Meeting pages in a real browser: axe-core (WCAG 2.1 AA) on every page a coordinator,
the secretariat and an invited person see, and answering by keyboard alone."""

import datetime
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from natverk.access.roles import SECRETARIAT_GROUP
from natverk.importing.seed import seed_load
from natverk.meetings.enums import Answer
from natverk.meetings.messages import answer_links
from natverk.meetings.models import Invitation, Meeting, MeetingDocument
from natverk.meetings.services import invitations_create, meeting_create
from natverk.people.models import Coordination, Representation
from natverk.publishing.search import documents_refresh
from natverk.registry.models import Network, Organisation
from natverk.registry.services.reference import reference_load
from natverk.workspace.models import Document, Post
from tests.browser_support import SCREENSHOTS, WCAG_AA, violations_report
from tests.roles import PASSWORD, make_person
from tests.workspace.test_exports_and_files import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    reference_load()
    seed_load()
    documents_refresh()
    skur = Network.objects.get(slug="skur-natverket")
    coordinator = make_person("samordnare", organisation="region-skane")
    Coordination.objects.create(person=coordinator, network=skur)
    coordinator.user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    coordinator.user.is_staff = True
    coordinator.user.save()
    representative = make_person("representant", organisation="malmo")
    Representation.objects.create(
        person=representative, network=skur, organisation=Organisation.objects.get(slug="malmo")
    )
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(days=20)
    meeting = meeting_create(
        networks=[skur, Network.objects.get(slug="landsbygdspartnerskapet")],
        leading=skur,
        title="SKUR och landsbygden",
        kind="thematic",
        start=start,
        end=start + datetime.timedelta(hours=3),
        city="Hässleholm",
        theme="Landsbygdsutveckling",
        is_public=True,
    )
    invitations_create(meeting=meeting)
    return live_server.url, meeting


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/konto/logga-in/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/mina-natverk/")


def axe_failures(page, base: str, paths: dict[str, str]) -> dict[str, str]:
    axe, failures = Axe(), {}
    for name, path in paths.items():
        response = page.goto(base + path)
        assert response.status in (200, 410), path
        page.screenshot(path=SCREENSHOTS / f"sv-meetings-{name}-desktop.png", full_page=True)
        results = axe.run(page, options=WCAG_AA)
        if results.violations_count:
            failures[path] = violations_report(results)
    return failures


def _documents_posts_and_a_request(meeting):
    """Minutes of the meeting and of the network, a post, a meeting of SKUR that asks
    Brysselnätverket to take part, and a past meeting that took place with attendance."""
    skur = meeting.organiser
    minutes = MeetingDocument(meeting=meeting, title="Protokoll", kind="pdf",
                              visibility="public", category="minutes")  # fmt: skip
    minutes.file.save("protokoll.pdf", ContentFile(PDF), save=False)
    minutes.save()
    document = Document(network=skur, title="Verksamhetsplan", kind="pdf", category="other")
    document.file.save("plan.pdf", ContentFile(PDF), save=False)
    document.save()
    post = Post.objects.create(network=skur, title="Välkomna", body="<p>Hej</p>")
    meeting_create(networks=[skur], leading=skur, title="Fråga Bryssel",
                   asked=[Network.objects.get(slug="brysselnatverket")])  # fmt: skip
    start = timezone.localtime().replace(month=1, day=15, hour=10, minute=0)
    held = meeting_create(networks=[skur], leading=skur, title="Januarimötet", start=start,
                          end=start + datetime.timedelta(hours=2))  # fmt: skip
    Meeting.objects.filter(pk=held.pk).update(status="held")
    Invitation.objects.create(
        meeting=held, person=Invitation.objects.filter(meeting=meeting).first().person,
        organisation=Organisation.objects.get(slug="malmo"), attended=True,
    )  # fmt: skip
    return minutes, document, post


def test_the_meeting_pages_pass_axe(site, browser):
    base, meeting = site
    minutes, document, post = _documents_posts_and_a_request(meeting)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, base, "samordnare@example.se")
    failures = axe_failures(
        page,
        base,
        {
            "network-meetings": "/mina-natverk/skur-natverket/moten/",
            "meeting": f"/mina-natverk/moten/{meeting.pk}/",
            "edit": f"/mina-natverk/moten/{meeting.pk}/andra/",
            "attendance": f"/mina-natverk/moten/{meeting.pk}/narvaro/",
            "cancel": f"/mina-natverk/moten/{meeting.pk}/stall-in/",
            "cadence": "/mina-natverk/uppfoljning/",
            "public-network": "/natverk/skur-natverket/",
            "public-network-en": "/en/natverk/landsbygdspartnerskapet/",
            "invalid-link": "/svar/MQ/yes/0-0/",
            "meeting-document-change": f"/mina-natverk/motesdokument/{minutes.pk}/andra/",
            "meeting-document-remove": f"/mina-natverk/motesdokument/{minutes.pk}/ta-bort/",
            "document-change": f"/mina-natverk/dokument/{document.pk}/andra/",
            "post-change": f"/mina-natverk/inlagg/{post.pk}/andra/",
            "network": "/mina-natverk/skur-natverket/",
            "asked-to-take-part": "/mina-natverk/brysselnatverket/moten/",
        },
    )
    assert failures == {}
    page.close()


def test_answering_from_the_email_by_keyboard(site, browser):
    base, meeting = site
    invitation = Invitation.objects.get(meeting=meeting, person__email="representant@example.se")
    link = urlsplit(answer_links(invitation, "sv")["yes"]).path
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + link)
    assert Axe().run(page, options=WCAG_AA).violations_count == 0
    # The link's answer is chosen already; from the top of the page, Tab reaches the
    # button that saves it, and Enter answers.
    for _step in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Spara svaret":
            break
    else:
        pytest.fail("the button that saves the answer cannot be reached by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == meeting.title
    assert (
        page.locator("[role=status], .message")
        .first.inner_text()
        .startswith("Tack. Ditt svar: ja.")
    )
    assert Axe().run(page, options=WCAG_AA).violations_count == 0
    invitation.refresh_from_db()
    assert invitation.answer == Answer.YES
    page.close()


def test_the_registration_pages_pass_axe(site, browser):
    """A meeting over two days with registration: the coordinator's settings and the
    lists on the meeting's page, and the invited person's form with the questions."""
    from natverk.meetings.enums import QuestionKind
    from natverk.meetings.services import (
        QuestionSpec,
        invitation_answer,
        meeting_registration_set,
        meeting_update,
    )

    base, meeting = site
    meeting_update(
        meeting=meeting, start=meeting.start, end=meeting.start + datetime.timedelta(days=1)
    )
    meeting_registration_set(
        meeting=meeting,
        enabled=True,
        capacity=1,
        waiting_list=True,
        closes=meeting.start - datetime.timedelta(days=2),
        questions=[
            QuestionSpec(kind=QuestionKind.FOOD),
            QuestionSpec(kind=QuestionKind.OVERNIGHT, required=True),
            QuestionSpec(kind=QuestionKind.DAYS, required=True),
            QuestionSpec(kind=QuestionKind.TEXT, label="Vill du hålla i en workshop?"),
        ],
    )
    invitation = Invitation.objects.get(meeting=meeting, person__email="representant@example.se")
    overnight = meeting.questions.get(kind=QuestionKind.OVERNIGHT)
    days = meeting.questions.get(kind=QuestionKind.DAYS)
    day = timezone.localdate(meeting.start).isoformat()
    invitation_answer(
        invitation=invitation, answer="yes", replies={overnight.pk: True, days.pk: [day]}
    )
    link = urlsplit(answer_links(invitation, "sv")["page"]).path
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    assert axe_failures(page, base, {"registration-answer": link}) == {}
    log_in(page, base, "samordnare@example.se")
    failures = axe_failures(
        page,
        base,
        {
            "registration": f"/mina-natverk/moten/{meeting.pk}/anmalan/",
            "meeting-with-registration": f"/mina-natverk/moten/{meeting.pk}/",
            "registration-en": f"/en/mina-natverk/moten/{meeting.pk}/anmalan/",
        },
    )
    assert failures == {}
    page.close()
