"""Who is invited, and what each change to a meeting or an invitation does."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from natverk.core.models import OutgoingMessage
from natverk.meetings.enums import Answer, MeetingKind, MeetingStatus, MessageKind
from natverk.meetings.models import Invitation, Meeting
from natverk.meetings.services import (
    attendance_record,
    invitation_add,
    invitation_answer,
    invitation_withdraw,
    invitations_create,
    meeting_cancel,
    meeting_create,
    meeting_invite,
    meeting_update,
    meetings_plan_year,
    reminders_queue,
)
from natverk.people.models import Person
from natverk.people.privacy import person_erase
from natverk.registry.models import Network, Organisation
from tests.meetings.conftest import at
from tests.outbox import deliver, work_off

pytestmark = pytest.mark.django_db


def invited(meeting) -> set[str]:
    return set(
        Invitation.objects.filter(meeting=meeting, withdrawn_at__isnull=True).values_list(
            "person__email", flat=True
        )
    )


def test_invitations_go_to_the_current_representatives_only(meeting, seats, cast):
    assert invitations_create(meeting=meeting) == 4
    assert invited(meeting) == {
        "regionen@example.se",
        "kommunerna@example.se",
        "ersattaren@example.se",
        "representant@example.se",
    }
    # Not the one whose seat ended, nor the coordinator (who sits in no seat), nor anyone
    # from another network.
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.INVITED
    invitation = Invitation.objects.get(meeting=meeting, person=seats["kommunerna"])
    assert invitation.organisation.slug == "skanes-kommuner"


def test_inviting_again_invites_only_those_appointed_since(meeting, seats, cast):
    invitations_create(meeting=meeting)
    newcomer = Person.objects.create(given_name="Ny", family_name="Nysson", email="ny@example.se")
    cast.skur.representations.create(
        person=newcomer, organisation=Organisation.objects.get(slug="malmo-universitet")
    )
    assert invitations_create(meeting=meeting) == 1
    assert "ny@example.se" in invited(meeting)
    assert OutgoingMessage.objects.filter(kind=MessageKind.INVITATION).count() == 5


def test_an_erased_person_is_not_invited(meeting, seats, cast):
    person_erase(person=seats["ersattaren"], by=None)
    invitations_create(meeting=meeting)
    assert len(invited(meeting)) == 3


def test_inviting_someone_outside_the_network_is_refused_and_changes_nothing(meeting, seats, cast):
    invitations_create(meeting=meeting)
    before = (Invitation.objects.count(), OutgoingMessage.objects.count())
    for outsider in (seats["tidigare"], cast.people["outsider"], cast.people["coordinator"]):
        with pytest.raises(ValidationError) as error:
            invitation_add(meeting=meeting, person=outsider)
        assert "företräder ingen medlem i mötets nätverk" in error.value.messages[0]
    assert (Invitation.objects.count(), OutgoingMessage.objects.count()) == before


def test_a_joint_meeting_invites_the_representatives_of_every_network(cast, seats):
    other = cast.other  # Landsbygdspartnerskapet
    person = Person.objects.create(given_name="Land", family_name="Bygd", email="land@example.se")
    other.representations.create(person=person, organisation=Organisation.objects.get(slug="lrf"))
    joint = meeting_create(
        networks=[cast.skur, other],
        leading=cast.skur,
        title="Gemensamt temamöte",
        kind=MeetingKind.THEMATIC,
        start=at(2030, 5, 6, 13, 0),
        end=at(2030, 5, 6, 16, 0),
    )
    invitations_create(meeting=joint)
    assert "land@example.se" in invited(joint)
    assert "regionen@example.se" in invited(joint)
    assert joint.leading_network == cast.skur


def test_an_undated_or_cancelled_meeting_cannot_be_invited_to(cast, seats, meeting):
    draft = meeting_create(networks=[cast.skur], leading=cast.skur, title="Utkast")
    with pytest.raises(ValidationError, match="Ge mötet ett datum"):
        invitations_create(meeting=draft)
    meeting_cancel(meeting=meeting)
    with pytest.raises(ValidationError, match="Bara till ett kommande möte"):
        invitations_create(meeting=meeting)
    assert not Invitation.objects.exists()


def test_a_meeting_that_ends_before_it_starts_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        meeting_create(
            networks=[cast.skur],
            leading=cast.skur,
            title="Baklänges",
            start=at(2030, 5, 6, 13, 0),
            end=at(2030, 5, 6, 12, 0),
        )
    assert error.value.message_dict == {"end": ["Mötet måste sluta efter att det börjar."]}
    assert not Meeting.objects.filter(title="Baklänges").exists()


def test_a_change_that_makes_the_meeting_end_first_changes_nothing(meeting, seats):
    invitations_create(meeting=meeting)
    original = (meeting.start, meeting.end)
    with pytest.raises(ValidationError):
        meeting_update(meeting=meeting, end=meeting.start - datetime.timedelta(hours=1))
    meeting.refresh_from_db()
    assert (meeting.start, meeting.end, meeting.sequence) == (*original, 0)
    assert not OutgoingMessage.objects.filter(kind=MessageKind.UPDATE).exists()


def test_withdrawing_one_invitation_sends_that_person_a_cancellation(meeting, seats, smtp_server):
    invitations_create(meeting=meeting)
    deliver()
    invitation = Invitation.objects.get(meeting=meeting, person=seats["ersattaren"])
    invitation_withdraw(invitation=invitation)
    deliver()
    kinds = [m["Subject"].strip() for m in smtp_server.to("ersattaren@example.se")]
    assert kinds == ["Inbjudan: SKUR höstmöte", "Inbjudan återkallad: SKUR höstmöte"]
    text = smtp_server.text(smtp_server.to("ersattaren@example.se")[1])
    assert "Din inbjudan till mötet har återkallats. Själva mötet blir av." in text
    assert "inställt" not in text.lower()
    assert OutgoingMessage.objects.filter(
        invitation=invitation, kind=MessageKind.CANCELLATION, status="sent"
    ).exists()
    # An update later goes to those still invited only.
    meeting_update(meeting=meeting, place="Annan lokal")
    assert not OutgoingMessage.objects.filter(
        invitation=invitation, kind=MessageKind.UPDATE
    ).exists()


def test_an_invitation_withdrawn_before_it_went_sends_nothing(meeting, seats, smtp_server):
    """The invitation had not gone yet: it is not sent, and no cancellation either."""
    invitations_create(meeting=meeting)
    invitation = Invitation.objects.get(meeting=meeting, person=seats["ersattaren"])
    invitation_withdraw(invitation=invitation)
    deliver()
    assert smtp_server.to("ersattaren@example.se") == []
    assert set(
        OutgoingMessage.objects.filter(invitation=invitation).values_list("status", flat=True)
    ) == {"dropped"}


def test_attendance_per_person_and_organisation(meeting, seats):
    invitations_create(meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - datetime.timedelta(hours=3),
        end=timezone.now() - datetime.timedelta(hours=1),
    )
    meeting.refresh_from_db()
    came = Invitation.objects.filter(
        meeting=meeting, person__in=[seats["regionen"], seats["kommunerna"]]
    )
    attendance_record(meeting=meeting, attended={i.pk for i in came})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    by_organisation = dict(
        Invitation.objects.filter(meeting=meeting, attended=True)
        .values_list("organisation__slug", "person__given_name")
        .order_by("person__given_name")
    )
    assert by_organisation == {"region-skane": "Regionen", "skanes-kommuner": "Kommunerna"}
    assert Invitation.objects.filter(meeting=meeting, attended=False).count() == 2


def test_attendance_is_for_those_invited_and_after_the_start(meeting, seats, cast):
    invitations_create(meeting=meeting)
    with pytest.raises(ValidationError, match="när mötet har börjat"):
        attendance_record(meeting=meeting, attended=set())
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - datetime.timedelta(hours=3), end=timezone.now()
    )
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="bland de inbjudna"):
        attendance_record(meeting=meeting, attended={999_999})
    assert not Invitation.objects.filter(attended__isnull=False).exists()


@pytest.mark.usefixtures("seeded")
def test_the_yearly_plan_of_the_brussels_network():
    """Brysselnätverket meets "vanligtvis fyra per år", one of them residential."""
    brussels = Network.objects.get(slug="brysselnatverket")
    assert (brussels.meetings_per_year, brussels.residential_meetings_per_year) == (4, 1)
    drafts = meetings_plan_year(network=brussels, year=2031)
    assert len(drafts) == 4
    assert [d.kind for d in drafts].count(MeetingKind.RESIDENTIAL) == 1
    assert all(d.start is None and d.planned_year == 2031 for d in drafts)
    assert all(d.leading_network == brussels for d in drafts)
    # Planning again adds nothing; dating a draft keeps it counted.
    meeting_update(meeting=drafts[0], start=at(2031, 3, 2, 10, 0), end=at(2031, 3, 2, 12, 0))
    assert meetings_plan_year(network=brussels, year=2031) == []
    # A cancelled meeting does not count towards the plan.
    meeting_cancel(meeting=drafts[1])
    [replacement] = meetings_plan_year(network=brussels, year=2031)
    assert replacement.kind == MeetingKind.ORDINARY


@pytest.mark.usefixtures("seeded")
def test_a_network_without_a_target_cannot_be_planned():
    skur = Network.objects.get(slug="skur-natverket")
    with pytest.raises(ValidationError, match="har inget mål"):
        meetings_plan_year(network=skur, year=2031)
    assert not Meeting.objects.exists()


def test_reminders_go_once_to_those_coming_or_not_yet_answering(meeting, seats, settings):
    invitations_create(meeting=meeting)
    deliver()
    no = Invitation.objects.get(meeting=meeting, person=seats["ersattaren"])
    invitation_answer(invitation=no, answer=Answer.NO)
    settings.NATVERK_REMINDER_DAYS = 7
    assert reminders_queue() == 0  # a month ahead: too early
    settings.NATVERK_REMINDER_DAYS = 31
    assert reminders_queue() == 3
    assert reminders_queue() == 0
    reminded = set(
        OutgoingMessage.objects.filter(kind=MessageKind.REMINDER).values_list(
            "invitation__person__email", flat=True
        )
    )
    assert "ersattaren@example.se" not in reminded
    assert len(reminded) == 3


@pytest.mark.django_db(transaction=True)
def test_the_send_action_only_queues_and_two_clicks_invite_each_person_once(meeting, seats):
    assert meeting_invite(meeting=meeting) == 4
    assert meeting_invite(meeting=meeting) == 4  # nobody is invited yet
    assert not Invitation.objects.exists()
    work_off()
    assert len(invited(meeting)) == 4
    assert OutgoingMessage.objects.filter(kind=MessageKind.INVITATION).count() == 4
    assert meeting_invite(meeting=meeting) == 0


def test_one_more_representative_can_be_invited_and_nobody_twice(meeting, seats, cast):
    invitations_create(meeting=meeting)
    newcomer = Person.objects.create(given_name="Ny", family_name="Nysson", email="ny@example.se")
    cast.skur.representations.create(
        person=newcomer, organisation=Organisation.objects.get(slug="malmo-universitet")
    )
    invitation = invitation_add(meeting=meeting, person=newcomer)
    assert invitation.organisation.slug == "malmo-universitet"
    with pytest.raises(ValidationError, match="är redan inbjuden"):
        invitation_add(meeting=meeting, person=newcomer)
    assert OutgoingMessage.objects.filter(invitation=invitation).count() == 1


def test_inviting_schedules_the_reminders_and_they_arrive_in_each_language(
    meeting, seats, settings, smtp_server, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.NATVERK_REMINDER_DAYS = 7
    with django_capture_on_commit_callbacks(execute=True):
        invitations_create(meeting=meeting)
    [reminder_task] = DBTaskResult.objects.filter(task_path__endswith="send_reminders")
    assert reminder_task.run_after == meeting.start - datetime.timedelta(days=7)
    deliver()
    # The day comes.
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() + datetime.timedelta(days=6),
        end=timezone.now() + datetime.timedelta(days=6, hours=2),
    )
    assert reminders_queue() == 4
    deliver()
    [_invitation, reminder] = smtp_server.to("regionen@example.se")
    assert reminder["Subject"].strip() == "Påminnelse: SKUR höstmöte"
    assert "/svar/" in smtp_server.text(reminder)
    [_invitation, english] = smtp_server.to("representant@example.se")
    assert english["Subject"].strip() == "Reminder: SKUR höstmöte"
