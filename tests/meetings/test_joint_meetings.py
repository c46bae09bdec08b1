"""A joint meeting reaches another network's representatives only once that network's
own coordinator says yes: a coordinator asks, the other answers, and a network that is not
public is not even offered."""

import pytest
from django.urls import reverse

from natverk.core.models import AuditEntry
from natverk.meetings.enums import JoinOutcome, MeetingKind
from natverk.meetings.models import Invitation, JointMeetingRequest, Meeting
from natverk.people.models import Representation
from natverk.registry.models import Membership, Network, Organisation
from tests.meetings.test_member_area import form_data
from tests.outbox import deliver, work_off
from tests.roles import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_seat(cast):
    """Someone representing a member of Landsbygdspartnerskapet."""
    organisation = Organisation.objects.filter(
        pk__in=Membership.objects.current().filter(network=cast.other).values("organisation")
    ).first()
    person = make_person("lantbo", organisation=organisation.slug)
    Representation.objects.create(person=person, network=cast.other, organisation=organisation)
    return person


def ask(client, cast, networks, title="Gemensamt"):
    return client.post(
        reverse("meetings:add", args=[cast.skur.slug]),
        form_data(title=title, kind=MeetingKind.THEMATIC, other_networks=[n.pk for n in networks]),
    )


def test_the_asked_network_is_told_and_takes_part_only_when_its_coordinator_says_yes(
    as_role, cast, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(as_role("coordinator"), cast, [cast.other])
    meeting = Meeting.objects.get(title="Gemensamt")
    assert set(meeting.networks.all()) == {cast.skur}
    [join_request] = meeting.join_requests.all()
    assert join_request.outcome == JoinOutcome.WAITING
    deliver()
    [mail] = smtp_server.messages
    assert mail.recipients == ["annan@example.se"]
    assert mail["Subject"].strip() == "Landsbygdspartnerskapet tillfrågas om att delta: Gemensamt"
    body = smtp_server.text(mail)
    assert "SKUR-nätverket frågar om Landsbygdspartnerskapet vill delta i mötet Gemensamt." in body
    assert reverse("meetings:network", args=[cast.other.slug]) in body
    # The coordinator who asked sees who has not answered yet.
    page = as_role("coordinator").get(meeting.get_absolute_url()).content.decode()
    assert "Tillfrågade att delta, ännu utan svar: Landsbygdspartnerskapet" in page

    answered = as_role("other_coordinator").post(
        reverse("meetings:join_answer", args=[join_request.pk]), {"answer": "join"}, follow=True
    )
    assert "Landsbygdspartnerskapet deltar i Gemensamt" in answered.content.decode()
    assert set(meeting.networks.all()) == {cast.skur, cast.other}
    join_request.refresh_from_db()
    assert join_request.outcome == JoinOutcome.JOINED and join_request.decided_at
    assert AuditEntry.objects.filter(action="meetings.join.joined").count() == 1


def test_a_declined_request_leaves_the_network_out_and_is_answered_once(as_role, cast):
    ask(as_role("coordinator"), cast, [cast.other])
    meeting = Meeting.objects.get(title="Gemensamt")
    [join_request] = meeting.join_requests.all()
    other = as_role("other_coordinator")
    other.post(reverse("meetings:join_answer", args=[join_request.pk]), {"answer": "decline"})
    again = other.post(
        reverse("meetings:join_answer", args=[join_request.pk]), {"answer": "join"}, follow=True
    )
    assert "Förfrågan har redan besvarats." in again.content.decode()
    assert set(meeting.networks.all()) == {cast.skur}
    join_request.refresh_from_db()
    assert join_request.outcome == JoinOutcome.DECLINED


# The request is for the network's coordinators: to others it does not exist.
@pytest.mark.parametrize(("role", "status"), [("coordinator", 404), ("representative", 404),
                                              ("outsider", 404), ("anonymous", 302)])  # fmt: skip
def test_only_the_asked_networks_coordinator_answers(as_role, cast, role, status):
    ask(as_role("coordinator"), cast, [cast.other])
    [join_request] = JointMeetingRequest.objects.all()
    response = as_role(role).post(
        reverse("meetings:join_answer", args=[join_request.pk]), {"answer": "join"}
    )
    assert response.status_code == status
    join_request.refresh_from_db()
    assert join_request.outcome == JoinOutcome.WAITING
    assert set(join_request.meeting.networks.all()) == {cast.skur}


def test_a_network_that_is_not_public_is_not_offered_nor_taken(as_role, cast):
    cast.other.is_public = False
    cast.other.save()
    coordinator = as_role("coordinator")
    page = coordinator.get(reverse("meetings:network", args=[cast.skur.slug])).content.decode()
    assert "Landsbygdspartnerskapet" not in page
    response = ask(coordinator, cast, [cast.other])
    assert response.status_code == 400
    assert not Meeting.objects.filter(title="Gemensamt").exists()
    assert not JointMeetingRequest.objects.exists()


def test_a_network_one_coordinates_takes_part_at_once(as_role, cast):
    both = Network.objects.get(pk=cast.other.pk)
    cast.people["coordinator"].coordinations.create(network=both)
    ask(as_role("coordinator"), cast, [both])
    meeting = Meeting.objects.get(title="Gemensamt")
    assert set(meeting.networks.all()) == {cast.skur, cast.other}
    assert not meeting.join_requests.exists()


@pytest.mark.django_db(transaction=True)
def test_joining_a_meeting_already_invited_to_invites_the_networks_representatives(
    as_role, cast, other_seat
):
    coordinator = as_role("coordinator")
    ask(coordinator, cast, [cast.other])
    meeting = Meeting.objects.get(title="Gemensamt")
    coordinator.post(reverse("meetings:invite", args=[meeting.pk]))
    work_off()
    assert not Invitation.objects.filter(person=other_seat).exists()
    [join_request] = meeting.join_requests.all()
    as_role("other_coordinator").post(
        reverse("meetings:join_answer", args=[join_request.pk]), {"answer": "join"}
    )
    work_off()
    invitation = Invitation.objects.get(person=other_seat)
    assert invitation.meeting == meeting
    assert invitation.organisation == other_seat.representations.get().organisation
