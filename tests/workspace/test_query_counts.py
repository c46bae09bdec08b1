"""Every list in the member area costs the same number of queries with one row as with
many: each page is measured, the register grows (more networks, seats, posts, documents,
meetings, invitations), and the page is measured again."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from natverk.files.models import Visibility
from natverk.meetings.models import Invitation, Meeting, MeetingDocument
from natverk.meetings.services import invitations_create, meeting_create
from natverk.people.models import Coordination, Representation
from natverk.registry.enums import MembershipRole
from natverk.registry.models import Membership, Organisation
from natverk.workspace.models import Document, Post
from tests.factories import NetworkFactory, OrganisationFactory, PersonFactory
from tests.workspace.test_exports_and_files import PDF

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _a_meeting(network, days: int, **fields) -> Meeting:
    # Each at its own hour: two meetings of one network at once cannot be invited to.
    start = timezone.now() + datetime.timedelta(days=days, hours=3 * Meeting.objects.count())
    meeting = meeting_create(
        networks=[network],
        leading=network,
        title=f"Möte om {days} dagar",
        start=start,
        end=start + datetime.timedelta(hours=2),
        city="Lund",
        is_public=True,
        **fields,
    )
    document = MeetingDocument(meeting=meeting, title="Underlag", kind="pdf",
                               visibility=Visibility.MEMBERS)  # fmt: skip
    document.file.save("underlag.pdf", ContentFile(PDF), save=False)
    document.save()
    return meeting


def _grow(cast, times: int) -> None:
    """More of everything the member area lists, around the representative of SKUR."""
    representative = cast.people["representative"]
    coordinator = cast.people["coordinator"]
    malmo = Organisation.objects.get(slug="malmo")
    for number in range(times):
        # Another network the representative and the coordinator sit in, with a target.
        network = NetworkFactory(meetings_per_year=4)
        Membership.objects.create(network=network, organisation=malmo)
        Representation.objects.create(person=representative, network=network, organisation=malmo)
        Coordination.objects.create(person=coordinator, network=network)
        # Another member of SKUR with a seated representative, and one without.
        for seated in (True, False):
            organisation = OrganisationFactory()
            Membership.objects.create(
                network=cast.skur, organisation=organisation, role=MembershipRole.MEMBER
            )
            if seated:
                Representation.objects.create(
                    person=PersonFactory(employer=organisation),
                    network=cast.skur,
                    organisation=organisation,
                )
        Post.objects.create(network=cast.skur, author=representative, title=f"Inlägg {number}",
                            body="<p>Hej</p>")  # fmt: skip
        document = Document(network=cast.skur, title=f"Protokoll {number}", kind="pdf",
                            visibility=Visibility.MEMBERS)  # fmt: skip
        document.file.save("protokoll.pdf", ContentFile(PDF), save=False)
        document.save()
        invitations_create(meeting=_a_meeting(cast.skur, days=10 + number))


@pytest.fixture
def one_of_each(cast):
    """SKUR with one of everything: a post, a document, a coming meeting invited to."""
    _grow(cast, 1)
    return cast


def _pages(cast) -> dict[str, tuple[str, str]]:
    """Each member-area list: who looks at it, and its address."""
    skur = cast.skur.slug
    meeting = Meeting.objects.filter(networks=cast.skur).order_by("start").first()
    token = cast.people["representative"].calendar_token
    return {
        "my networks": ("representative", reverse("workspace:my_networks")),
        "a network": ("coordinator", reverse("workspace:network", kwargs={"slug": skur})),
        "representatives": (
            "coordinator",
            reverse("workspace:representatives", kwargs={"slug": skur}),
        ),
        "a network's meetings": ("coordinator", reverse("meetings:network", kwargs={"slug": skur})),
        "a meeting": ("coordinator", reverse("meetings:meeting", kwargs={"pk": meeting.pk})),
        "a meeting, as one invited": (
            "representative",
            reverse("meetings:meeting", kwargs={"pk": meeting.pk}),
        ),
        "attendance": ("coordinator", reverse("meetings:attendance", kwargs={"pk": meeting.pk})),
        "follow-up": ("secretariat", reverse("meetings:cadence")),
        "network feed": ("anonymous", reverse("feeds:network_feed", kwargs={"slug": skur})),
        "organisation feed": (
            "anonymous",
            reverse("feeds:organisation_feed", kwargs={"slug": "malmo"}),
        ),
        "personal feed": ("anonymous", reverse("feeds:person_feed", kwargs={"token": token})),
    }


# What each page costs, whatever the number of rows.
PINNED = {
    "my networks": 9,
    "a network": 12,
    "representatives": 12,
    "a network's meetings": 12,
    "a meeting": 14,
    "a meeting, as one invited": 11,
    "attendance": 11,
    "follow-up": 5,
    # The meetings, and their networks for each event's link to its public page.
    "network feed": 3,
    "organisation feed": 3,
    "personal feed": 2,
}


@pytest.mark.parametrize("page", sorted(PINNED))
@pytest.mark.usefixtures("identity_kept")
def test_a_member_area_list_costs_the_same_for_one_row_and_many(as_role, one_of_each, page):
    role, url = _pages(one_of_each)[page]
    one = _queries(as_role(role), url)
    _grow(one_of_each, 6)
    assert Invitation.objects.filter(person=one_of_each.people["representative"]).count() == 7
    role, url = _pages(one_of_each)[page]
    many = _queries(as_role(role), url)
    assert (one, many) == (PINNED[page], PINNED[page])
