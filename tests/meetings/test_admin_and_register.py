"""Meetings in the back office, where every change goes through the same rules as in the
member area; and what a person's register extract says about their invitations."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from natverk.core.models import OutgoingMessage
from natverk.meetings.enums import MeetingStatus, MessageKind
from natverk.meetings.models import Invitation, Meeting
from natverk.meetings.services import invitation_answer, invitations_create, meeting_cancel
from natverk.registry.models import Organisation
from tests.outbox import deliver, work_off

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def change_form_data(meeting, **changes) -> dict:
    start = timezone.localtime(meeting.start)
    end = timezone.localtime(meeting.end)
    data = {
        "title": meeting.title,
        "kind": meeting.kind,
        "mode": meeting.mode,
        "start_0": start.strftime("%Y-%m-%d"),
        "start_1": start.strftime("%H:%M:%S"),
        "end_0": end.strftime("%Y-%m-%d"),
        "end_1": end.strftime("%H:%M:%S"),
        "place": meeting.place,
        "city": meeting.city,
        "country": meeting.country,
        "theme": meeting.theme,
        "description": meeting.description,
        "is_public": "",
        "planned_year": "",
    }
    links = list(meeting.meetingnetwork_set.all())
    for prefix, rows in [
        ("meetingnetwork_set", links),
        ("agenda_items", []),
        ("invitations", list(meeting.invitations.all())),
        ("documents", []),
    ]:
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
    for i, link in enumerate(links):
        data.update(
            {
                f"meetingnetwork_set-{i}-id": link.pk,
                f"meetingnetwork_set-{i}-meeting": meeting.pk,
                f"meetingnetwork_set-{i}-network": link.network_id,
                f"meetingnetwork_set-{i}-leading": "on" if link.leading else "",
            }
        )
    for i, invitation in enumerate(meeting.invitations.all()):
        data.update(
            {
                f"invitations-{i}-id": invitation.pk,
                f"invitations-{i}-meeting": meeting.pk,
                f"invitations-{i}-answer": invitation.answer,
                f"invitations-{i}-attended": "unknown",
            }
        )
    return {**data, **changes}


def test_the_meeting_lists_and_forms_in_the_admin(secretariat_client, meeting):
    invitations_create(meeting=meeting)
    assert "SKUR höstmöte" in text(
        secretariat_client.get(reverse("admin:meetings_meeting_changelist"))
    )
    form = text(secretariat_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])))
    assert "Regionen Testsson" in form  # those invited, inline
    assert "Sammanhållningspolitiken efter 2027" in form
    messages = text(secretariat_client.get(reverse("admin:core_outgoingmessage_changelist")))
    assert messages.count("i kö") >= 4
    invitations = text(secretariat_client.get(reverse("admin:meetings_invitation_changelist")))
    assert "Kommunerna Testsson" in invitations
    assert secretariat_client.get(reverse("admin:core_outgoingmessage_add")).status_code == 403


def test_inviting_one_more_in_the_admin_is_for_representatives_only(
    secretariat_client, meeting, seats, cast
):
    invitations_create(meeting=meeting)
    url = reverse("admin:meetings_invitation_add")
    assert 'name="person"' in text(secretariat_client.get(url))
    before = (Invitation.objects.count(), OutgoingMessage.objects.count())
    for person in (cast.people["outsider"], seats["tidigare"], seats["regionen"]):
        response = secretariat_client.post(url, {"meeting": meeting.pk, "person": person.pk})
        assert response.status_code == 200  # the form again, saying why
        page = text(response)
        assert "företräder ingen medlem i mötets nätverk" in page or "är redan inbjuden" in page
    assert (Invitation.objects.count(), OutgoingMessage.objects.count()) == before
    newcomer = cast.people["coordinator"]
    cast.skur.representations.create(
        person=newcomer, organisation=Organisation.objects.get(slug="region-skane")
    )
    response = secretariat_client.post(url, {"meeting": meeting.pk, "person": newcomer.pk})
    assert response.status_code == 302
    invitation = Invitation.objects.get(meeting=meeting, person=newcomer)
    assert invitation.organisation.slug == "region-skane"
    assert invitation.messages.get().kind == MessageKind.INVITATION


def test_a_change_in_the_admin_reaches_the_calendars_of_those_invited(secretariat_client, meeting):
    invitations_create(meeting=meeting)
    deliver()  # the invitations have gone out
    later = timezone.localtime(meeting.start) + datetime.timedelta(hours=1)
    response = secretariat_client.post(
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        change_form_data(meeting, start_1=later.strftime("%H:%M:%S")),
        follow=True,
    )
    assert "4 ändringar är på väg till de inbjudna." in text(response)
    meeting.refresh_from_db()
    assert meeting.start == later
    assert meeting.sequence == 1
    assert OutgoingMessage.objects.filter(kind=MessageKind.UPDATE).count() == 4


def test_the_admin_refuses_a_meeting_that_ends_before_it_starts(secretariat_client, meeting):
    earlier = timezone.localtime(meeting.start) - datetime.timedelta(hours=1)
    response = secretariat_client.post(
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        change_form_data(meeting, end_1=earlier.strftime("%H:%M:%S")),
    )
    assert "Ett möte måste sluta efter att det börjar." in text(response)
    assert Meeting.objects.get(pk=meeting.pk).end == meeting.end


@pytest.mark.django_db(transaction=True)
def test_the_admin_actions_invite_and_cancel(secretariat_client, meeting):
    url = reverse("admin:meetings_meeting_changelist")
    response = secretariat_client.post(
        url, {"action": "invite", "_selected_action": [meeting.pk]}, follow=True
    )
    assert "4 meddelanden köade." in text(response)
    work_off()
    assert Invitation.objects.filter(meeting=meeting).count() == 4
    response = secretariat_client.post(
        url, {"action": "cancel", "_selected_action": [meeting.pk]}, follow=True
    )
    assert "4 meddelanden köade." in text(response)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    # A cancelled meeting is no longer edited.
    form = text(secretariat_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])))
    assert 'name="title"' not in form


def test_withdrawing_in_the_admin_sends_a_cancellation(secretariat_client, meeting, seats):
    invitations_create(meeting=meeting)
    deliver()  # the invitations have gone out
    invitation = Invitation.objects.get(meeting=meeting, person=seats["regionen"])
    secretariat_client.post(
        reverse("admin:meetings_invitation_changelist"),
        {"action": "withdraw", "_selected_action": [invitation.pk]},
    )
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    assert invitation.messages.filter(kind=MessageKind.CANCELLATION).count() == 1


def test_the_register_extract_lists_the_persons_invitations(client, cast, meeting, seats):
    invitations_create(meeting=meeting)
    invitation = Invitation.objects.get(meeting=meeting, person=seats["regionen"])
    invitation_answer(invitation=invitation, answer="yes")
    client.force_login(cast.users["secretariat"])
    response = client.get(
        reverse("admin:people_person_extract", args=[seats["regionen"].pk]) + "?format=json"
    )
    extract = json.dumps(json.loads(response.content), ensure_ascii=False)
    assert "Inbjudningar till möten" in extract
    assert "SKUR höstmöte" in extract
    assert '"ja"' in extract
    assert "Region Skåne" in extract


def test_the_register_extract_lists_the_documents_added_to_meetings(client, cast, meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from natverk.meetings.services import meeting_document_add
    from tests.workspace.test_exports_and_files import PDF

    coordinator = cast.people["coordinator"]
    meeting_document_add(
        meeting=meeting,
        title="Min presentation",
        upload=SimpleUploadedFile("bilder.pdf", PDF),
        visibility="members",
        by_person=coordinator,
    )
    client.force_login(cast.users["secretariat"])
    response = client.get(
        reverse("admin:people_person_extract", args=[coordinator.pk]) + "?format=json"
    )
    extract = json.dumps(json.loads(response.content), ensure_ascii=False)
    assert "Dokument tillagda till möten" in extract
    assert "Min presentation" in extract


def test_a_cancelled_meetings_invitations_stay_for_the_record(meeting, seats):
    invitations_create(meeting=meeting)
    meeting_cancel(meeting=meeting)
    assert Invitation.objects.filter(meeting=meeting).count() == 4
