"""Meetings in the member area: the coordinator plans, dates, invites and follows up; the
representatives read and answer; the secretariat follows every network's cadence."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from natverk.core.models import OutgoingMessage
from natverk.files.checks import MAX_UPLOAD_BYTES
from natverk.meetings.enums import Answer, MeetingKind, MeetingStatus, MessageKind
from natverk.meetings.models import Invitation, Meeting, MeetingDocument
from natverk.meetings.services import invitations_create, meeting_create
from natverk.registry.models import Network
from tests.meetings.conftest import at
from tests.outbox import deliver, work_off
from tests.workspace.test_exports_and_files import PDF, office_file

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    data = {
        "title": "Vårmöte",
        "kind": MeetingKind.ORDINARY,
        "mode": "hybrid",
        "start": "2030-04-08T09:00",
        "end": "2030-04-08T12:00",
        "place": "Skånes Kommuner, Gasverksgatan 3A",
        "city": "Lund",
        "country": "Sverige",
        "theme": "",
        "description": "",
        "agenda": "Välkommen\nLäget i Bryssel\n\nÖvrigt",
    }
    return {**data, **overrides}


def test_the_coordinator_adds_a_meeting_with_its_agenda(as_role, cast):
    client = as_role("coordinator")
    response = client.post(reverse("meetings:add", args=[cast.skur.slug]), form_data())
    meeting = Meeting.objects.get(title="Vårmöte")
    assert response.url == meeting.get_absolute_url()
    assert meeting.start == at(2030, 4, 8, 9, 0)
    assert meeting.leading_network == cast.skur
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Mötet har lagts till." in page
    assert "<li>Läget i Bryssel</li>" in page
    assert [i.title for i in meeting.agenda_items.all()] == [
        "Välkommen",
        "Läget i Bryssel",
        "Övrigt",
    ]


def test_a_meeting_that_ends_before_it_starts_is_refused_by_the_form(as_role, cast):
    response = as_role("coordinator").post(
        reverse("meetings:add", args=[cast.skur.slug]), form_data(end="2030-04-08T08:00")
    )
    assert response.status_code == 400
    assert "Mötet måste sluta efter att det börjar." in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("role", ["representative", "other_coordinator", "outsider"])
def test_only_the_coordinators_and_the_secretariat_add_meetings(as_role, cast, role):
    response = as_role(role).post(reverse("meetings:add", args=[cast.skur.slug]), form_data())
    assert response.status_code in (403, 404)
    assert not Meeting.objects.exists()


def test_a_joint_meeting_is_seen_by_both_networks(as_role, cast, seats):
    """SKUR's coordinator asks Landsbygdspartnerskapet, whose coordinator says yes."""
    client = as_role("coordinator")
    client.post(
        reverse("meetings:add", args=[cast.skur.slug]),
        form_data(title="Gemensamt", kind=MeetingKind.THEMATIC, other_networks=[cast.other.pk]),
    )
    meeting = Meeting.objects.get(title="Gemensamt")
    assert set(meeting.networks.all()) == {cast.skur}
    other = as_role("other_coordinator")
    page = " ".join(
        other.get(reverse("meetings:network", args=[cast.other.slug])).content.decode().split()
    )
    assert "Tillfrågade att delta" in page and "Gemensamt (SKUR-nätverket)" in page
    [join_request] = meeting.join_requests.all()
    other.post(reverse("meetings:join_answer", args=[join_request.pk]), {"answer": "join"})
    assert set(meeting.networks.all()) == {cast.skur, cast.other}
    # The other network's coordinator reads it, but the leading network manages it.
    assert other.get(meeting.get_absolute_url()).status_code == 200
    assert other.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 403


def test_who_sees_a_meeting(as_role, meeting):
    url = meeting.get_absolute_url()
    assert as_role("representative").get(url).status_code == 200
    assert as_role("secretariat").get(url).status_code == 200
    assert as_role("outsider").get(url).status_code == 404
    assert as_role("other_coordinator").get(url).status_code == 404
    assert as_role("anonymous").get(url).status_code == 302
    # Seen, but not theirs to change: refused, not hidden.
    assert (
        as_role("representative").get(reverse("meetings:edit", args=[meeting.pk])).status_code
        == 403
    )


@pytest.mark.django_db(transaction=True)
def test_sending_the_invitations_from_the_meeting_page(as_role, meeting):
    client = as_role("coordinator")
    response = client.post(reverse("meetings:invite", args=[meeting.pk]), follow=True)
    assert "4 inbjudningar är på väg." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.INVITED
    # The page answered before anything was written to anyone; the worker does that.
    assert not OutgoingMessage.objects.exists()
    work_off()
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert OutgoingMessage.objects.count() == 4
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert page.count("inbjudan: skickat") == 4


def test_a_meeting_without_a_date_cannot_be_invited_to_from_the_page(as_role, cast):
    draft = meeting_create(networks=[cast.skur], leading=cast.skur, title="Utkast")
    response = as_role("coordinator").post(reverse("meetings:invite", args=[draft.pk]), follow=True)
    assert "Ge mötet ett datum innan du bjuder in." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == MeetingStatus.PLANNED


def test_a_change_in_the_form_is_sent_as_an_update(as_role, meeting):
    invitations_create(meeting=meeting)
    deliver()  # the invitations have gone out
    client = as_role("coordinator")
    edit = reverse("meetings:edit", args=[meeting.pk])
    assert "Inbjudningarna har gått ut" in client.get(edit).content.decode()
    start = timezone.localtime(meeting.start)
    data = form_data(
        title=meeting.title,
        start=start.strftime("%Y-%m-%dT%H:%M"),
        end=(start + datetime.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        place=meeting.place,
        city=meeting.city,
        theme=meeting.theme,
        agenda="",
    )
    response = client.post(edit, data, follow=True)
    assert "Sparat; 4 uppdateringar är på väg till de inbjudna." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert OutgoingMessage.objects.filter(kind=MessageKind.UPDATE).count() == 4


def test_the_representative_answers_on_the_meeting_page(as_role, meeting, seats):
    invitations_create(meeting=meeting)
    client = as_role("representative")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Din inbjudan" in page
    response = client.post(reverse("meetings:my_answer", args=[meeting.pk]), {"answer": "maybe"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(meeting=meeting, person=seats["representant"])
    assert invitation.answer == Answer.MAYBE
    # Someone not invited has nothing to answer.
    response = as_role("coordinator").post(
        reverse("meetings:my_answer", args=[meeting.pk]), {"answer": "yes"}
    )
    assert response.status_code == 404


def test_attendance_is_recorded_in_the_form(as_role, meeting, seats):
    invitations_create(meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - datetime.timedelta(hours=2), end=timezone.now()
    )
    came = Invitation.objects.get(meeting=meeting, person=seats["regionen"])
    client = as_role("coordinator")
    url = reverse("meetings:attendance", args=[meeting.pk])
    response = client.post(url, {"attended": [str(came.pk)]}, follow=True)
    assert "Närvaron har registrerats." in response.content.decode()
    assert list(Invitation.objects.filter(attended=True)) == [came]
    page = client.get(url).content.decode()
    assert "Region Skåne: Regionen Testsson" in page
    summary = client.get(meeting.get_absolute_url()).content.decode()
    assert "1 av 4 inbjudna kom; organisationer som deltog: 1." in summary


def test_the_coordinator_withdraws_one_invitation(as_role, meeting, seats):
    invitations_create(meeting=meeting)
    deliver()  # the invitations have gone out
    invitation = Invitation.objects.get(meeting=meeting, person=seats["ersattaren"])
    url = reverse("meetings:withdraw", args=[meeting.pk, invitation.pk])
    assert as_role("representative").post(url).status_code == 403
    response = as_role("coordinator").post(url, follow=True)
    assert (
        "Inbjudan till Ersattaren Testsson har återkallats; ett besked är på väg."
        in response.content.decode()
    )
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    assert invitation.messages.filter(kind=MessageKind.CANCELLATION).count() == 1


def upload(client, meeting, name, content, visibility="members"):
    return client.post(
        reverse("meetings:document_upload", args=[meeting.pk]),
        {"title": "Protokoll", "visibility": visibility, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("protokoll.pdf", b"MZ\x90\x00 not a pdf"),
        ("protokoll.docx", b"<html>"),
        ("bild.svg", b"<svg/>"),
    ],
)
def test_a_document_of_another_kind_is_refused_whatever_its_name(as_role, meeting, name, content):
    response = upload(as_role("coordinator"), meeting, name, content)
    assert f"”{name}” är inte en fil av en tillåten typ" in response.content.decode()
    assert not MeetingDocument.objects.exists()


def test_a_document_over_25_mb_is_refused(as_role, meeting):
    big = PDF + b"0" * (MAX_UPLOAD_BYTES + 1 - len(PDF))
    response = upload(as_role("coordinator"), meeting, "stor.pdf", big)
    assert "högst 25 MB" in response.content.decode()
    assert not MeetingDocument.objects.exists()


def test_documents_are_seen_by_whom_their_visibility_says(as_role, meeting, client):
    Meeting.objects.filter(pk=meeting.pk).update(is_public=True)  # public documents need it
    coordinator = as_role("coordinator")
    upload(coordinator, meeting, "protokoll.pdf", PDF, "public")
    upload(coordinator, meeting, "bilder.pptx", office_file("pptx"), "members")
    upload(coordinator, meeting, "underlag.xlsx", office_file("xlsx"), "secretariat")
    documents = {d.visibility: d for d in MeetingDocument.objects.all()}
    assert {d.kind for d in documents.values()} == {"pdf", "pptx", "xlsx"}
    expected = {
        "anonymous": {"public"},
        "outsider": {"public"},
        "representative": {"public", "members"},
        "secretariat": {"public", "members", "secretariat"},
    }
    for role, allowed in expected.items():
        user = as_role(role)
        for visibility, document in documents.items():
            response = user.get(reverse("meetings:document", args=[document.pk]))
            assert (response.status_code == 200) == (visibility in allowed), (role, visibility)
            if response.status_code == 200:
                assert response["Cache-Control"] == "private, no-store"


def test_my_networks_lists_my_meetings_and_my_calendar(as_role, meeting, cast):
    invitations_create(meeting=meeting)
    client = as_role("representative")
    page = client.get(reverse("workspace:my_networks")).content.decode()
    assert "SKUR höstmöte" in page
    assert "ditt svar: inte svarat" in page
    token = cast.people["representative"].calendar_token
    assert f"/kalender/person/{token}.ics" in page
    workspace = client.get(reverse("workspace:network", args=[cast.skur.slug])).content.decode()
    assert "SKUR höstmöte" in workspace


@pytest.mark.usefixtures("seeded")
def test_the_secretariat_plans_the_year_and_follows_the_cadence(as_role):
    client = as_role("secretariat")
    brussels = Network.objects.get(slug="brysselnatverket")
    year = timezone.localdate().year - 1
    response = client.post(
        reverse("meetings:plan_year", args=[brussels.slug]), {"year": year}, follow=True
    )
    assert "4 utkast till möten har lagts till; ge dem datum." in response.content.decode()
    drafts = list(Meeting.objects.filter(planned_year=year).order_by("pk"))
    # Last year: one said to be held (the residential meeting), one past its date that
    # nobody confirmed took place, one cancelled, one never dated. One of four, and the
    # residential one: behind on meetings, not on internat.
    for draft, month, status in zip(
        drafts[:2], (3, 9), (MeetingStatus.HELD, MeetingStatus.INVITED), strict=True
    ):
        Meeting.objects.filter(pk=draft.pk).update(
            start=at(year, month, 1, 10, 0), end=at(year, month, 1, 12, 0), status=status
        )
    Meeting.objects.filter(pk=drafts[2].pk).update(
        start=at(year, 11, 1, 10, 0), status=MeetingStatus.CANCELLED
    )
    page = " ".join(
        client.get(reverse("meetings:cadence") + f"?ar={year}").content.decode().split()
    )
    behind = page.split("<h2>Ligger efter</h2>")[1].split("Alla nätverk med ett mål")[0]
    assert "Brysselnätverket" in behind
    assert (
        "1 hållna, 4 väntade hittills (ytterligare 1 har börjat men är inte bekräftat som hållet)"
        in behind
    )
    assert "internat" not in behind
    assert as_role("coordinator").get(reverse("meetings:cadence")).status_code == 403


def test_cancelling_asks_first_and_then_tells_everyone_invited(as_role, meeting):
    invitations_create(meeting=meeting)
    deliver()  # the invitations have gone out
    client = as_role("coordinator")
    url = reverse("meetings:cancel", args=[meeting.pk])
    confirm = client.get(url).content.decode()
    assert "Ställa in SKUR höstmöte?" in confirm
    assert "De 4 inbjudna får ett besked" in confirm
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.INVITED
    assert as_role("representative").post(url).status_code == 403
    response = as_role("coordinator").post(url, follow=True)
    assert "Mötet har ställts in; 4 besked om inställt möte är på väg." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert OutgoingMessage.objects.filter(kind=MessageKind.CANCELLATION).count() == 4
